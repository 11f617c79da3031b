// Issue 10, point 4: the 考核评估 page shows the counts the briefing prints; point 8: 设置 edits the 推进中 convention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { STATUSES, STATUS_LABEL } from '../../shared/assessModels';
import { openApp, type AppUnderTest } from './harness';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true });
});
afterAll(async () => {
  await app?.close();
});

/** The cover's status table of a briefing: status label → 考核事项数, and 合计. */
async function coverCounts(base64: string): Promise<Record<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ExcelJS.Buffer);
  const out: Record<string, number> = {};
  const labels = new Set<string>([...STATUSES.map((s) => STATUS_LABEL[s]), '合计']);
  wb.getWorksheet('封面')!.eachRow((row) => {
    const label = String(row.getCell(1).value ?? '');
    const v = row.getCell(2).value;
    const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v ? Number(v.result) : NaN;
    if (labels.has(label) && Number.isFinite(n) && !(label in out)) out[label] = n;
  });
  return out;
}

describe('one count on the page and in the briefing', () => {
  it('shows on the 考核评估 chips the counts the briefing’s cover prints for the same month', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/assess`);
    await page.getByRole('heading', { name: '考核评估' }).waitFor();
    await expect.poll(() => page.getByLabel('截止日期').inputValue()).toBe('2020-09-30');
    const chips = page.getByRole('group', { name: '图例和按状态筛选' });
    await chips.getByRole('button', { name: /^考核事项 \d+$/ }).waitFor();
    await page.locator('.matrix-grid .ag-row').first().waitFor();

    const issued = await app.session.api['reports.monthly']({ month: '2020-09' });
    const cover = await coverCounts(issued.file.base64);
    const chip = async (label: string) => Number(/(\d+)$/.exec((await chips.getByRole('button', { name: new RegExp(`^${label} \\d+$`) }).textContent()) ?? '')?.[1]);
    expect(await chip('考核事项')).toBe(cover['合计']);
    for (const s of STATUSES) expect(await chip(STATUS_LABEL[s]), STATUS_LABEL[s]).toBe(cover[STATUS_LABEL[s]]);
    // city totals are said apart, not counted
    expect(await chips.textContent()).toMatch(/另有全市合计 \d+ 个（不计入）/);
    // cells a unit does not owe read 不适用; a milestone in progress reads 推进中, and the convention is stated
    await expect.poll(() => page.locator('.matrix-grid .mcell-none').first().textContent()).toBe('不适用');
    expect(await page.locator('.matrix-note').textContent()).toContain('“推进中”的，完成率按 50% 计入');
    await page.getByRole('button', { name: /^逾期未完成 \d+$/ }).click();
    await expect.poll(() => page.locator('.matrix-grid').textContent()).toContain('推进中');
    await page.mouse.move(5, 890);
    // the grid measures its rows again after filtering
    await page.waitForTimeout(500);
    await app.screenshot('assess-one-count');
    // its figure reads as the word and what it counts for, never as 0.5
    await page.locator('.matrix-grid .ag-cell[col-id="u:平定县"]', { hasText: '推进中' }).first().click();
    await expect.poll(() => page.locator('.result-detail').textContent()).toContain('推进中（按 50% 计入完成率和得分）');
    await page.mouse.move(5, 890);
    await app.screenshot('assess-one-count-detail');
  });

  it('edits in 设置 how 推进中 counts, and the page states the new convention', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/settings`);
    const panel = page.getByRole('region', { name: '销号事项的计分口径' });
    const input = panel.getByLabel('推进中计入的完成率（%）');
    await expect.poll(() => input.inputValue()).toBe('50');
    await input.fill('40');
    await panel.getByRole('button', { name: '保存' }).click();
    await panel.getByText(/^已保存：“推进中”今后按 40% 计入完成率和得分/).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot('settings-milestone-score');
    expect((await app.session.api['workspaceSettings.get']({})).milestoneInProgressScore).toBe(0.4);

    await page.goto(`${app.bridge.url}#/assess`);
    await expect.poll(() => page.locator('.matrix-note').textContent()).toContain('“推进中”的，完成率按 40% 计入');
    expect(app.consoleErrors).toEqual([]);
  });
});
