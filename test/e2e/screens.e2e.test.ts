// Every page at the window sizes of an office PC: nothing important cut off or behind a horizontal scroll bar.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screens');
/** A long workspace name, as an office names it: it must stay on one line in the sidebar. */
const WORKSPACE = '阳泉市蓝天督办-demo-workspace-2020年.sqlite';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true, assessments: true, fileName: WORKSPACE });
  // two issued briefings, so that the issued-reports list has rows to lay out
  await app.session.api['reports.monthly']({ month: '2020-08', issuedOn: '2020-09-10' });
  await app.session.api['reports.monthly']({ month: '2020-09', issuedOn: '2020-10-12' });
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

interface Cut {
  what: string;
  detail: string;
}

/** What sticks out: the window or the content pane scrolling sideways, the sidebar's lines broken or cut without a title. */
async function layoutProblems(page: Page): Promise<Cut[]> {
  return page.evaluate(() => {
    const out: { what: string; detail: string }[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > doc.clientWidth) out.push({ what: '窗口横向滚动', detail: `${doc.scrollWidth} > ${doc.clientWidth}` });
    const content = document.querySelector('main.content')!;
    if (content.scrollWidth > content.clientWidth + 1) out.push({ what: '内容区横向滚动', detail: `${content.scrollWidth} > ${content.clientWidth}` });
    const sidebar = document.querySelector('.sidebar')!.getBoundingClientRect();
    for (const line of document.querySelectorAll<HTMLElement>('.brand-sub > span')) {
      if (line.getBoundingClientRect().right > sidebar.right || line.getClientRects().length !== 1) out.push({ what: '副标题断行', detail: line.textContent ?? '' });
    }
    const ws = document.querySelector<HTMLElement>('.workspace-line')!;
    const file = document.querySelector<HTMLElement>('.workspace-file')!;
    const lineHeight = parseFloat(getComputedStyle(ws).lineHeight) || 20;
    if (file.getBoundingClientRect().height > lineHeight * 1.5) out.push({ what: '工作区文件名折行', detail: file.textContent ?? '' });
    if (file.scrollWidth > file.clientWidth && !ws.title.endsWith(file.textContent ?? '')) out.push({ what: '工作区文件名被截断且无完整提示', detail: ws.title });
    return out;
  });
}

/** A grid that must show all its columns: no horizontal scroll, and no header text cut. */
async function gridProblems(page: Page, selector: string): Promise<Cut[]> {
  return page.evaluate((sel) => {
    const out: { what: string; detail: string }[] = [];
    const grids = document.querySelectorAll<HTMLElement>(sel);
    if (grids.length === 0) out.push({ what: '找不到表格', detail: sel });
    for (const grid of grids) {
      const viewport = grid.querySelector<HTMLElement>('.ag-center-cols-viewport');
      if (viewport && viewport.scrollWidth > viewport.clientWidth + 1) out.push({ what: `${sel} 横向滚动`, detail: `${viewport.scrollWidth} > ${viewport.clientWidth}` });
      const root = grid.querySelector<HTMLElement>('.ag-root-wrapper')!.getBoundingClientRect();
      for (const h of grid.querySelectorAll<HTMLElement>('.ag-header-cell')) {
        const r = h.getBoundingClientRect();
        const text = h.querySelector<HTMLElement>('.ag-header-cell-text');
        if (r.right > root.right + 1 || r.left < root.left - 1) out.push({ what: `${sel} 列头在表格外`, detail: text?.textContent ?? '' });
        if (text && (text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1)) out.push({ what: `${sel} 列头被截断`, detail: text.textContent ?? '' });
      }
    }
    return out;
  }, selector);
}

/** Cells whose text is cut (overflowing its box), given the element holding the text. */
async function cutCells(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        .map((el) => el.textContent ?? ''),
    selector,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** A screenshot of the top of the page, and one of its end when the page scrolls. */
async function shots(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.querySelector('main.content')!.scrollTo(0, 0));
  await shot(page, name);
  const scrolls = await page.evaluate(() => {
    const c = document.querySelector('main.content')!;
    return c.scrollHeight > c.clientHeight + 4;
  });
  if (scrolls) {
    await page.evaluate(() => document.querySelector('main.content')!.scrollTo(0, 1e6));
    await shot(page, `${name}-end`);
    await page.evaluate(() => document.querySelector('main.content')!.scrollTo(0, 0));
  }
}

/** Layout settles after the grids size their columns: a loaded machine gets there later, a real fault never. */
const SETTLE = { timeout: 10_000 };

const SIZES: [number, number][] = [
  [1280, 720],
  [1366, 768],
  [1536, 864],
];

describe('every page at 1280×720, 1366×768 and 1536×864', () => {
  for (const [width, height] of SIZES) {
    it(`fits ${width}×${height}`, async () => {
      const { page } = app;
      const size = `${width}x${height}`;
      await page.setViewportSize({ width, height });
      const go = async (id: string, heading: string) => {
        await page.goto(`${app.bridge.url}#/${id}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        // the sidebar names the workspace once the app has asked the core for it
        await page.locator('.workspace-file').waitFor();
      };

      // 台账导入
      await go('import', '台账导入');
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await shots(page, `import-${size}`);

      // 台账浏览: 盂县's corrected boiler ledger, its file name whole
      await go('ledgers', '台账浏览');
      await page.getByRole('tab', { name: '锅炉台账' }).click();
      await page.getByLabel('单位').selectOption('盂县');
      const corrected = page.locator('.history-grid .ag-row', { hasText: '（更正）' });
      await corrected.first().waitFor();
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.history-grid'), SETTLE).toEqual([]);
      await expect.poll(() => cutCells(page, '.history-grid .ag-cell'), SETTLE).toEqual([]);
      expect(await corrected.first().locator('.ag-cell[col-id="file"]').textContent()).toContain('（更正）.xlsx');
      await shots(page, `ledgers-${size}`);

      // 考核评估: the 全市 column and every figure in the matrix whole
      await go('assess', '考核评估');
      await page.locator('.matrix-grid .ag-row').first().waitFor();
      await page.locator('.echart').first().waitFor();
      await page.waitForTimeout(500);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.matrix-grid'), SETTLE).toEqual([]);
      const city = page.locator('.matrix-grid .ag-header-cell[col-id="u:全市"]');
      const gridBox = (await page.locator('.matrix-grid .ag-root-wrapper').boundingBox())!;
      const cityBox = (await city.boundingBox())!;
      expect(cityBox.x + cityBox.width).toBeLessThanOrEqual(gridBox.x + gridBox.width);
      const cityCell = page.locator('.matrix-grid .ag-cell[col-id="u:全市"] .mcell').filter({ hasText: '%' }).first();
      expect(await cityCell.textContent()).toMatch(/\d%/);
      await expect.poll(() => cutCells(page, '.matrix-grid .mcell, .matrix-grid .mcell > span'), SETTLE).toEqual([]);
      await shots(page, `assess-${size}`);

      // 问责台账: 处理 and every column of both grids in view
      await go('register', '问责台账');
      await page.locator('.proposals-grid .ag-row').first().waitFor();
      await page.locator('.entries-grid .ag-row').first().waitFor();
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.proposals-grid'), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.entries-grid'), SETTLE).toEqual([]);
      expect(await page.locator('.entries-grid .ag-header-cell[col-id="action"]').textContent()).toContain('处理');
      await expect.poll(() => cutCells(page, '.proposals-grid .ag-cell[col-id="decision"], .entries-grid .ag-cell[col-id="action"]'), SETTLE).toEqual([]);
      await shots(page, `register-${size}`);

      // 报告: the issued-reports list with no column over another
      await go('reports', '报告');
      await page.locator('.report-cover').waitFor();
      await page.locator('.issued-grid .ag-row').first().waitFor();
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.issued-grid'), SETTLE).toEqual([]);
      await expect.poll(() => cutCells(page, '.issued-grid .ag-cell:not([col-id="unit"])'), SETTLE).toEqual([]);
      await shots(page, `reports-${size}`);

      // 目标与分解
      await go('plan', '目标与分解');
      await page.locator('.ag-row').first().waitFor();
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await shots(page, `plan-${size}`);
      // the demo's 2021 plan, chosen in the switcher, and 导入方案 beside it
      const switcher = page.getByRole('combobox', { name: '方案版本' });
      const plan2021 = await switcher.locator('option', { hasText: '〔2021〕' }).first().getAttribute('value');
      await switcher.selectOption(plan2021!);
      await expect.poll(() => page.getByLabel('所示方案').textContent()).toContain('〔2021〕');
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await shots(page, `plan2021-${size}`);
      await page.getByRole('tab', { name: '导入方案' }).click();
      await page.getByRole('region', { name: '导入方案' }).waitFor();
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await shots(page, `plan-import-${size}`);

      // 设置
      await go('settings', '设置');
      await page.getByRole('heading', { name: '署名与发文' }).waitFor();
      await page.locator('.units-grid .ag-row').first().waitFor();
      await page.waitForTimeout(300);
      await expect.poll(() => layoutProblems(page), SETTLE).toEqual([]);
      await expect.poll(() => gridProblems(page, '.units-grid'), SETTLE).toEqual([]);
      await shots(page, `settings-${size}`);

      expect(app.consoleErrors).toEqual([]);
    });
  }
});
