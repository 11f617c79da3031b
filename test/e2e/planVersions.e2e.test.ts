// A revision of the 2020 plan, made the way the office will make one: export the template from 目标与分解, edit it
// in Excel, check it (a mistake is refused with its cell), load the corrected one, and read what it changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';
import { loadWorkbook, readTable, saveWorkbook, sheet, writeTable } from '../fixtures/planWorkbooks';
import { xlsx } from '../fixtures/workbooks';
import { INDICATOR_HEADERS } from '../fixtures/ledgerRows';

let app: AppUnderTest;
let template: Buffer;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TARGET = 'T01-coking-capacity-cut';
const ADDED_SENTENCE = '2020年7月起,各县区每月5日前报送焦化产能压减进展。';

/** The template with the coking target's figure raised to 70 万吨, and optionally its deadline mistyped. */
async function revision(deadline?: string): Promise<Buffer> {
  const wb = await loadWorkbook(template);
  const ws = sheet(wb, '目标');
  const table = readTable(ws);
  const row = table.rows.find((r) => r['目标编号'] === TARGET)!;
  row['目标值'] = 70;
  if (deadline) row['截止日期'] = deadline;
  writeTable(ws, table.headers, table.rows);
  // and task 1's clause gains a sentence at its end: a long text changed
  const tasksWs = sheet(wb, '任务');
  const tasks = readTable(tasksWs);
  const task1 = tasks.rows.find((r) => Number(r['任务编号']) === 1)!;
  task1['条文'] = `${String(task1['条文'])}${ADDED_SENTENCE}`;
  writeTable(tasksWs, tasks.headers, tasks.rows);
  return saveWorkbook(wb);
}

beforeAll(async () => {
  app = await openApp();
  await app.page.setViewportSize({ width: 1366, height: 768 });
});
afterAll(async () => {
  await app?.close();
});

describe('plan versions in the browser', () => {
  it('exports the shown version as the template to edit', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/plan`);
    const switcher = page.getByRole('combobox', { name: '方案版本' });
    await switcher.waitFor();
    await expect.poll(() => switcher.locator('option').count()).toBe(1);
    expect(await switcher.locator('option').first().textContent()).toMatch(/^《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号 · .+ · .*施行（现行）$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出方案模板' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const chunks: Buffer[] = [];
    for await (const c of (await file.createReadStream())!) chunks.push(c as Buffer);
    template = Buffer.concat(chunks);
    expect(readTable(sheet(await loadWorkbook(template), '目标')).rows.some((r) => r['目标编号'] === TARGET)).toBe(true);
  });

  it('refuses a workbook with a mistyped date, naming its sheet and cell', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: '导入方案' }).click();
    await page.getByLabel('选择方案工作簿').setInputFiles({ name: '决战方案（修订，有误）.xlsx', mimeType: XLSX, buffer: await revision('2020年13月5日') });
    await page.getByRole('button', { name: '检查', exact: true }).click();
    const result = page.getByLabel('检查结果');
    await result.waitFor();
    await expect.poll(() => result.locator('.findings-count').textContent()).toMatch(/^发现 \d+ 处错误/);
    const first = result.locator('.plan-findings .ag-row[row-index="0"]');
    await first.waitFor();
    expect(await first.locator('[col-id="sheet"]').textContent()).toBe('目标');
    expect(await first.locator('[col-id="cell"]').textContent()).toMatch(/^[A-Z]+\d+$/);
    expect(await first.locator('[col-id="severity"]').textContent()).toBe('错误');
    const load = page.getByRole('button', { name: '载入', exact: true });
    expect(await load.isDisabled()).toBe(true);
    expect(await load.getAttribute('title')).toMatch(/^工作簿有 \d+ 处错误，改正后重新检查才能载入$/);
    await app.screenshot('plan-versions-check-errors');
  });

  it('loads the corrected revision from 1 July, selects it, and shows what it changed', async () => {
    const { page } = app;
    await page.getByLabel('选择方案工作簿').setInputFiles({ name: '决战方案（修订）.xlsx', mimeType: XLSX, buffer: await revision() });
    await page.getByLabel('施行日期').fill('2020-07-01');
    await page.getByRole('button', { name: '检查', exact: true }).click();
    const plan = page.getByLabel('载入后');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('的第2版');
    expect(await plan.textContent()).toContain('2020年7月1日');
    await page.getByRole('table', { name: /的改动$/ }).first().waitFor();
    await app.screenshot('plan-versions-check-clean');

    await page.getByRole('button', { name: '载入', exact: true }).click();
    const switcher = page.getByRole('combobox', { name: '方案版本' });
    await expect.poll(() => switcher.locator('option').count()).toBe(2);
    await expect.poll(async () => switcher.locator('option:checked').textContent()).toContain('第2版');
    expect(await page.getByLabel('所示方案').textContent()).toContain('阳政办发〔2020〕28号');
    await app.screenshot('plan-versions-loaded');

    await page.getByRole('tab', { name: '修订对比' }).click();
    const diff = page.getByLabel('修订内容');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('修改任务 1 项');
    expect(await diff.textContent()).toContain('修改目标 1 项');
    const changes = diff.getByRole('table', { name: /淘汰压减焦化产能.*的改动$/ });
    expect(await changes.textContent()).toContain('60');
    expect(await changes.textContent()).toContain('70');
    // the long clause is there whole, before and after, wrapped in its cell
    const clause = diff.getByRole('table', { name: /深入推进重污染行业结构优化调整的改动$/ });
    const after = clause.locator('td.diff-after').first();
    expect(await after.textContent()).toContain(ADDED_SENTENCE);
    expect(await after.textContent()).toContain('完成全市生态保护红线');
    expect(await clause.locator('td.diff-before').first().textContent()).not.toContain(ADDED_SENTENCE);
    expect(await after.locator('ins').textContent()).toBe(ADDED_SENTENCE);
    const box = (await after.boundingBox())!;
    expect(box.height).toBeGreaterThan(60);
    expect(await after.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await after.locator('ins').scrollIntoViewIfNeeded();
    await app.screenshot('plan-versions-diff');
  });

  it('考核评估 measures an imported ledger against the revision, and against the original when asked', async () => {
    const { page } = app;
    // 市工信局 reports 56 万吨 of coking capacity cut by September: 80% of the revised 70 万吨, 93.3% of the original 60
    const ledger = await xlsx({
      sheets: [{ name: '指标报送', titleRows: ['市工信局2020年9月指标报送'], header: [...INDICATOR_HEADERS], rows: [['市工信局', '淘汰压减焦化产能', '2020年9月', 56, '万吨', null]] }],
    });
    const run = await app.session.api['imports.run']({ files: [{ name: '市工信局指标报送（9月）.xlsx', base64: ledger.toString('base64') }] });
    expect(run.submissions.map((x) => x.status)).toEqual(['imported']);

    await page.goto(`${app.bridge.url}#/assess`);
    const basis = page.getByLabel('考核依据');
    await basis.waitFor();
    // 30 September 2020 falls under the revision in force from 1 July
    await expect.poll(() => basis.textContent()).toBe('依据 《阳泉市打赢蓝天保卫战2020年决战行动方案》阳政办发〔2020〕28号 第2版');
    const coking = async () => {
      const row = page.locator('.matrix-grid .ag-row', { hasText: '淘汰压减焦化产能' }).first();
      await row.waitFor();
      return page.locator(`.matrix-grid .ag-row[row-index="${await row.getAttribute('row-index')}"] .ag-cell[col-id="u:全市"]`);
    };
    await expect.poll(async () => (await coking()).textContent()).toContain('80% / 序时');
    await app.screenshot('plan-versions-assess');

    const choice = page.getByLabel('考核所依据的方案');
    const original = await choice.locator('option', { hasText: '原方案' }).getAttribute('value');
    await choice.selectOption(original!);
    await expect.poll(() => basis.textContent()).toContain('第1版');
    await expect.poll(async () => (await coking()).textContent()).toContain('93.3% / 序时');
    expect(app.consoleErrors).toEqual([]);
  });
});
