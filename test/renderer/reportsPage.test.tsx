import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ReportsPage } from '../../renderer/src/pages/ReportsPage';
import { setTransport, type BlueskyBridge } from '../../renderer/src/api/client';
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

type Handler = (args: Record<string, unknown>) => unknown;

/** The Electron bridge: calls answered from `handlers`, files saved through the main process. */
function electronBridge(handlers: Record<string, Handler>, extra: Partial<BlueskyBridge> = {}): BlueskyBridge {
  return {
    invoke: async (method, args) => {
      const h = handlers[method];
      if (!h) return { ok: false, error: { code: 'unknown_method', message: `没有名为“${method}”的功能。` } };
      try {
        return { ok: true, result: await h(args as Record<string, unknown>) };
      } catch (e) {
        return { ok: false, error: { code: 'failed', message: (e as Error).message } };
      }
    },
    on: () => () => {},
    ...extra,
  };
}

const base: Record<string, Handler> = {
  'assess.runs': () => [],
  'submissions.list': () => [],
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
    await screen.findByText('本月还没有与当前台账一致的已保存评估，生成时将自动保存一次评估。');
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
