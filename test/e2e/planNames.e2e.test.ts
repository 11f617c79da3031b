import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

/** A target code as the seeds write them (T04-voc-remediation, G2-pm25-annual, S41-…): an identifier, never for a person. */
const CODE = /\b[TGS]\d\d?-[a-z0-9-]+/;
const VOC = '任务4 完成重点行业VOCs针对性整治';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true, assessments: true });
});
afterAll(async () => {
  await app?.close();
});

const bodyText = () => app.page.evaluate(() => document.body.innerText);

describe('pages name tasks and targets, never by their codes', () => {
  it('台账浏览 shows the milestone ledger’s 任务编号 as the target’s name', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/ledgers`);
    await page.getByRole('tab', { name: '任务销号台账' }).click();
    await page.locator('.ag-row').first().waitFor();
    await expect.poll(bodyText).toMatch(/任务\d+ \S/);
    expect(await bodyText()).not.toMatch(CODE);
    await page.getByRole('tab', { name: '指标报送台账' }).click();
    await expect.poll(bodyText).toContain('任务17 降尘量低于9吨/月·平方公里');
    expect(await bodyText()).not.toMatch(CODE);
    await app.screenshot('names-ledgers-indicator');
  });

  it('考核评估: the detail of a milestone cell and the ledger rows behind it name the target', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/assess`);
    await page.getByRole('heading', { name: '考核评估' }).waitFor();
    const row = page.locator('.matrix-grid .ag-row', { hasText: '完成重点行业VOCs针对性整治' }).first();
    await row.waitFor();
    const index = await row.getAttribute('row-index');
    await page.locator(`.matrix-grid .ag-row[row-index="${index}"] .ag-cell[col-id="u:平定县"]`).click();
    await expect.poll(() => page.locator('.result-detail').textContent()).toContain('任务4');
    await expect.poll(() => page.locator('.evidence-grid').textContent()).toContain(VOC);
    expect(await bodyText()).not.toMatch(CODE);
    await page.locator('.result-detail').scrollIntoViewIfNeeded();
    await page.mouse.move(5, 890);
    await page.waitForTimeout(300);
    await app.screenshot('names-assess-detail');
  });

  it('问责台账 names the target of each proposal and decision with its task number', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/register`);
    await page.getByRole('heading', { name: '问责台账', level: 1 }).waitFor();
    await page.locator('.ag-row').first().waitFor();
    await expect.poll(bodyText).toMatch(/任务\d+ \S/);
    expect(await bodyText()).not.toMatch(CODE);
    await app.screenshot('names-register');
  });

  it('目标与分解 names the selected target instead of showing its code', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/plan`);
    await page.locator('.chapter-list .ag-row', { hasText: '全流程推进工业炉窑和挥发性有机物综合治理' }).click();
    await page.locator('.targets-grid .ag-row', { hasText: '完成重点行业VOCs针对性整治' }).click();
    await expect.poll(() => page.locator('.target-detail').textContent()).toContain(VOC);
    expect(await bodyText()).not.toMatch(CODE);
    await app.screenshot('names-plan');
  });

  it('报告: the briefing’s preview lists lagging targets by name', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/reports`);
    await page.getByRole('heading', { name: '报告', level: 1 }).waitFor();
    await expect.poll(bodyText, { timeout: 30_000 }).toContain('任务5 固定污染源排污许可证全覆盖');
    expect(await bodyText()).not.toMatch(CODE);
    await app.screenshot('names-reports');
  });
});
