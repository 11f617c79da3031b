import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true });
});
afterAll(async () => {
  await app?.close();
});

describe('the demo workspace a newcomer opens', () => {
  it('shows two months of submissions with their history and findings', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/ledgers`);
    await page.getByRole('tab', { name: '锅炉台账' }).click();
    const history = page.locator('.history-grid');
    await expect.poll(() => history.locator('.ag-row').count()).toBeGreaterThanOrEqual(10);
    await expect.poll(() => history.textContent()).toContain('已被 #');
    await page.getByLabel('单位').selectOption('盂县');
    await expect.poll(() => history.textContent()).toContain('（更正）');
    await app.screenshot('demo-ledgers');
    await page.getByRole('tab', { name: '车辆淘汰台账' }).click();
    await page.getByLabel('状态').selectOption('rejected');
    await expect.poll(() => page.locator('.rows-grid .ag-row').first().textContent()).toContain('盂县城关镇');
    expect(await page.locator('.rows-grid .ag-row').first().textContent()).toContain('单位“盂县城关镇”不在单位表中');
    await app.screenshot('demo-rejected');
    expect(app.consoleErrors).toEqual([]);
  });
});
