// 目标与分解 with several plans and versions: the switcher, 导入方案 (check, then load) and 修订对比.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { PlanPage } from '../../renderer/src/pages/PlanPage';
import { AssessPage } from '../../renderer/src/pages/AssessPage';
import { STATUSES, type AssessmentView } from '../../shared/assessModels';
import { setTransport, type BlueskyBridge } from '../../renderer/src/api/client';
import { PlanDiffView } from '../../renderer/src/components/PlanDiffView';
import type { PlanCheckView, PlanVersionView } from '../../shared/planModels';
import { fakeBridge } from '../fixtures/fakeBridge';
import { CHECK_CLEAN, CHECK_WITH_ERRORS, DIFF_2021, PLAN_BY_VERSION, refOf, V2020, V2021, V2021R } from '../fixtures/planVersions';

type Call = { method: string; args: Record<string, unknown> };

/** A workspace holding `versions`; plans.check answers `check`, and plans.load adds V2021R. `app`: the Electron bridge's extras. */
function workspace(versions: PlanVersionView[], inForce: number, check: PlanCheckView = CHECK_CLEAN, app: Partial<BlueskyBridge> = {}) {
  const calls: Call[] = [];
  const held = [...versions];
  const log = (method: string, f: (args: Record<string, unknown>) => unknown) => (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return f(args);
  };
  setTransport(
    fakeBridge({
      'plans.list': log('plans.list', () => ({ versions: held, inForce })),
      'plan.get': log('plan.get', (a) => PLAN_BY_VERSION[(a.version as number | undefined) ?? inForce]),
      'allocations.list': log('allocations.list', () => ({ allocations: [], checks: [] })),
      'plans.check': log('plans.check', () => check),
      'plans.load': log('plans.load', () => {
        held.push(V2021R);
        return { version: V2021R, diff: DIFF_2021 };
      }),
      'plans.diff': log('plans.diff', () => DIFF_2021),
      'plans.export': log('plans.export', () => ({ fileName: '阳泉市2021年大气污染综合治理行动方案（第2版）.xlsx', base64: 'UEsDBA==' })),
    }, app),
  );
  return calls;
}

const switcher = () => screen.getByRole('combobox', { name: '方案版本' }) as HTMLSelectElement;
const cited = () => screen.getByLabelText('所示方案').textContent ?? '';
const workbook = (name: string) => new File([new Uint8Array(4096).fill(0x50)], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

async function checkWorkbook(name: string) {
  fireEvent.click(screen.getByRole('tab', { name: '导入方案' }));
  fireEvent.change(screen.getByLabelText('选择方案工作簿'), { target: { files: [workbook(name)] } });
  fireEvent.click(screen.getByRole('button', { name: '检查' }));
  return screen.findByLabelText('检查结果');
}

describe('plan versions on 目标与分解', () => {
  it('lists every version with its 文号, version and dates, marks the one in force, and switching reloads the targets', async () => {
    const calls = workspace([V2020, V2021, V2021R], V2021R.id);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(3));
    expect([...switcher().options].map((o) => o.textContent)).toEqual([
      '《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号 · 原方案 · 2020年1月1日至2020年12月31日施行',
      '《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号 · 原方案 · 2021年1月1日至2021年6月30日施行',
      '《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号 · 第2版（修订） · 自2021年7月1日起施行（现行）',
    ]);
    // the version in force is shown first, and the heading cites it
    expect(switcher().value).toBe(String(V2021R.id));
    expect(cited()).toContain('《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号 · 第2版（修订）');
    expect(screen.getByLabelText('方案条文').textContent).toContain('2021年9月底前，淘汰35蒸吨/小时以下燃煤锅炉150台。');

    fireEvent.change(switcher(), { target: { value: String(V2020.id) } });
    await waitFor(() => expect(cited()).toContain('《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号'));
    expect(calls.some((c) => c.method === 'plan.get' && c.args.version === V2020.id)).toBe(true);
    expect(screen.getByLabelText('方案条文').textContent).toContain('完成废弃露天矿山恢复治理面积1500亩');
    expect(screen.getByLabelText('方案条文').textContent).not.toContain('燃煤锅炉');
    expect(switcher().value).toBe(String(V2020.id));

    // the allocations read and written are those of the version shown
    const grid = document.querySelector('.targets-grid')!;
    const row = await waitFor(() => {
      const r = [...grid.querySelectorAll('[role="row"][row-index]')].find((e) => e.textContent?.includes('完成废弃露天矿山恢复治理面积'));
      expect(r).toBeTruthy();
      return r!;
    });
    fireEvent.click(row.querySelector('[role="gridcell"]')!);
    await screen.findByRole('region', { name: '目标分解' });
    await waitFor(() => expect(calls.filter((c) => c.method === 'allocations.list').map((c) => c.args)).toContainEqual({ plan: V2020.id }));
  });

  it('opens the version a link names', async () => {
    const calls = workspace([V2020, V2021, V2021R], V2021R.id);
    window.location.hash = `#/plan?version=${V2020.id}`;
    try {
      render(<PlanPage />);
      await waitFor(() => expect(cited()).toContain('《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号'));
      expect(calls.filter((c) => c.method === 'plan.get').map((c) => c.args)).toEqual([{ version: V2020.id }]);
      await waitFor(() => expect(switcher().value).toBe(String(V2020.id)));
    } finally {
      window.location.hash = '';
    }
  });

  it('lists a workbook’s errors by sheet and cell, errors first, and keeps 载入 disabled', async () => {
    const calls = workspace([V2020, V2021], V2021.id, CHECK_WITH_ERRORS);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(2));
    const result = await checkWorkbook('2021年行动方案（年中修订）.xlsx');
    // the bytes go to the core (browser mode), never a path
    const sent = calls.find((c) => c.method === 'plans.check')!.args.file as Record<string, string>;
    expect(sent.name).toBe('2021年行动方案（年中修订）.xlsx');
    expect(sent).not.toHaveProperty('path');
    expect(Buffer.from(sent.base64!, 'base64')).toHaveLength(4096);

    expect(within(result).getByRole('status').textContent).toBe('发现 3 处错误、1 处警告：请在工作簿中改正错误后重新检查，改正前不能载入。');
    const findings = within(result).getByLabelText('检查发现的问题');
    await waitFor(() => expect(findings.querySelectorAll('[role="row"][row-index]').length).toBe(4));
    const headers = [...findings.querySelectorAll('.ag-header-cell-text')].map((h) => h.textContent);
    expect(headers).toEqual(['工作表', '单元格', '严重程度', '说明']);
    const rows = [...findings.querySelectorAll('[role="row"][row-index]')]
      .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
      .map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent));
    expect(rows.map((r) => r[2])).toEqual(['错误', '错误', '错误', '警告']);
    expect(rows[0]).toEqual(['目标', 'H12', '错误', '完成时限“2021年9月31日”不是有效日期，请按“2021-09-30”的格式填写。']);
    expect(rows[2]).toEqual(['（整个文件）', '—', '错误', '工作簿缺少“条文”工作表：请使用“导出方案模板”得到的工作簿填写。']);

    const load = screen.getByRole('button', { name: '载入' }) as HTMLButtonElement;
    expect(load.disabled).toBe(true);
    expect(load.title).toBe('工作簿有 3 处错误，改正后重新检查才能载入');
    expect(calls.some((c) => c.method === 'plans.load')).toBe(false);
  });

  it('a workbook the same as the version loaded has nothing to load', async () => {
    const same: PlanCheckView = {
      ...CHECK_CLEAN,
      findings: [{ sheet: null, cell: null, severity: 'warning', message: '这份工作簿与已载入的《阳泉市2021年大气污染综合治理行动方案》原方案内容完全相同，不需要再次载入。' }],
      load: null,
      diff: null,
    };
    workspace([V2020, V2021], V2021.id, same);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(2));
    const result = await checkWorkbook('2021年行动方案.xlsx');
    expect(within(result).getByRole('status').textContent).toBe('没有错误，但这份工作簿不需要载入，原因见下表。');
    const load = screen.getByRole('button', { name: '载入' }) as HTMLButtonElement;
    expect(load.disabled).toBe(true);
    expect(load.title).toBe('这份工作簿不需要载入，原因见检查结果');
  });

  it('a clean check says what loading will do and shows the revision’s changes; after 载入 the new version is selected', async () => {
    const calls = workspace([V2020, V2021], V2021.id, CHECK_CLEAN);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(2));
    fireEvent.click(screen.getByRole('tab', { name: '导入方案' }));
    expect((screen.getByRole('button', { name: '载入' }) as HTMLButtonElement).title).toBe('请先选择方案工作簿并检查');
    fireEvent.change(screen.getByLabelText('施行日期'), { target: { value: '2021-07-01' } });
    const result = await checkWorkbook('2021年行动方案（年中修订）.xlsx');
    expect(calls.find((c) => c.method === 'plans.check')!.args.effectiveFrom).toBe('2021-07-01');
    expect(within(result).getByLabelText('方案概要').textContent).toContain('重点任务 1 项，考核目标 2 个');
    expect(within(result).getByLabelText('载入后').textContent).toBe(
      '载入后：成为 《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号 的第2版，修订第1版（原方案）；截止日期在2021年7月1日及以后的考核按新版本计算，此前的月份仍按第1版（原方案）。',
    );
    expect(within(result).getByText('没有发现问题，可以载入。')).toBeTruthy();
    expect(within(result).getByRole('table', { name: '任务3 淘汰35蒸吨/小时以下燃煤锅炉的改动' })).toBeTruthy();

    const load = screen.getByRole('button', { name: '载入' }) as HTMLButtonElement;
    expect(load.disabled).toBe(false);
    fireEvent.click(load);
    await waitFor(() => expect(switcher().value).toBe(String(V2021R.id)));
    const sent = calls.find((c) => c.method === 'plans.load')!.args;
    expect(sent.effectiveFrom).toBe('2021-07-01');
    expect((sent.file as { name: string }).name).toBe('2021年行动方案（年中修订）.xlsx');
    await waitFor(() => expect(cited()).toContain('第2版（修订）'));
    expect(screen.getByRole('status').textContent).toContain('已载入《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号第2版（修订），自2021年7月1日起施行');
    // back on the plan's text, now the revision's
    expect(screen.getByLabelText('方案条文').textContent).toContain('淘汰35蒸吨/小时以下燃煤锅炉150台');
    expect([...switcher().options].map((o) => o.value)).toEqual(['1', '2', '3']);
  });

  it('in the app, picks the workbook in the app’s own dialog and exports the shown version through the save dialog', async () => {
    const saved: string[] = [];
    const calls = workspace([V2020, V2021, V2021R], V2021R.id, CHECK_CLEAN, {
      openFiles: async (purpose) => (purpose === 'plan' ? [{ name: '2022年方案.xlsx', path: 'D:\\方案\\2022年方案.xlsx', size: 52_000 }] : null),
      saveFile: async (fileName) => {
        saved.push(fileName);
        return `D:\\方案\\${fileName}`;
      },
    });
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: '导出方案模板' }));
    await waitFor(() => expect(saved).toEqual(['阳泉市2021年大气污染综合治理行动方案（第2版）.xlsx']));
    expect(calls.find((c) => c.method === 'plans.export')!.args).toEqual({ version: V2021R.id });
    expect((await screen.findByRole('status')).textContent).toBe(
      '方案模板已保存到 D:\\方案\\阳泉市2021年大气污染综合治理行动方案（第2版）.xlsx。在 Excel 或 WPS 中修改后，用“导入方案”检查并载入。',
    );

    fireEvent.click(screen.getByRole('tab', { name: '导入方案' }));
    fireEvent.click(screen.getByRole('button', { name: '选择方案工作簿……' }));
    await screen.findByText('2022年方案.xlsx');
    fireEvent.click(screen.getByRole('button', { name: '检查' }));
    await screen.findByLabelText('检查结果');
    expect(calls.find((c) => c.method === 'plans.check')!.args).toEqual({ file: { name: '2022年方案.xlsx', path: 'D:\\方案\\2022年方案.xlsx' } });
  });

  it('修订对比 shows what a revision changed against the version before, field by field', async () => {
    const calls = workspace([V2020, V2021, V2021R], V2021R.id);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(3));
    fireEvent.click(screen.getByRole('tab', { name: '修订对比' }));
    const panel = await screen.findByRole('region', { name: '修订对比' });
    await within(panel).findByLabelText('修订内容');
    expect(calls.find((c) => c.method === 'plans.diff')!.args).toEqual({ from: V2021.id, to: V2021R.id });
    expect(within(panel).getByText('第2版（修订）较第1版（原方案）：修改任务 1 项，新增目标 1 项，修改目标 1 项，新增责任单位 1 个。')).toBeTruthy();
    const target = within(panel).getByRole('table', { name: '任务3 淘汰35蒸吨/小时以下燃煤锅炉的改动' });
    const lines = [...target.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(lines).toEqual([
      ['目标值', '120 台', '150 台'],
      ['完成时限', '2021年10月31日', '2021年9月30日'],
    ]);
    // a long clause is there whole, before and after
    const task = within(panel).getByRole('table', { name: '任务3 推进燃煤锅炉综合整治的改动' });
    expect(task.textContent).toContain('2021年10月底前，淘汰35蒸吨/小时以下燃煤锅炉120台。');
    expect(task.textContent).toContain('2021年9月底前，淘汰35蒸吨/小时以下燃煤锅炉150台。');
    // the part of the clause that changed is marked, what stayed is not
    expect(task.querySelector('.diff-after ins')!.textContent).toBe('9月底前，淘汰35蒸吨/小时以下燃煤锅炉15');
    expect(task.querySelector('.diff-before del')!.textContent).toBe('10月底前，淘汰35蒸吨/小时以下燃煤锅炉12');
    expect(target.querySelector('ins, del')).toBeNull();
    expect(within(within(panel).getByRole('list', { name: '新增的目标' })).getByText('任务3 完成清洁取暖改造户数')).toBeTruthy();
    expect(within(within(panel).getByRole('list', { name: '新增的责任单位' })).getByText('市能源局')).toBeTruthy();
  });

  it('修订对比 is offered only for a plan with two or more versions, and an unchanged revision says so', async () => {
    workspace([V2020, V2021, V2021R], V2021R.id);
    render(<PlanPage />);
    await waitFor(() => expect(switcher().options).toHaveLength(3));
    fireEvent.change(switcher(), { target: { value: String(V2020.id) } });
    await waitFor(() => expect((screen.getByRole('tab', { name: '修订对比' }) as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByRole('tab', { name: '修订对比' }).title).toBe('本方案只有一个版本，载入修订后可对比');

    const same = { ...DIFF_2021, document: [], tasks: { added: [], removed: [], changed: [] }, targets: { added: [], removed: [], changed: [] }, units: { added: [], removed: [] }, same: true };
    render(<PlanDiffView diff={{ ...same, from: refOf(V2021), to: refOf(V2021R) }} />);
    expect(screen.getByText('两个版本内容相同。')).toBeTruthy();
  });
});

/** An assessment with nothing to show but what it was measured against. */
function assessment(asOf: string, v: PlanVersionView, runId: number | null = null): AssessmentView {
  const none = Object.fromEntries(STATUSES.map((st) => [st, 0])) as AssessmentView['counts']['byStatus'];
  return {
    runId,
    asOf,
    plan: refOf(v),
    computedAt: '2021-08-05T01:00:00.000Z',
    computedBy: '李明',
    submissionIds: [],
    settings: { seriousLagGap: 20, returnDueDay: 5, weights: {}, milestoneProgress: {} },
    results: [],
    counts: { items: 0, byStatus: none, behind: 0, cityTotals: 0, cityTotalsByStatus: none },
    ranking: [],
    submissions: [],
    proposals: [],
    warnings: [],
  };
}

describe('the plan an assessment is measured against', () => {
  it('考核评估 names the version used and passes a chosen one to compute and save', async () => {
    const calls: Call[] = [];
    const byId = new Map([V2020, V2021, V2021R].map((v) => [v.id, v]));
    const log = (method: string, f: (args: Record<string, unknown>) => unknown) => (args: Record<string, unknown>) => {
      calls.push({ method, args });
      return f(args);
    };
    setTransport(
      fakeBridge({
        'plans.list': () => ({ versions: [V2020, V2021, V2021R], inForce: V2021R.id }),
        'plan.get': log('plan.get', (a) => PLAN_BY_VERSION[(a.version as number | undefined) ?? V2021R.id]),
        'submissions.list': () => [],
        'ledgers.fields': () => ({}),
        'assess.runs': () => [{ id: 4, asOf: '2021-07-31', plan: refOf(V2021R), computedAt: '2021-08-05T01:00:00.000Z', computedBy: '李明', note: null }],
        // without a chosen version, the one in force on the as-of date (2020-09-30: the 2020 plan)
        'assess.compute': log('assess.compute', (a) => assessment(a.asOf as string, byId.get(a.plan as number) ?? V2020)),
        'assess.save': log('assess.save', (a) => assessment(a.asOf as string, byId.get(a.plan as number) ?? V2020, 7)),
      }),
    );
    render(<AssessPage />);
    const basis = await screen.findByLabelText('考核依据');
    expect(basis.textContent).toBe('依据 《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号 第1版');
    // the version is a link to its text and targets
    expect(within(basis).getByRole('link').getAttribute('href')).toBe(`#/plan?version=${V2020.id}`);
    expect(calls.find((c) => c.method === 'assess.compute')!.args).toEqual({ asOf: '2020-09-30' });
    // the months of the 2021 plan can be assessed too
    await waitFor(() => expect([...(screen.getByRole('combobox', { name: '截止日期' }) as HTMLSelectElement).options].map((o) => o.value)).toContain('2021-07-31'));
    // the matrix lists the targets of that version
    await waitFor(() => expect(calls.some((c) => c.method === 'plan.get' && c.args.version === V2020.id)).toBe(true));

    // saved runs say which version they used
    await waitFor(() => expect(screen.getByRole('combobox', { name: '已保存的评估' }).textContent).toContain('截至2021年7月31日'));
    expect(screen.getByRole('combobox', { name: '已保存的评估' }).textContent).toMatch(/#4 · 截至2021年7月31日 · .+ 李明 · 依据阳政办发〔2021〕9号第2版/);
    const choose = screen.getByRole('combobox', { name: '考核所依据的方案' }) as HTMLSelectElement;
    await waitFor(() => expect(choose.options).toHaveLength(4));
    expect(choose.options[0]!.textContent).toBe('按考核月份自动选择');
    expect(choose.value).toBe('');
    fireEvent.change(choose, { target: { value: String(V2021R.id) } });
    await waitFor(() => expect(screen.getByLabelText('考核依据').textContent).toBe('依据 《阳泉市2021年大气污染综合治理行动方案》阳政办发〔2021〕9号 第2版'));
    expect(calls.filter((c) => c.method === 'assess.compute').at(-1)!.args).toEqual({ asOf: '2020-09-30', plan: V2021R.id });

    fireEvent.click(screen.getByRole('button', { name: '保存本月评估' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'assess.save')).toBe(true));
    expect(calls.find((c) => c.method === 'assess.save')!.args).toEqual({ asOf: '2020-09-30', plan: V2021R.id });
  });
});
