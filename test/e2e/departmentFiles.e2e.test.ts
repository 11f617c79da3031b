// A department's multi-county file that names nobody, then its correction for one county: the import page says
// whose rows they are and what each replaces before anything is written, and the history shows it per county.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';
import { xlsx } from '../fixtures/workbooks';
import { MINE_HEADERS, mineRows } from '../fixtures/ledgerRows';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const city = mineRows({ county: '城区', count: 4, seed: 81, period: '2020-09' });
const all = [...city, ...mineRows({ county: '矿区', count: 3, seed: 82, period: '2020-09' }), ...mineRows({ county: '盂县', count: 5, seed: 83, period: '2020-09' })];
const file = (rows: typeof all) => xlsx({ sheets: [{ name: '汇总', titleRows: ['露天矿山台账汇总', '截至2020年9月底'], header: [...MINE_HEADERS], rows }] });

describe('department files in the browser', () => {
  it('a multi-county file with no submitter: the lead department is proposed, and the units it covers are listed', async () => {
    const { page } = app;
    await page.goto(app.bridge.url);
    await page.getByLabel('选择台账文件').setInputFiles({ name: '露天矿山台账汇总.xlsx', mimeType: XLSX_TYPE, buffer: await file(all) });
    const detail = page.getByLabel('文件 露天矿山台账汇总.xlsx');
    await detail.getByText('待导入').waitFor();
    expect(await detail.getByLabel('报送单位').inputValue()).toBe('市规划和自然资源局');
    await detail.getByText('文件未写明，按牵头单位推定，请核实').waitFor();
    const coverage = detail.getByLabel('涉及单位');
    await expect.poll(() => coverage.locator('tbody tr').count()).toBe(3);
    expect(await coverage.locator('tbody tr').allTextContents()).toEqual(['城区40—（新报送）', '矿区30—（新报送）', '盂县50—（新报送）']);
    await app.screenshot('import-department-file');
    await detail.getByRole('button', { name: '导入工作区' }).click();
    await detail.getByText('已导入', { exact: true }).first().waitFor();
  });

  it('its correction for 城区 says it replaces 城区’s rows only; the history shows the first file still current for the others', async () => {
    const { page } = app;
    const corrected = [...city.slice(1), ...mineRows({ county: '城区', count: 2, seed: 84, period: '2020-09' })];
    await page.getByLabel('选择台账文件').setInputFiles({ name: '露天矿山台账（城区更正）.xlsx', mimeType: XLSX_TYPE, buffer: await file(corrected) });
    const detail = page.getByLabel('文件 露天矿山台账（城区更正）.xlsx');
    await detail.getByText('待导入').waitFor();
    // the file name names 城区, which reads as 城区's own ledger: the analyst says who really sent it
    expect(await detail.getByLabel('报送单位').inputValue()).toBe('城区');
    await detail.getByText('按文件名识别').waitFor();
    await detail.getByLabel('报送单位').selectOption('市规划和自然资源局');
    await detail.getByRole('button', { name: '按修改后的识别结果重新检查' }).click();
    const coverage = detail.getByLabel('涉及单位');
    await coverage.getByText('“露天矿山台账汇总.xlsx”（报送编号 1', { exact: false }).waitFor();
    await expect.poll(() => coverage.locator('tbody tr').count()).toBe(1);
    expect(await coverage.locator('tbody tr').first().textContent()).toContain('“露天矿山台账汇总.xlsx”（报送编号 1');
    expect(await coverage.locator('tbody tr').first().textContent()).toContain('中该单位的 4 行');
    expect(await coverage.locator('caption').textContent()).toContain('其他单位的行不受影响');
    await app.screenshot('import-partial-correction');
    await detail.getByRole('button', { name: '导入工作区' }).click();
    await detail.getByText('已导入', { exact: true }).first().waitFor();

    await page.getByRole('link', { name: /台账浏览/ }).click();
    await page.getByRole('tab', { name: '露天矿山台账' }).click();
    // 城区's five from the correction, 矿区's three and 盂县's five from the first file
    await expect.poll(() => page.locator('.ledger-filters .total').textContent()).toBe('共 13 行');
    const history = page.locator('.history-grid');
    await expect.poll(() => history.locator('.ag-row').count()).toBe(2);
    const first = history.locator('.ag-row', { hasText: '露天矿山台账汇总.xlsx' });
    await expect.poll(() => first.textContent()).toContain('部分替换：城区→#2');
    expect(await first.textContent()).toContain('城区、矿区、盂县');
    await app.screenshot('ledgers-partial-correction');
    expect(app.consoleErrors).toEqual([]);
  });
});
