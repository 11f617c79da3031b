import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';
import { xlsx } from '../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { imp } from '../support/importHarness';

let app: AppUnderTest;

async function boilerLedger(county: string, count: number, seed: number): Promise<Buffer> {
  return xlsx({ sheets: [{ name: 'Sheet1', titleRows: [`${county}2020年9月锅炉台账`], header: [...BOILER_HEADERS], rows: boilerRows({ county, count, seed, period: '2020-09' }) }] });
}

beforeAll(async () => {
  const first = await boilerLedger('城区', 30, 31);
  app = await openApp({ prepare: (ws) => void imp(ws, '城区锅炉台账.xlsx', first) });
});
afterAll(async () => {
  await app?.close();
});

describe('备份与恢复 in the browser', () => {
  it('backs up on demand, lists the copy made before an import, and restores one after a confirmation', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/settings`);
    const panel = page.getByRole('region', { name: '备份与恢复' });
    await panel.getByText('还没有备份。').waitFor();
    await panel.getByRole('button', { name: '立即备份' }).click();
    await panel.getByText(/^已备份工作区：ws-20201008-090000-手动\.sqlite/).waitFor();

    // an import batch backs up first
    const second = await boilerLedger('郊区', 20, 32);
    await app.session.api['imports.run']({ files: [{ name: '郊区锅炉台账.xlsx', base64: second.toString('base64') }] });
    await page.reload();
    const table = panel.getByRole('table', { name: '备份列表' });
    await expect.poll(() => table.locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^2020-10-08 09:00:00导入前/),
      expect.stringMatching(/^2020-10-08 09:00:00手动/),
    ]);
    await page.waitForTimeout(800); // the units grid below sizes its wrapped rows after it moves down
    await app.screenshot('settings-backups');

    await table.locator('tbody tr', { hasText: '手动' }).getByRole('button', { name: /^恢复/ }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('用2020-10-08 09:00:00（北京时间）的备份（手动）恢复工作区？');
    expect(await dialog.textContent()).toContain('当前工作区会先完整备份到备份文件夹（原因为“恢复前”）');
    await app.screenshot('settings-restore-confirm');
    await dialog.getByRole('button', { name: '确认恢复' }).click();

    // the page reloads on the restored workspace and says what happened
    await panel.getByText('已用2020-10-08 09:00:00 的备份恢复工作区。恢复前的工作区已备份为 ws-20201008-090000-恢复前-3.sqlite。').waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect((await app.session.api['submissions.list']({})).map((s) => s.file)).toEqual(['城区锅炉台账.xlsx']);
    expect(app.consoleErrors).toEqual([]);
  });

  it('exports the whole workspace as one file that opens as a workspace', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/settings`);
    const panel = page.getByRole('region', { name: '备份与恢复' });
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出工作区' }).click()]);
    expect(download.suggestedFilename()).toBe('ws-20201008-090000-导出.sqlite');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-export-e2e-'));
    try {
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const db = new Database(file, { readonly: true });
      expect(db.prepare('SELECT file_name FROM submissions').all()).toEqual([{ file_name: '城区锅炉台账.xlsx' }]);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await panel.getByText('已下载：ws-20201008-090000-导出.sqlite').waitFor();
  });
});
