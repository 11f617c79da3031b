import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ReportsPage } from '../../renderer/src/pages/ReportsPage';
import { setTransport } from '../../renderer/src/api/client';
import { fakeBridge as electronBridge, type Handler } from '../fixtures/fakeBridge';
import type { IssuedReportView } from '../../shared/reportModels';
import { MONTHLY_FIXTURE } from '../fixtures/monthlyReportData';

const REPORT: IssuedReportView = {
  id: 4,
  kind: 'monthly',
  format: 'xlsx',
  unit: null,
  month: '2020-09',
  asOf: '2020-09-30',
  runId: 7,
  submissionIds: [1, 2, 3],
  fileName: '阳泉市蓝天保卫战重点任务进展情况通报（2020年9月）.xlsx',
  sha256: 'ab12cd34ef56'.padEnd(64, '0'),
  size: 20480,
  reissueOf: null,
  changes: ['盂县“全面完成燃气锅炉低氮改造”：逾期未完成（状态未变），完成率 81.3% → 87.5%。'],
  issuedBy: '测试分析员',
  issuedAt: '2020-10-12T01:30:00.000Z',
  issuedOn: '2020-10-12',
  docNumber: null,
  rectifyBy: null,
  osAccount: 'root',
};

const SETTINGS = { backupKeep: 20, analyst: '测试分析员', office: '阳泉市大气污染防治工作领导组办公室', docNumberPrefix: '', mainRecipients: '', copyRecipients: '' };

const base: Record<string, Handler> = {
  'assess.runs': () => [],
  // September has returns: its briefing needs no confirmation
  'submissions.list': () => [{ id: 1, period: '2020-09' }],
  'reports.preview': () => ({ ...MONTHLY_FIXTURE, saved: false }),
  'reports.dossierUnits': () => ['平定县', '盂县'],
  'reports.list': () => [],
  'workspaceSettings.get': () => SETTINGS,
};

describe('the 报告 page', () => {
  it('says plainly that generating will save an assessment, then saves the briefing where the analyst chooses and opens its folder', async () => {
    let issued: IssuedReportView[] = [];
    const saveFile = vi.fn(async () => 'D:\\通报\\阳泉市蓝天保卫战重点任务进展情况通报（2020年9月）.xlsx');
    const showInFolder = vi.fn(async () => true);
    setTransport(
      electronBridge(
        {
          ...base,
          'reports.list': () => issued,
          'reports.monthly': (args) => {
            expect(args).toEqual({ month: '2020-09', issuedOn: '2020-10-12' });
            issued = [REPORT];
            return { report: REPORT, file: { fileName: REPORT.fileName, base64: 'UEsDBA==' } };
          },
        },
        { saveFile, showInFolder },
      ),
    );
    window.location.hash = '#/reports';
    render(<ReportsPage />);
    // the first render loads the grids: give a busy machine time
    await screen.findByText('本月还没有与当前台账一致的已保存评估，生成时将自动保存一次评估。', {}, { timeout: 5000 });
    expect(screen.getByText(MONTHLY_FIXTURE.title)).toBeTruthy();
    expect(screen.getByText('截至日期：2020年9月30日')).toBeTruthy();
    const lagging = screen.getByRole('table', { name: '滞后清单' });
    expect(within(lagging).getAllByText('逾期未完成')[0]!.className).toContain('st-overdue');

    await screen.findByText('制表人、印发人：测试分析员');
    fireEvent.change(screen.getByLabelText('印发日期'), { target: { value: '2020-10-12' } });
    fireEvent.click(screen.getByRole('button', { name: '生成月度通报' }));
    await screen.findByText(/已保存到：/);
    expect(saveFile).toHaveBeenCalledWith(REPORT.fileName, 'UEsDBA==');
    const outcome = document.querySelector('.monthly-outcome')!;
    expect(outcome.textContent).toContain('印发记录 #4');
    expect(outcome.textContent).toContain('依据评估 #7');
    expect(outcome.textContent).toContain('台账 3 份');
    expect(outcome.textContent).toContain('SHA-256 ab12cd34ef…');
    expect(outcome.textContent).toContain('与上次通报相比');
    expect(outcome.textContent).toContain('完成率 81.3% → 87.5%');
    fireEvent.click(screen.getByRole('button', { name: '打开所在文件夹' }));
    await waitFor(() => expect(showInFolder).toHaveBeenCalledWith('D:\\通报\\阳泉市蓝天保卫战重点任务进展情况通报（2020年9月）.xlsx'));
  });

  it('checks the rectification deadline and shows the core’s refusal next to the unit', async () => {
    const dossier = vi.fn((args: Record<string, unknown>) => {
      expect(args).toEqual({ unit: '平定县', month: '2020-09', format: 'docx', rectifyBy: '2020-11-20', issuedOn: '2020-10-12' });
      throw new Error('平定县在第 7 次评估（截至2020年9月30日）中没有滞后、严重滞后或逾期未完成的目标，也没有问责建议，不需要约谈材料。');
    });
    setTransport(electronBridge({ ...base, 'reports.dossier': dossier }, { saveFile: async () => null }));
    window.location.hash = '#/reports?unit=%E5%B9%B3%E5%AE%9A%E5%8E%BF&month=2020-09';
    render(<ReportsPage />);
    const input = (await screen.findByLabelText('平定县整改期限')) as HTMLInputElement;
    // counted from the assessed month, whatever today is
    expect(input.value).toBe('2020-10-31');
    const row = input.closest('tr')!;
    expect(row.className).toContain('linked');
    await screen.findByText('制表人、印发人：测试分析员');
    fireEvent.change(screen.getByLabelText('印发日期'), { target: { value: '2020-10-12' } });
    fireEvent.change(input, { target: { value: '2020-09-01' } });
    expect(screen.getByText('整改期限（2020年9月1日）应晚于评估截止日（2020年9月30日）。')).toBeTruthy();
    expect((within(row).getByRole('button', { name: '生成 Word' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: '2020-11-20' } });
    fireEvent.click(within(row).getByRole('button', { name: '生成 Word' }));
    await screen.findByText(/平定县在第 7 次评估.*不需要约谈材料。/);
    expect(dossier).toHaveBeenCalledTimes(1);
  });

  it('holds back a dossier nobody decided, says what to decide and where, and writes a draft that is not recorded', async () => {
    const draft = vi.fn((args: Record<string, unknown>) => {
      expect(args).toEqual({ unit: '平定县', month: '2020-09', format: 'docx', rectifyBy: '2020-10-31', issuedOn: expect.any(String) });
      return { file: { fileName: '挂牌督办材料（草稿）-平定县-2020年9月.docx', base64: 'UEsDBA==' }, runId: 7, decided: false };
    });
    const dossier = vi.fn(() => {
      throw new Error('should not be called');
    });
    setTransport(
      electronBridge(
        {
          ...base,
          'reports.dossierBasis': () => [
            { unit: '平定县', month: '2020-09', runId: 7, decisions: [], pending: [{ proposalId: 26, target: 'T04-voc-remediation', level: 'supervision' }, { proposalId: 32, target: 'T07-coal-ban-zones', level: 'interview' }] },
            { unit: '盂县', month: '2020-09', runId: 7, decisions: [{ id: 40, target: 'T05-permit-coverage', level: 'supervision', decidedBy: '张三', decidedAt: '2020-10-13T02:00:00Z', status: 'rectifying' }], pending: [] },
          ],
          'reports.dossier': dossier,
          'reports.dossierDraft': draft,
        },
        { saveFile: async () => 'D:\\材料\\挂牌督办材料（草稿）-平定县-2020年9月.docx' },
      ),
    );
    window.location.hash = '#/reports';
    render(<ReportsPage />);
    const row = (await screen.findByLabelText('平定县整改期限', {}, { timeout: 5000 })).closest('tr')!;
    await within(row).findByText('尚未决定');
    expect(row.textContent).toContain('处理平定县的 2 条约谈、挂牌督办建议，再生成正式材料');
    expect(within(row).getByRole('link', { name: '问责台账' }).getAttribute('href')).toBe('#/register');
    const word = within(row).getByRole('button', { name: '生成 Word' }) as HTMLButtonElement;
    expect(word.disabled).toBe(true);
    expect(word.title).toContain('还没有对平定县作出约谈或挂牌督办的决定');
    expect((within(row).getByRole('button', { name: '生成 PDF' }) as HTMLButtonElement).disabled).toBe(true);

    const decided = screen.getByLabelText('盂县整改期限').closest('tr')!;
    expect(decided.textContent).toContain('挂牌督办 1');
    expect((within(decided).getByRole('button', { name: '生成 Word' }) as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(within(row).getByRole('button', { name: '生成草稿' }));
    await screen.findByText('已生成平定县约谈材料草稿（Word）');
    expect(screen.getByText(/不登记为印发，也不列入“已印发报告”/)).toBeTruthy();
    expect(draft).toHaveBeenCalledTimes(1);
    expect(dossier).not.toHaveBeenCalled();
  });

  it('warns before a briefing for a month nobody reported, and issues it only when confirmed', async () => {
    const monthly = vi.fn((args: Record<string, unknown>) => {
      expect(args).toEqual({ month: '2020-09', force: true, issuedOn: expect.any(String) });
      return { report: REPORT, file: { fileName: REPORT.fileName, base64: 'UEsDBA==' } };
    });
    setTransport(electronBridge({ ...base, 'submissions.list': () => [{ id: 1, period: '2020-08' }], 'reports.monthly': monthly }, { saveFile: async () => null }));
    window.location.hash = '#/reports?month=2020-09';
    render(<ReportsPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('2020年9月没有任何单位报送台账。');
    await screen.findByText(MONTHLY_FIXTURE.title);
    const button = screen.getByRole('button', { name: '生成月度通报' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    // before any click: what is missing, the steps that supply it, and why the button waits
    expect(within(alert).getByRole('link', { name: '导入台账' }).getAttribute('href')).toBe('#/import');
    expect(within(alert).getByRole('link', { name: '考核评估' }).getAttribute('href')).toBe('#/assess');
    expect(button.title).toBe('2020年9月没有任何单位报送台账：请先导入台账，或勾选下方“仍要生成本月通报”');
    fireEvent.click(within(alert).getByRole('checkbox'));
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(monthly).toHaveBeenCalledTimes(1));
  });

  it('will not issue without a signer or before the month is over, and says where to set the signer', async () => {
    const monthly = vi.fn();
    setTransport(electronBridge({ ...base, 'workspaceSettings.get': () => ({ ...SETTINGS, analyst: '' }), 'reports.monthly': monthly }, { saveFile: async () => null }));
    window.location.hash = '#/reports';
    render(<ReportsPage />);
    const alert = await screen.findByText(/尚未设置分析员姓名，文件无人署名，不能生成/);
    expect(alert.querySelector('a')!.getAttribute('href')).toBe('#/settings');
    await screen.findByText(MONTHLY_FIXTURE.title);
    expect((screen.getByRole('button', { name: '生成月度通报' }) as HTMLButtonElement).disabled).toBe(true);
    for (const b of screen.getAllByRole('button', { name: '生成 Word' })) expect((b as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('印发日期'), { target: { value: '2020-09-20' } });
    expect(screen.getByText('印发日期（2020年9月20日）早于评估截止日（2020年9月30日），通报和约谈材料只能在所评估的月份结束后印发。')).toBeTruthy();
    expect(monthly).not.toHaveBeenCalled();
  });
});
