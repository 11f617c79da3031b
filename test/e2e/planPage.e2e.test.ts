import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

describe('目标与分解 in the browser', () => {
  it('shows the plan’s tasks, and task 14’s 2万亩 target with its clause', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/plan`);
    await page.getByRole('heading', { name: '目标与分解' }).waitFor();
    // all 22 tasks plus the two chapters of goals and safeguards are listed
    await page.locator('.chapter-list .ag-row').first().waitFor();
    await expect.poll(() => page.locator('.chapter-list .ag-row').count()).toBe(24);

    await page.locator('.chapter-list .ag-row', { hasText: '推进露天矿山综合整治' }).click();
    await expect.poll(() => page.locator('.clause-card h2').textContent()).toContain('14. 推进露天矿山综合整治');
    const clause = page.locator('.clause-card');
    await expect.poll(() => clause.textContent()).toContain('2020年底前,完成2万亩废弃露天矿山恢复治理');
    expect(await clause.textContent()).toContain('牵头单位：市规划和自然资源局');

    const row = page.locator('.targets-grid .ag-row', { hasText: '废弃露天矿山恢复治理' });
    await row.waitFor();
    expect(await row.textContent()).toContain('≥ 20,000 亩（2万亩）');
    expect(await row.textContent()).toContain('2020年12月31日');
    await row.click();
    await expect.poll(() => page.locator('mark.quote.selected').textContent()).toBe('2020年底前,完成2万亩废弃露天矿山恢复治理');
    await page.locator('.target-detail').waitFor();
    const shot = await app.screenshot('plan-task14');
    expect(fs.statSync(shot).size).toBeGreaterThan(50_000);
  });

  it('searches across all targets', async () => {
    const { page } = app;
    await page.getByPlaceholder('搜索目标、指标、单位……').fill('氨逃逸');
    await expect.poll(() => page.locator('.targets-grid .ag-row').count()).toBe(3);
    expect(await page.locator('.targets-panel h2').textContent()).toBe('全部考核目标和销号事项');
    await app.screenshot('plan-search');
  });

  it('has no page left “to be developed”: 报告 opens on a workspace with nothing assessed yet', async () => {
    const { page } = app;
    expect(await page.locator('.sidebar .later-tag').count()).toBe(0);
    await page.getByRole('link', { name: '报告' }).click();
    await page.getByRole('heading', { name: '报告', level: 1 }).waitFor();
    // nothing imported, nothing saved: the preview says a run will be saved on generating
    await page.getByText('本月还没有与当前台账一致的已保存评估，生成时将自动保存一次评估。').waitFor();
    expect(await page.getByText('本功能尚未开发，将在后续版本提供。').count()).toBe(0);
  });

  it('lets the analyst add a unit alias in 设置', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
    await page.getByLabel('台账中的写法').fill('盂县大气办');
    await page.getByLabel('指的是').selectOption('盂县');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByText('已添加：“盂县大气办”今后识别为“盂县”。').waitFor();
    await page.getByText('“盂县大气办” → 盂县').waitFor();
    await page.waitForTimeout(800);
    await app.screenshot('settings');
    expect(app.consoleErrors).toEqual([]);
  });
});
