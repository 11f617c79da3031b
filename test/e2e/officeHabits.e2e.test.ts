// Habits of an office PC: Ctrl+F finds on the page, Ctrl+C copies grid cells for Excel or WPS, and the browser's print is legible.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screens');

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true, assessments: true });
  await app.page.setViewportSize({ width: 1366, height: 768 });
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.bridge.url });
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Whether the page took Ctrl+F for itself (the browser's find stays when it does not). */
async function ctrlFTaken(page: Page): Promise<boolean> {
  await page.evaluate(() => {
    const w = window as unknown as { taken: boolean };
    w.taken = false;
    window.addEventListener('keydown', (e) => {
      if (e.key === 'f') w.taken = e.defaultPrevented;
    });
  });
  await page.keyboard.press('Control+f');
  return page.evaluate(() => (window as unknown as { taken: boolean }).taken);
}

/** Whether a grid hides its last row below its own edge, as it does on screen and must not on paper. */
const scrollsRows = (page: Page, grid: string) =>
  page.evaluate((g) => {
    const box = document.querySelector(`${g} .ag-root-wrapper`)!.getBoundingClientRect();
    const rows = [...document.querySelectorAll(`${g} .ag-row`)];
    const last = Math.max(...rows.map((r) => Number(r.getAttribute('row-index'))));
    const bottom = Math.max(...rows.filter((r) => Number(r.getAttribute('row-index')) === last).map((r) => r.getBoundingClientRect().bottom));
    return bottom > box.bottom + 1;
  }, grid);

describe('keyboard and print habits', () => {
  it('Ctrl+F goes to the search box of 考核评估 and 目标与分解, and stays the browser’s find elsewhere', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/assess`);
    await page.locator('.matrix-grid .ag-row').first().waitFor();
    expect(await ctrlFTaken(page)).toBe(true);
    const search = page.getByRole('searchbox', { name: '查找目标' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('锅炉');
    await expect.poll(() => page.locator('.matrix-grid .ag-center-cols-container .ag-row').count()).toBeLessThan(10);
    for (const row of await page.locator('.matrix-grid .ag-pinned-left-cols-container .ag-row .target-cell').allTextContents()) expect(row).toContain('锅炉');

    await page.goto(`${app.bridge.url}#/plan`);
    await page.locator('.targets-grid .ag-row').first().waitFor();
    expect(await ctrlFTaken(page)).toBe(true);
    expect(await page.getByRole('searchbox', { name: '搜索目标' }).evaluate((el) => el === document.activeElement)).toBe(true);

    await page.goto(`${app.bridge.url}#/register`);
    await page.locator('.proposals-grid .ag-row').first().waitFor();
    expect(await ctrlFTaken(page)).toBe(false);
  });

  it('Ctrl+C copies a matrix figure, and a picked proposal with its headers, as tab-separated text', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/assess`);
    await page.getByRole('button', { name: /^逾期未完成 \d+/ }).click();
    const row = page.locator('.matrix-grid .ag-row', { hasText: '全面完成燃气锅炉低氮改造' }).first();
    await row.waitFor();
    // by row-id, which the filter leaves alone (the row-index may still be the unfiltered one)
    const id = await row.getAttribute('row-id');
    await page.locator(`.matrix-grid .ag-row[row-id="${id}"] .ag-cell[col-id="u:盂县"]`).click();
    await page.keyboard.press('Control+c');
    await expect.poll(() => clipboard(page)).toBe('87.5% / 序时100% 逾期未完成');

    await page.goto(`${app.bridge.url}#/register`);
    const proposal = page.locator('.proposals-grid .ag-row', { hasText: '预警' }).first();
    await proposal.locator('.ag-cell[col-id="unit"]').click();
    await page.keyboard.press('Control+c');
    await expect.poll(() => clipboard(page)).toMatch(/^单位\t目标\t建议等级\t理由\t处理\r\n/);
    const [, line] = (await clipboard(page)).split('\r\n');
    const fields = line!.split('\t');
    expect(fields).toHaveLength(5);
    expect(fields[2]).toBe('预警');
    expect(fields[4]).toBe('待处理');

    // 降级 on a 预警 cannot be chosen, and says why
    const downgrade = page.locator('.decide-form label', { hasText: '降级' });
    expect(await downgrade.getAttribute('title')).toBe('预警已是最低一级，不能再降级；如认为不必问责，请选择“驳回”并写明理由。');
  });

  it('prints 考核评估 and 问责台账 without the sidebar, with every row of the grids', async () => {
    const { page } = app;
    for (const [id, grid] of [
      ['assess', '.matrix-grid'],
      ['register', '.entries-grid'],
    ] as const) {
      await page.goto(`${app.bridge.url}#/${id}`);
      await page.locator(`${grid} .ag-row`).first().waitFor();
      await page.waitForTimeout(500);
      // the wrapped rows take their full height once the grid has measured them: later on a loaded machine
      await expect.poll(() => scrollsRows(page, grid), { timeout: 15_000 }).toBe(true);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 1040, height: 768 });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      // the grids lay every row out again for paper: on a loaded machine that takes a while
      await expect.poll(() => page.locator('.sidebar').isVisible(), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => scrollsRows(page, grid), { timeout: 15_000 }).toBe(false);
      // nothing cut at the side of an A4 landscape page
      await expect
        .poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth), { timeout: 15_000 })
        .toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `print-${id}.png`), fullPage: true });
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1366, height: 768 });
    }
    expect(app.consoleErrors).toEqual([]);
  });
});
