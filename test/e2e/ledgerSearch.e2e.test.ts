// In the demo workspace: find a truck by its plate across months, open its file, compare 盂县's corrected boiler
// ledger with the version it replaced, and see on 台账导入 who has reported for September.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true });
});
afterAll(async () => {
  await app?.close();
});

describe('search, versions and comparison in 台账浏览', () => {
  it('finds a plate in both months it was reported, and opens the file a hit came from', async () => {
    const { page } = app;
    // a plate the demo reports in August and in September
    const { plate } = app.ws.db
      .prepare(
        `SELECT v.plate FROM vehicle_rows v JOIN submissions s ON s.id = v.submission_id WHERE v.plate IS NOT NULL
         GROUP BY v.plate HAVING COUNT(DISTINCT s.period) = 2 ORDER BY v.plate LIMIT 1`,
      )
      .get() as { plate: string };
    await page.goto(`${app.bridge.url}#/ledgers`);
    await page.getByLabel('查找内容').fill(plate.toLowerCase());
    await page.getByRole('button', { name: '查找' }).click();
    const results = page.locator('.search-grid');
    await expect.poll(() => results.locator('.ag-row').count()).toBe(2);
    expect(await page.getByRole('search').getByRole('status').textContent()).toBe('找到 2 行。');
    const text = await results.textContent();
    expect(text).toContain('2020年9月');
    expect(text).toContain('2020年8月');
    expect(text).toContain(plate);
    expect(text).toContain('第1版 · 当前');
    await app.screenshot('ledger-search');

    await results.locator('.ag-row', { hasText: '2020年9月' }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('车辆淘汰台账');
    await expect.poll(() => page.locator('.filter-chip').first().textContent()).toContain('只看报送 #');
    await expect.poll(() => page.locator('.rows-grid').textContent()).toContain(plate);
    expect(app.consoleErrors).toEqual([]);
  });

  it('compares 盂县’s corrected boiler ledger with the one it replaced, field by field, and labels every row’s version', async () => {
    const { page } = app;
    await page.getByLabel('查找内容').fill('');
    await page.getByRole('tab', { name: '锅炉台账' }).click();
    await page.getByLabel('单位').selectOption('盂县');
    const history = page.locator('.history-grid');
    await history.locator('.ag-row', { hasText: '（更正）' }).click();
    await page.getByRole('button', { name: '与被替换版本对比' }).click();
    const comparison = page.getByRole('region', { name: '版本对比' });
    await expect.poll(() => comparison.getByRole('status').textContent()).toMatch(/新增 \d+ 行，删除 \d+ 行，修改 \d+ 行，未变 \d+ 行。/);
    const counts = (await comparison.getByRole('status').textContent())!;
    const [added, removed, changed] = [...counts.matchAll(/(\d+) 行/g)].map((m) => Number(m[1]));
    expect(added! + removed! + changed!).toBeGreaterThan(0);
    if (changed) {
      const table = comparison.getByRole('region', { name: '修改的行' });
      expect(await table.locator('td.before').count()).toBeGreaterThanOrEqual(changed);
      expect(await table.textContent()).toMatch(/第\d+行（原拒收） → 第\d+行/);
    }
    if (removed) expect(await comparison.getByRole('region', { name: '删除' }).textContent()).toContain(`删除（${removed} 行）`);
    await comparison.scrollIntoViewIfNeeded();
    await app.screenshot('ledger-compare');

    await page.getByRole('button', { name: '关闭对比' }).click();
    await page.getByRole('button', { name: '清除' }).click();
    await page.getByLabel('含已被替换的旧版本').check();
    const rows = page.locator('.rows-grid');
    await expect.poll(() => rows.textContent()).toContain('第2版 · 当前');
    // the file the correction replaced: its rows say so
    await history.locator('.ag-row', { hasText: '已被 #' }).click();
    await expect.poll(() => rows.textContent()).toMatch(/第1版 · 已被 #\d+ 替换/);
    await app.screenshot('ledger-versions');
    expect(app.consoleErrors).toEqual([]);
  });

  it('台账导入 shows who has reported for September: on time, late or missing, unit by ledger', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/import`);
    const matrix = page.getByRole('group', { name: '报送情况' });
    await expect.poll(() => matrix.locator('summary').textContent()).toMatch(/2020年9月应报 33 份：按时 \d+、逾期 \d+、未报送 \d+（截止 2020年10月5日）/);
    expect(await matrix.locator('tbody tr').count()).toBe(9);
    expect(await matrix.locator('thead th').allTextContents()).toEqual(['单位', '露天矿山', '锅炉', '车辆淘汰', '排污许可', '指标报送', '任务销号']);
    await matrix.scrollIntoViewIfNeeded();
    await app.screenshot('import-returns');
    expect(app.consoleErrors).toEqual([]);
  });

  it('folds the same wrong fuel on eight rows of a checked file into one line, which opens row by row', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/import`);
    const rows = boilerRows({ county: '郊区', count: 60, seed: 91, period: '2020-09' });
    for (const i of [5, 6, 7, 8, 9, 12, 40, 41]) rows[i]![4] = '烧柴';
    await page.getByLabel('选择台账文件').setInputFiles({
      name: '郊区锅炉台账（9月）.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx({ sheets: [{ name: '锅炉台账', titleRows: ['郊区2020年9月燃煤锅炉台账'], header: [...BOILER_HEADERS], rows }] }),
    });
    const detail = page.getByLabel('文件 郊区锅炉台账（9月）.xlsx');
    const grid = detail.locator('.findings-grid');
    const line = grid.locator('.ag-row', { hasText: '共 8 处' });
    await expect.poll(() => line.textContent()).toContain('第8–12、15、43、44行');
    await grid.scrollIntoViewIfNeeded();
    await app.screenshot('import-findings-folded');
    await line.click();
    await expect.poll(() => grid.locator('.ag-row.finding-member').count()).toBe(8);
    await grid.locator('.ag-row.finding-member').nth(6).click();
    await expect.poll(() => detail.getByLabel('该行内容').textContent()).toContain('第 43 行');
    await detail.getByLabel('该行内容').scrollIntoViewIfNeeded();
    await app.screenshot('import-findings-opened');
    expect(app.consoleErrors).toEqual([]);
  });
});
