import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, SCREENSHOT_DIR, type AppUnderTest } from './harness';
import { imp } from '../support/importHarness';
import { correctedPermits } from '../fixtures/demoCorrections';

let app: AppUnderTest;

beforeAll(async () => {
  // the demo as the office has it in October: August decided, September assessed with its proposals waiting
  app = await openApp({ demo: true, assessments: true });
});
afterAll(async () => {
  await app?.close();
});

describe('问责台账 across two saved runs of September', () => {
  it('shows decisions carried over, the older run superseded, and a decision whose basis changed for review', async () => {
    const api = app.session.api;
    const first = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    // the office decides 盂县's September proposals on the first run
    for (const p of (await api['assess.open']({ runId: first.id })).proposals) {
      if (p.unit === '盂县') await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '经领导组办公室研究，按建议处理' });
    }
    // 盂县 corrects its permits (coverage now complete), and September is assessed again
    imp(app.ws, '盂县-排污许可台账-2020年9月（更正）.xlsx', await correctedPermits(), { now: new Date('2020-10-09T02:00:00Z') });
    const second = await api['assess.save']({ asOf: '2020-09-30', note: '盂县更正排污许可台账后重新评估' });
    expect(second.runId).toBeGreaterThan(first.id);

    const { page } = app;
    await page.goto(`${app.bridge.url}#/register`);
    await page.getByRole('heading', { name: '问责台账', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('评估').inputValue()).toBe(String(second.runId));
    const proposals = page.locator('.proposals-grid .ag-row');
    const yu = proposals.filter({ hasText: '盂县' }).filter({ hasText: '全面完成燃气锅炉低氮改造' }).first();
    await yu.waitFor();
    await expect.poll(() => yu.textContent()).toContain(`沿用评估 #${first.id} 的决定：已确认 · 整改中`);
    // the permit proposal is gone from the newer run; its decision waits for review in the register
    expect(await proposals.filter({ hasText: '盂县' }).filter({ hasText: '固定污染源排污许可证全覆盖' }).count()).toBe(0);
    const changed = page.locator('.entries-grid .ag-row').filter({ hasText: '盂县' }).filter({ hasText: '依据已变化' });
    await expect.poll(() => changed.count()).toBe(1);
    await page.getByText(/1 条决定依据已变化/).waitFor();
    await changed.first().click();
    await expect.poll(() => page.locator('.side-form .side-target').last().textContent()).toBe('任务5 固定污染源排污许可证全覆盖');
    expect(await page.locator('.side-form .basis-changed-line').textContent()).toContain(`第 ${second.runId} 次评估已不再提出该建议`);
    await page.mouse.move(5, 890);
    await page.waitForTimeout(300);
    await app.screenshot('register-carried');

    // reviewing it: the figure is fixed, so the office closes it
    await page.getByLabel('变更为').selectOption('closed');
    await page.getByLabel('依据说明').fill('盂县更正台账，名录内企业已全部发证，核销');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText(/已变更为“已销号”/).waitFor();
    await expect.poll(() => page.locator('.entries-grid .ag-row').filter({ hasText: '依据已变化' }).count()).toBe(0);

    // the first run's undecided proposals are superseded, not pending a second time
    await page.getByLabel('评估').selectOption(String(first.id));
    await page.getByText(`转到评估 #${second.runId}`).waitFor();
    const stale = page.locator('.proposals-grid .ag-row').filter({ hasText: '平定县' }).first();
    await expect.poll(() => stale.textContent()).toContain(`已被评估 #${second.runId} 取代`);
    expect(await page.locator('.register-page .assess-controls').textContent()).toContain('待处理 0 条');
    await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(5, 890);
    await page.waitForTimeout(300);
    await app.screenshot('register-superseded');
    expect(app.consoleErrors).toEqual([]);
  });

  it('wrote the screenshots', () => {
    for (const name of ['register-carried', 'register-superseded']) expect(fs.statSync(path.join(SCREENSHOT_DIR, `${name}.png`)).size).toBeGreaterThan(30_000);
  });
});
