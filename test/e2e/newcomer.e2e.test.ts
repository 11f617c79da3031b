// A newcomer's first hour at 1366×768: from an empty workspace to a saved assessment, each step said on the page.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';
import { buildDemoLedgers, type DemoFile } from '../fixtures/demoLedgers';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screens');

let app: AppUnderTest;
let september: DemoFile[];

beforeAll(async () => {
  app = await openApp();
  await app.page.setViewportSize({ width: 1366, height: 768 });
  // a first batch of September's returns: three counties and the departments' indicator books (the corrected ledger comes later)
  const first = ['城区', '平定县', '盂县'];
  september = (await buildDemoLedgers()).filter(
    (f) => f.relPath.startsWith('2020-09/') && !f.relPath.includes('（更正）') && (f.relPath.includes('指标报送') || first.some((u) => path.basename(f.relPath).startsWith(`${u}-`))),
  );
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `newcomer-${name}.png`) });
}

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv',
};

describe('from an empty workspace to a saved assessment at 1366×768', () => {
  it('is told at each step what is missing and taken to the step that supplies it', { timeout: 300_000 }, async () => {
    const { page } = app;

    // 1. 考核评估 on an empty workspace says nothing is imported, and where to import
    await page.goto(`${app.bridge.url}#/assess`);
    await page.getByRole('heading', { name: '考核评估', level: 1 }).waitFor();
    const steps = page.getByRole('note', { name: '下一步' });
    await expect.poll(() => steps.textContent()).toContain('还没有可评估的台账。');
    // the grid draws its empty-matrix overlay after it starts, later than the steps above it
    await expect.poll(() => page.locator('.matrix-grid').textContent()).toContain('全部未报送或目标值待下达，已按勾选隐藏');
    await shot(page, '1-assess-empty');

    // the briefing says the same before anyone clicks
    await page.goto(`${app.bridge.url}#/reports`);
    const noReturns = page.locator('.no-returns');
    await expect.poll(() => noReturns.textContent()).toContain('2020年9月没有任何单位报送台账。');
    expect(await page.getByRole('button', { name: '生成月度通报' }).isDisabled()).toBe(true);
    await shot(page, '2-reports-empty');

    // 2. 导入台账, from the link on 考核评估
    await page.goto(`${app.bridge.url}#/assess`);
    await steps.getByRole('link', { name: '导入台账' }).click();
    await page.getByRole('heading', { name: '台账导入', level: 1 }).waitFor();
    await page.getByLabel('选择台账文件').setInputFiles(
      september.map((f) => ({ name: path.basename(f.relPath), mimeType: MIME[path.extname(f.relPath).slice(1)]!, buffer: f.bytes })),
    );
    const importAll = page.getByRole('button', { name: /^全部导入（\d+）$/ });
    await expect.poll(() => importAll.textContent(), { timeout: 120_000 }).toBe(`全部导入（${september.length}）`);
    await shot(page, '3-import-checked');
    await importAll.click();
    await expect.poll(() => page.locator('.file-list .badge.state-imported').count(), { timeout: 180_000, interval: 1000 }).toBe(september.length);
    await shot(page, '4-import-done');

    // 3. back on 考核评估: figures now, and what still waits: values to hand down, and the save
    await page.getByRole('link', { name: '考核评估' }).click();
    await page.locator('.matrix-grid .ag-row').first().waitFor();
    await expect.poll(() => steps.textContent()).toContain('本月评估尚未保存。');
    expect(await steps.textContent()).not.toContain('还没有可评估的台账');
    const waitingBefore = Number(/(\d+) 个目标的分解值待下达/.exec((await steps.textContent()) ?? '')?.[1] ?? 0);
    await shot(page, '5-assess-imported');

    // 4. 录入分解值 when the plan hands values down later: the link opens the target with its allocation form
    if (waitingBefore > 0) {
      await steps.getByRole('link', { name: '录入分解值' }).click();
      await page.getByRole('heading', { name: '目标与分解', level: 1 }).waitFor();
      const panel = page.getByRole('region', { name: '目标分解' });
      await panel.waitFor();
      // the share fields open once the saved shares are read; all() does not wait for them
      await panel.locator('.alloc-unit input').first().waitFor();
      for (const input of await panel.locator('.alloc-unit input').all()) await input.fill('10');
      await panel.getByRole('button', { name: '保存分解值' }).click();
      await expect.poll(() => panel.textContent()).toMatch(/最近录入/);
      await shot(page, '6-plan-allocated');
      await page.getByRole('link', { name: '考核评估' }).click();
      await page.locator('.matrix-grid .ag-row').first().waitFor();
      await expect.poll(async () => Number(/(\d+) 个目标的分解值待下达/.exec((await steps.textContent()) ?? '')?.[1] ?? 0)).toBe(waitingBefore - 1);
    }

    // 5. 保存本月评估: the steps are done, and 问责台账 has the proposals
    await page.getByRole('button', { name: '保存本月评估' }).click();
    await page.getByText(/已保存为评估 #1（截至2020年9月30日）/).waitFor();
    await page.getByText('正在查看已保存的评估 #1').waitFor();
    expect(await steps.count()).toBe(0);
    await shot(page, '7-assess-saved');
    await page.getByRole('link', { name: '前往问责台账' }).click();
    await page.locator('.proposals-grid .ag-row').first().waitFor();
    await shot(page, '8-register');
    expect(app.consoleErrors).toEqual([]);
  });
});
