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

  it('withdraws 盂县’s corrected boiler ledger with a reason; the version it replaced counts again', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/ledgers`);
    await page.getByRole('tab', { name: '锅炉台账' }).click();
    await page.getByLabel('单位').selectOption('盂县');
    const history = page.locator('.history-grid');
    await history.locator('.ag-row', { hasText: '（更正）' }).click();
    await page.getByRole('button', { name: '撤回此报送…' }).click();
    const confirm = page.getByRole('button', { name: '确认撤回' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('撤回理由').fill('更正版误传了8月的表，待盂县重新报送');
    await confirm.click();
    await page.getByText(/已撤回报送 #\d+（盂县-锅炉台账-2020年9月（示例数据）（更正）\.xlsx），盂县恢复为 #\d+ 的行。/).waitFor();
    await expect.poll(() => history.locator('.ag-row', { hasText: '（更正）' }).textContent()).toContain('已撤回');
    await expect.poll(() => history.locator('.ag-row', { hasText: '2020年9月' }).filter({ hasNotText: '（更正）' }).textContent()).toContain('当前版本');
    expect(app.consoleErrors).toEqual([]);
  });
});
