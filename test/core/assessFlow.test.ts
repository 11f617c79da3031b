import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createApi } from '../../main/core/api';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { MINE_HEADERS, PERMIT_HEADERS, permitRows, utcDate } from '../fixtures/ledgerRows';
import { imp, newWorkspace } from '../support/importHarness';
import type { Workspace } from '../../main/core/workspace';
import type { ResultView } from '../../shared/assessModels';

function mines(restored: number): Cell[][] {
  // one abandoned mine whose restoration advances month by month, one mine still producing
  return [
    ['盂县', '盂县西烟镇废弃采石场', '石灰岩', '否', '废弃', '是', null, 3500, restored, null, '覆土绿化', null],
    ['盂县', '盂县路家村石料厂', '石灰岩', '否', '在产', '否', null, 0, 0, null, null, null],
  ];
}

function permits(): Cell[][] {
  // ten enterprises on the list, nine with a permit or registration; the tenth never gets one
  return permitRows({ county: '盂县', count: 10, seed: 5, period: '2020-07' }).map((r, i) => {
    const row = [...r];
    row[8] = i < 9 ? '已发证' : '未发证';
    row[6] = i < 9 ? utcDate(2020, 5, 1 + i) : null;
    row[7] = i < 9 ? utcDate(2025, 4, 30 + (i % 2)) : null;
    row[5] = i < 9 ? `91140322PERMIT${i}P` : null;
    return row;
  });
}

async function monthOf(ws: Workspace, month: string, restored: number) {
  const [, m] = month.split('-');
  const title = (what: string) => `盂县2020年${Number(m)}月${what}`;
  const at = new Date(`${month}-28T02:00:00Z`);
  imp(ws, `盂县矿山${month}.xlsx`, await xlsx({ sheets: [{ name: 'S', titleRows: [title('露天矿山台账')], header: [...MINE_HEADERS], rows: mines(restored) }] }), { now: at });
  imp(ws, `盂县许可${month}.xlsx`, await xlsx({ sheets: [{ name: 'S', titleRows: [title('排污许可台账')], header: [...PERMIT_HEADERS], rows: permits() }] }), { now: at });
}

function apiOf(ws: Workspace, now = '2020-10-10T02:00:00Z') {
  return createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date(now) }, user: '分析员' });
}

const find = (v: { results: ResultView[] }, target: string, unit: string) => v.results.find((r) => r.target === target && r.unit === unit)!;

describe('assessment over three months', () => {
  it('is right by hand, escalates warning → interview, and interview → listed supervision, from the stored history', async () => {
    const ws = newWorkspace();
    const api = apiOf(ws);
    await api['workspaceSettings.set']({ key: 'analyst', value: '王芳' });
    const alloc = await api['allocations.set']({ items: [{ target: 'T14-abandoned-mine-restoration', unit: '盂县', value: 3000 }] });
    expect(alloc.checks[0]!.message).toBe('“废弃露天矿山恢复治理”尚未分解到：城区、矿区、郊区、平定县、开发区（已分解合计 3,000亩，全市目标 20,000亩）。');

    await monthOf(ws, '2020-07', 1800);
    const jul = await api['assess.save']({ asOf: '2020-07-31' });
    // 1,800 of 3,000 亩 = 60 %; 212 of 365 days = 58.1 %: keeping pace
    expect(find(jul, 'T14-abandoned-mine-restoration', '盂县')).toMatchObject({ value: 3000, actual: 1800, completion: 0.6, status: 'on_track' });
    expect(find(jul, 'T14-abandoned-mine-restoration', '盂县').timeProgress).toBeCloseTo(212 / 365, 10);
    // 9 of 10 enterprises = 90 %; 212 of 243 days to 2020-08-31 = 87.2 %
    expect(find(jul, 'T05-permit-coverage', '盂县')).toMatchObject({ value: 100, actual: 90, completion: 0.9, status: 'on_track' });
    expect(jul.proposals.filter((p) => p.unit === '盂县')).toEqual([]);

    await monthOf(ws, '2020-08', 1950);
    const aug = await api['assess.save']({ asOf: '2020-08-31' });
    // 65 % against 66.6 %: behind by less than 20 points → 滞后 → 预警
    expect(find(aug, 'T14-abandoned-mine-restoration', '盂县')).toMatchObject({ completion: 0.65, status: 'lagging' });
    expect(find(aug, 'T05-permit-coverage', '盂县')).toMatchObject({ completion: 0.9, timeProgress: 1, status: 'overdue' });
    const augProposals = aug.proposals.filter((p) => p.unit === '盂县');
    expect(augProposals.map((p) => [p.target, p.level, p.rule])).toEqual([
      ['T05-permit-coverage', 'interview', 'overdue-interview'],
      ['T14-abandoned-mine-restoration', 'warning', 'lagging-warning'],
    ]);
    expect(augProposals[1]!.reason).toBe('废弃露天矿山恢复治理完成65%，低于序时进度66.6%，工作滞后（方案四(五)：对工作滞后的，及时提出预警）。');
    const interview = await api['register.decide']({ proposalId: augProposals[0]!.id!, action: 'confirm', reason: '逾期未完成排污许可全覆盖，约谈盂县政府分管负责同志' });
    expect(interview).toMatchObject({ status: 'rectifying', level: 'interview', unit: '盂县' });
    await api['register.decide']({ proposalId: augProposals[1]!.id!, action: 'confirm', reason: '发预警函' });

    await monthOf(ws, '2020-09', 2000);
    const sep = await api['assess.save']({ asOf: '2020-09-30' });
    const restoration = find(sep, 'T14-abandoned-mine-restoration', '盂县');
    expect(restoration).toMatchObject({ value: 3000, actual: 2000, status: 'lagging' });
    expect(restoration.completion).toBeCloseTo(2 / 3, 6);
    expect(restoration.timeProgress).toBeCloseTo(273 / 365, 10);
    const sepProposals = sep.proposals.filter((p) => p.unit === '盂县');
    expect(sepProposals.map((p) => [p.target, p.level, p.rule])).toEqual([
      ['T05-permit-coverage', 'supervision', 'overdue-after-interview-supervision'],
      ['T14-abandoned-mine-restoration', 'interview', 'repeat-warning-interview'],
    ]);

    // the register keeps who decided what, and moves through 整改中 to 已销号
    const closed = await api['register.update']({ decisionId: interview.id, status: 'closed', note: '盂县行政审批局报送整改报告，10家企业已全部发证（盂审批函〔2020〕31号）' });
    expect(closed.status).toBe('closed');
    expect(closed.events.map((e) => [e.status, e.by])).toEqual([
      ['rectifying', '王芳'],
      ['closed', '王芳'],
    ]);
    await expect(async () => api['register.decide']({ proposalId: augProposals[0]!.id!, action: 'dismiss', reason: '重复' })).rejects.toThrow(/不能重复处理/);
    await expect(async () => api['register.decide']({ proposalId: sepProposals[0]!.id!, action: 'downgrade', level: 'supervision', reason: '试一下' })).rejects.toThrow(/不是降级/);
  });

  it('reopens a saved month exactly as it was after a corrected ledger arrives', async () => {
    const ws = newWorkspace();
    const api = apiOf(ws);
    await api['allocations.set']({ items: [{ target: 'T14-abandoned-mine-restoration', unit: '盂县', value: 3000 }] });
    await monthOf(ws, '2020-09', 2000);
    const saved = await api['assess.save']({ asOf: '2020-09-30' });
    // 盂县 sends a corrected September mine ledger: 2,600 亩
    const fix = await xlsx({ sheets: [{ name: 'S', titleRows: ['盂县2020年9月露天矿山台账（更正）'], header: [...MINE_HEADERS], rows: mines(2600) }] });
    expect(imp(ws, '盂县矿山（更正）.xlsx', fix).supersedes).toBeTruthy();

    const reopened = await api['assess.open']({ runId: saved.runId! });
    expect(reopened.results).toEqual(saved.results);
    expect(reopened.submissionIds).toEqual(saved.submissionIds);
    expect(find(reopened, 'T14-abandoned-mine-restoration', '盂县').actual).toBe(2000);
    const now = await api['assess.compute']({ asOf: '2020-09-30' });
    expect(find(now, 'T14-abandoned-mine-restoration', '盂县')).toMatchObject({ actual: 2600, status: 'on_track' });
    expect(now.submissionIds).not.toEqual(saved.submissionIds);
    // the evidence of the saved run is the rows of the saved run
    const ev = await api['assess.evidence']({ asOf: '2020-09-30', runId: saved.runId!, target: 'T14-abandoned-mine-restoration', unit: '盂县', offset: 0, limit: 50 });
    expect(ev.rows.map((r) => r.values.areaRestored)).toEqual([2000]);
  });
});

describe('allocations', () => {
  it('warns when the shares do not add up to the city figure, and reads them from a workbook', async () => {
    const ws = newWorkspace();
    const api = apiOf(ws);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('分解');
    sheet.addRow(['2万亩废弃露天矿山恢复治理任务分解表']);
    sheet.addRow(['单位', '目标', '分解值（亩）', '备注']);
    for (const [u, v] of [['城区', 600], ['矿区', 1500], ['郊区', 4000], ['平定', 6000], ['盂县', 5000], ['经开区', 800]] as const) sheet.addRow([u, 'T14-abandoned-mine-restoration', v, '']);
    sheet.addRow(['合计', '', 17900, '']);
    const r = await api['allocations.import']({ file: { name: '分解表.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') } });
    expect(r.imported).toBe(6);
    expect(r.checks).toEqual([
      { target: 'T14-abandoned-mine-restoration', cityValue: 20000, allocatedSum: 17900, units: 6, message: '“废弃露天矿山恢复治理”分解到 6 个单位的合计为 17,900亩，与全市目标 20,000亩 不一致（少 2,100亩）。' },
    ]);
    expect((await api['assess.compute']({ asOf: '2020-09-30' })).warnings).toContain(r.checks[0]!.message);
    // a target the plan already sets per unit is not split again; a quota not in the plan is entered the same way
    await expect(async () => api['allocations.set']({ items: [{ target: 'G4-so2-annual', unit: '盂县', value: 50 }] })).rejects.toThrow(/由方案直接规定到各单位/);
    const quota = await api['allocations.set']({ items: [{ target: 'T13-guo3-truck-retirement', unit: '盂县', value: 120 }] });
    expect(quota.allocations.find((a) => a.target === 'T13-guo3-truck-retirement')).toMatchObject({ unit: '盂县', value: 120, setBy: '分析员' });
    const v = await api['assess.compute']({ asOf: '2020-09-30' });
    expect(find(v, 'T13-guo3-truck-retirement', '盂县')).toMatchObject({ value: 120, status: 'no_data' });
    expect(find(v, 'T13-guo3-truck-retirement', '平定县')).toMatchObject({ value: null, status: 'no_data' });
  });
});
