import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/tmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openApp, type AppUnderTest } from './harness';
import { xlsx, type SheetSpec } from '../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows, utcDate } from '../fixtures/ledgerRows';

let app: AppUnderTest;

function messyBoilers(fix: boolean): SheetSpec {
  const rows = boilerRows({ county: '盂县', count: 40, seed: 21, period: '2020-09' }).map((r) => [...r]);
  rows[3]![4] = fix ? '燃煤' : '烧柴'; // not a fuel type
  rows[7]![3] = fix ? 'G-FIXED-7' : rows[6]![3]!; // duplicate boiler number
  rows[9]![8] = fix ? utcDate(2020, 6, 1) : utcDate(2020, 12, 1); // after the reporting month
  rows[9]![7] = '已淘汰';
  return {
    name: '锅炉台账',
    titleRows: ['盂县2020年9月燃煤锅炉台账', '填报单位：盂县生态环境局    截至2020年9月底'],
    header: [...BOILER_HEADERS],
    rows,
    serialColumn: true,
    mergeDown: [{ col: 0, from: 0, to: 39 }],
    notes: ['填报人：王芳    联系电话：0353-6012345'],
  };
}

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

describe('台账导入 and 台账浏览 in the browser', () => {
  it('checks a messy file: shows what it is, its counts and its findings, and the row behind a finding', async () => {
    const { page } = app;
    await page.goto(app.bridge.url);
    await page.getByRole('heading', { name: '台账导入' }).waitFor();
    await page.getByLabel('选择台账文件').setInputFiles({
      name: '附件2：盂县锅炉台账（9月）.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx({ sheets: [messyBoilers(false)] }),
    });
    const detail = page.getByLabel('文件 附件2：盂县锅炉台账（9月）.xlsx');
    await detail.getByText('待导入').waitFor();
    await expect.poll(() => detail.getByLabel('行数统计').textContent()).toContain('盂县 · 2020年9月 · 锅炉台账：共 40 行，接收 37 行');
    expect(await detail.getByLabel('台账类别').inputValue()).toBe('boiler');
    expect(await detail.getByLabel('报送单位').inputValue()).toBe('盂县');
    expect(await detail.getByLabel('报送月份').inputValue()).toBe('2020-09');
    expect(await detail.getByLabel('报送月份').locator('option:checked').textContent()).toBe('2020年9月');

    const grid = detail.locator('.findings-grid');
    await grid.locator('.ag-row', { hasText: '“烧柴”不在规定范围内' }).click();
    const problem = detail.getByLabel('该行内容');
    await expect.poll(() => problem.textContent()).toContain('工作表“锅炉台账”第 7 行');
    expect(await problem.locator('td.hit').textContent()).toBe('烧柴');
    await detail.getByRole('button', { name: /^错误/ }).click();
    await expect.poll(() => grid.locator('.ag-row').count()).toBe(3);
    await app.screenshot('import-checked');
  });

  it('sends the file back with its problems marked, before importing it', async () => {
    const { page } = app;
    const detail = page.getByLabel('文件 附件2：盂县锅炉台账（9月）.xlsx');
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: '下载退回文件' }).click()]);
    expect(download.suggestedFilename()).toBe('附件2：盂县锅炉台账（9月）（退回修改）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.getWorksheet('问题清单')).toBeTruthy();
  });

  it('imports it, then a corrected version that replaces it; both stay in the history', async () => {
    const { page } = app;
    const detail = page.getByLabel('文件 附件2：盂县锅炉台账（9月）.xlsx');
    await detail.getByRole('button', { name: '导入工作区' }).click();
    await detail.getByText('已导入', { exact: true }).first().waitFor();
    await expect.poll(() => detail.getByLabel('行数统计').textContent()).toContain('报送编号 1');

    await page.getByLabel('选择台账文件').setInputFiles({ name: '盂县锅炉台账（更正）.xlsx', mimeType: 'application/octet-stream', buffer: await xlsx({ sheets: [messyBoilers(true)] }) });
    const fixed = page.getByLabel('文件 盂县锅炉台账（更正）.xlsx');
    const replaces = fixed.getByLabel('涉及单位');
    await expect.poll(() => replaces.textContent()).toContain('盂县40');
    await replaces.getByText('“附件2：盂县锅炉台账（9月）.xlsx”（报送编号 1', { exact: false }).waitFor();
    await fixed.getByText('没有发现问题。').waitFor();
    await fixed.getByRole('button', { name: '导入工作区' }).click();
    await replaces.getByRole('columnheader', { name: '替换了' }).waitFor();
    await app.screenshot('import-imported');

    await page.getByRole('link', { name: /台账浏览/ }).click();
    await page.getByRole('tab', { name: '锅炉台账' }).click();
    await expect.poll(() => page.locator('.ledger-filters .total').textContent()).toBe('共 40 行');
    const first = page.locator('.rows-grid .ag-row').first();
    await expect.poll(() => first.textContent()).toContain('锅炉台账 第4行');
    const history = page.locator('.history-grid');
    await expect.poll(() => history.locator('.ag-row').count()).toBe(2);
    expect(await history.textContent()).toContain('已被 #2 替换');
    await history.locator('.ag-row', { hasText: '附件2' }).click();
    await page.getByLabel('状态').selectOption('rejected');
    await expect.poll(() => page.locator('.ledger-filters .total').textContent()).toBe('共 3 行');
    await app.screenshot('ledgers');
    expect(app.consoleErrors).toEqual([]);
    expect(fs.existsSync(app.ws.file)).toBe(true);
  });
});

describe('a month of returns at once', () => {
  it('checks the demo August ledgers together and imports them in one go, with one backup before it', async () => {
    const { page } = app;
    const folder = path.join(repoRoot, 'seeds', 'demo', '2020-08');
    const names = fs.readdirSync(folder).filter((f) => f.endsWith('.xlsx') || f.endsWith('.xls') || f.endsWith('.csv'));
    const backupsBefore = backupCount();
    await page.goto(app.bridge.url);
    await page.getByRole('heading', { name: '台账导入' }).waitFor();
    await page.getByLabel('选择台账文件').setInputFiles(names.map((n) => ({ name: n, mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(folder, n)) })));
    const importAll = page.getByRole('button', { name: `全部导入（${names.length}）` });
    await importAll.waitFor({ timeout: 120_000 });
    await expect.poll(() => importAll.isEnabled(), { timeout: 120_000 }).toBe(true);
    await importAll.click();
    await expect.poll(() => page.locator('.file-list .state-imported').count(), { timeout: 180_000 }).toBe(names.length);
    await app.screenshot('import-month-batch');
    const n = (app.session.current().db.prepare("SELECT COUNT(*) AS n FROM submissions WHERE period = '2020-08'").get() as { n: number }).n;
    expect(n).toBe(names.length);
    expect(backupCount() - backupsBefore).toBe(1);
  });
});

function backupCount(): number {
  const dir = path.join(path.dirname(app.ws.file), '备份');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes('导入前')).length : 0;
}
