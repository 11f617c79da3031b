import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BackupsPanel } from '../../renderer/src/components/BackupsPanel';
import { setTransport } from '../../renderer/src/api/client';
import { fakeBridge as bridge } from '../fixtures/fakeBridge';
import type { BackupView } from '../../shared/backupModels';

const FOLDER = 'D:\\大气办\\备份';

function backup(name: string, reason: BackupView['reason'], createdAt: string, size: number): BackupView {
  return { name, file: `${FOLDER}\\${name}`, reason, createdAt, size, schemaVersion: 6 };
}

const IMPORT = backup('阳泉2020-20201015-093000-导入前.sqlite', 'import', '2020-10-15T01:30:00.000Z', 31_457_280);
const ISSUE = backup('阳泉2020-20201012-100512-印发前.sqlite', 'issue', '2020-10-12T02:05:12.000Z', 30_408_704);

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('备份与恢复 on the 设置 page', () => {
  it('lists the copies in Beijing time with their reason and size, and makes one on demand', async () => {
    let backups = [IMPORT, ISSUE];
    setTransport(
      bridge({
        'backups.list': () => ({ folder: FOLDER, backups }),
        'workspaceSettings.get': () => ({ backupKeep: 20 }),
        'backups.create': () => {
          const made = backup('阳泉2020-20201015-110000-手动.sqlite', 'manual', '2020-10-15T03:00:00.000Z', 31_500_000);
          backups = [made, ...backups];
          return made;
        },
      }),
    );
    render(<BackupsPanel onRestored={() => {}} />);
    const table = await screen.findByRole('table', { name: '备份列表' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 3).map((c) => c.textContent))).toEqual([
      ['2020-10-15 09:30:00', '导入前', '30.0 MB'],
      ['2020-10-12 10:05:12', '印发前', '29.0 MB'],
    ]);
    expect(screen.getByText(FOLDER)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '立即备份' }));
    await screen.findByText('已备份工作区：阳泉2020-20201015-110000-手动.sqlite（30.0 MB）。');
    await waitFor(() => expect(within(screen.getByRole('table', { name: '备份列表' })).getAllByRole('row')).toHaveLength(4));
    expect(within(screen.getByRole('table', { name: '备份列表' })).getAllByRole('row')[1]!.textContent).toContain('手动');
  });

  it('restores only after a confirmation that names the copy and says the current workspace is kept first', async () => {
    const restore = vi.fn((args: Record<string, unknown>) => ({
      workspace: 'D:\\大气办\\阳泉2020.sqlite',
      from: ISSUE.file,
      kept: backup('阳泉2020-20201015-113000-恢复前.sqlite', 'restore', '2020-10-15T03:30:00.000Z', 31_600_000),
      schemaVersion: 6,
      args,
    }));
    const onRestored = vi.fn();
    setTransport(bridge({ 'backups.list': () => ({ folder: FOLDER, backups: [IMPORT, ISSUE] }), 'workspaceSettings.get': () => ({ backupKeep: 20 }), 'backups.restore': restore }));
    render(<BackupsPanel onRestored={onRestored} />);
    fireEvent.click(await screen.findByRole('button', { name: '恢复 2020-10-12 10:05:12 的备份' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('用2020-10-12 10:05:12（北京时间）的备份（印发前）恢复工作区？');
    expect(dialog.textContent).toContain('当前工作区会先完整备份到备份文件夹（原因为“恢复前”）');
    fireEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(restore).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: '恢复 2020-10-12 10:05:12 的备份' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '确认恢复' }));
    await waitFor(() => expect(onRestored).toHaveBeenCalledTimes(1));
    expect(restore).toHaveBeenCalledWith({ name: ISSUE.name });
    // what the page says once it has reloaded on the restored workspace
    expect(sessionStorage.getItem('bluesky.restored')).toBe('已用2020-10-12 10:05:12 的备份恢复工作区。恢复前的工作区已备份为 阳泉2020-20201015-113000-恢复前.sqlite。');
  });

  it('restores a workspace file brought from another PC, after naming it in the confirmation', async () => {
    const restore = vi.fn(() => ({ workspace: 'D:\\大气办\\阳泉2020.sqlite', from: '阳泉2020-导出.sqlite', kept: null, schemaVersion: 5 }));
    const onRestored = vi.fn();
    setTransport(bridge({ 'backups.list': () => ({ folder: FOLDER, backups: [] }), 'workspaceSettings.get': () => ({ backupKeep: 20 }), 'backups.restore': restore }));
    render(<BackupsPanel onRestored={onRestored} />);
    await screen.findByText(/还没有备份/);
    const bytes = new TextEncoder().encode('SQLite format 3\u0000……');
    fireEvent.change(screen.getByLabelText('选择要恢复的工作区文件'), { target: { files: [new File([bytes], '阳泉2020-导出.sqlite')] } });
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('用文件“阳泉2020-导出.sqlite”恢复工作区？');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认恢复' }));
    await waitFor(() => expect(onRestored).toHaveBeenCalledTimes(1));
    expect(restore).toHaveBeenCalledWith({ file: { name: '阳泉2020-导出.sqlite', base64: Buffer.from(bytes).toString('base64') } });
  });

  it('shows a refused restore in Chinese and keeps the list', async () => {
    setTransport(
      bridge({
        'backups.list': () => ({ folder: FOLDER, backups: [IMPORT] }),
        'workspaceSettings.get': () => ({ backupKeep: 20 }),
        'backups.restore': () => {
          throw new Error('阳泉2020-20201015-093000-导入前.sqlite 已损坏（完整性检查未通过），不能用来恢复，当前工作区保持原样。请换一份较早的备份。');
        },
      }),
    );
    const onRestored = vi.fn();
    render(<BackupsPanel onRestored={onRestored} />);
    fireEvent.click(await screen.findByRole('button', { name: '恢复 2020-10-15 09:30:00 的备份' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '确认恢复' }));
    await screen.findByText(/已损坏（完整性检查未通过），不能用来恢复，当前工作区保持原样/);
    expect(onRestored).not.toHaveBeenCalled();
    expect(screen.getByRole('table', { name: '备份列表' })).toBeTruthy();
  });

  it('saves the number of copies to keep', async () => {
    let keep = 20;
    setTransport(
      bridge({
        'backups.list': () => ({ folder: FOLDER, backups: [] }),
        'workspaceSettings.get': () => ({ backupKeep: keep }),
        'workspaceSettings.set': (args) => {
          expect(args).toEqual({ key: 'backupKeep', value: 40 });
          keep = 40;
          return { backupKeep: keep };
        },
      }),
    );
    render(<BackupsPanel onRestored={() => {}} />);
    await screen.findByText('还没有备份。第一次导入台账之前会自动备份，也可以点“立即备份”。');
    const input = await screen.findByLabelText('保留的备份份数');
    expect((input as HTMLInputElement).value).toBe('20');
    fireEvent.change(input, { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('已保存：备份文件夹保留最近 40 份备份，更早的在下次备份时删除。');
  });
});
