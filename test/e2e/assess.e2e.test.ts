import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp({ demo: true });
});
afterAll(async () => {
  await app?.close();
});

const BOILER = '全面完成燃气锅炉低氮改造';

describe('考核评估, 问责台账 and 目标分解 on the demo workspace', () => {
  it('shows the target × unit matrix at 2020-09-30 and goes from 盂县’s overdue boiler retrofits to the rows behind it in two clicks', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/assess`);
    await page.getByRole('heading', { name: '考核评估' }).waitFor();
    await expect.poll(() => page.getByLabel('截止日期').inputValue()).toBe('2020-09-30');
    await page.getByText('实时计算（未保存）').waitFor();
    await page.locator('.matrix-grid .ag-row').first().waitFor();
    // grouped by task, with the target value next to the description
    await expect.poll(() => page.locator('.matrix-grid .matrix-group').first().textContent()).toBeTruthy();
    expect(await page.locator('.matrix-grid .ag-header').textContent()).toContain('全市');
    await page.locator('.echart').first().waitFor();
    await page.mouse.move(5, 890);
    await page.waitForTimeout(500);
    await app.screenshot('assess');

    // the status legend filters the rows
    await page.getByRole('button', { name: /^逾期未完成 \d+/ }).click();
    const row = page.locator('.matrix-grid .ag-row', { hasText: BOILER }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('≥ 100%');
    // by row-id, which the filter leaves alone: the row may be found before the filter re-renders, when its row-index is still the old one
    const id = await row.getAttribute('row-id');
    const cell = page.locator(`.matrix-grid .ag-row[row-id="${id}"] .ag-cell[col-id="u:盂县"]`);
    await expect.poll(() => cell.textContent()).toContain('87.5% / 序时100%');
    expect(await cell.textContent()).toContain('逾期');
    expect(await cell.getAttribute('class')).toContain('st-overdue');

    // click one: the figure, its basis and the ledger rows, the two boilers not retrofitted first
    await cell.click();
    const detail = page.locator('.result-detail');
    await expect.poll(() => detail.textContent()).toContain('在册燃气锅炉 16 台，已完成低氮改造 14 台');
    expect(await detail.textContent()).toContain('逾期未完成');
    expect(await detail.textContent()).toContain('87.5%');
    const evidence = page.locator('.evidence-panel');
    await expect.poll(() => evidence.textContent()).toContain('共 16 行');
    const lowNox = (i: number) => page.locator(`.evidence-grid .ag-row[row-index="${i}"] .ag-cell[col-id="lowNox"]`).textContent();
    await expect.poll(() => lowNox(0)).toBe('否');
    expect(await lowNox(1)).toBe('否');
    expect(await lowNox(2)).toBe('是');
    const mark = (i: number) => page.locator(`.evidence-grid .ag-row[row-index="${i}"] .ag-cell[col-id="holdsBack"]`).textContent();
    expect([await mark(0), await mark(1), await mark(2)]).toEqual(['未完成', '未完成', '已完成']);
    expect(await page.locator('.evidence-grid .ag-row[row-index="0"] .ag-cell[col-id="where"]').textContent()).toMatch(/锅炉台账 第\d+行/);
    await expect.poll(() => page.locator('.echart').count()).toBe(3);
    await page.mouse.move(5, 890);
    await page.waitForTimeout(500);
    await app.screenshot('assess-detail');

    // the returns of the month, and the proposals waiting for the analyst
    const returns = page.locator('.returns-table');
    await returns.scrollIntoViewIfNeeded();
    expect(await returns.textContent()).toContain('逾期');
    expect(await page.locator('.returns-panel .returns-summary').textContent()).toMatch(/逾期报送 [1-9]/);
    expect(await page.locator('.proposals-summary').textContent()).toMatch(/\d+ 条/);
    await page.waitForTimeout(300);
    await app.screenshot('assess-returns');
  });

  it('saves the month’s assessment and reopens it as saved', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '保存本月评估' }).click();
    await page.getByText(/已保存为评估 #1（截至2020年9月30日）/).waitFor();
    await page.getByText('正在查看已保存的评估 #1').waitFor();
    await expect.poll(() => page.getByLabel('已保存的评估').inputValue()).toBe('1');
    expect(await page.locator('.proposals-summary').textContent()).toMatch(/待处理 \d+ 条/);
    // back to the live picture, then last month's picture reopened exactly as saved
    await page.getByLabel('已保存的评估').selectOption('');
    await page.getByText('实时计算（未保存）').waitFor();
    await page.getByText('已保存过 #1，再次保存以新结果为准').waitFor();
    await page.getByLabel('已保存的评估').selectOption('1');
    await page.getByText('正在查看已保存的评估 #1').waitFor();
    await expect.poll(() => page.locator('.evidence-panel').textContent()).toContain('行取自评估 #1 保存时使用的报送版本');
    // the rows arrive after the caption, slower under load
    await expect.poll(() => page.locator('.evidence-panel').textContent()).toContain('共 16 行');
  });

  it('confirms, downgrades and dismisses proposals with reasons, and closes a register entry', async () => {
    const { page } = app;
    await page.getByRole('link', { name: '前往问责台账' }).click();
    await page.getByRole('heading', { name: '问责台账', level: 1 }).waitFor();
    const proposals = page.locator('.proposals-grid .ag-row');
    await proposals.first().waitFor();
    const pick = async (unit: string, target: string) => {
      await proposals.filter({ hasText: unit }).filter({ hasText: target }).first().click();
      // named with its task number: 任务9 全面完成燃气锅炉低氮改造
      await expect.poll(() => page.locator('.side-form .side-target').first().textContent()).toMatch(new RegExp(`^任务\\d+ ${target}$`));
    };

    await pick('盂县', BOILER);
    await page.getByLabel('处理理由').fill('经核实，2台燃气锅炉9月底仍未完成低氮改造，按规定约谈');
    await page.getByRole('button', { name: '提交确认' }).click();
    await page.getByText(/盂县“任务9 全面完成燃气锅炉低氮改造”：已确认约谈，进入整改/).waitFor();

    await pick('平定县', '完成重点行业VOCs针对性整治');
    await page.getByRole('radio', { name: '降级' }).check();
    await page.getByLabel('降为').selectOption('warning');
    await page.getByLabel('处理理由').fill('已签订治理合同，明确10月底完成，先行预警');
    await page.getByRole('button', { name: '提交降级' }).click();
    await page.getByText(/已降为预警，进入整改/).waitFor();

    await pick('矿区', '民用煤销售企业每月煤质抽检覆盖率');
    await page.getByRole('radio', { name: '驳回' }).check();
    await page.getByLabel('处理理由').fill('抽检记录漏报，补报后覆盖率达标');
    await page.getByRole('button', { name: '提交驳回' }).click();
    await page.getByText(/矿区“任务8 民用煤销售企业每月煤质抽检覆盖率”：已驳回/).waitFor();

    const entries = page.locator('.entries-grid .ag-row');
    await expect.poll(() => entries.count()).toBe(3);
    const yu = entries.filter({ hasText: '盂县' }).first();
    expect(await yu.textContent()).toContain('整改中');
    await yu.click();
    await page.getByLabel('变更为').selectOption('closed');
    await page.getByLabel('依据说明').fill('盂县报送整改报告，2台锅炉已完成低氮改造，现场核查属实');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText(/已变更为“已销号”/).waitFor();
    await expect.poll(() => yu.textContent()).toContain('已销号');
    expect(await page.locator('.timeline').textContent()).toContain('现场核查属实');
    expect(await entries.filter({ hasText: '平定县' }).first().textContent()).toContain('由约谈降级');
    expect(await entries.filter({ hasText: '矿区' }).first().textContent()).toContain('已驳回');
    // decided proposals show their decision: the run is read again apart from the register, and may arrive later
    await expect.poll(() => proposals.filter({ hasText: '盂县' }).filter({ hasText: BOILER }).first().textContent()).toContain('已确认 · 已销号');
    await page.mouse.move(5, 890);
    await page.waitForTimeout(300);
    await app.screenshot('register');
  });

  it('allocates the abandoned-mine restoration target among the units and warns when the shares fall short', async () => {
    const { page } = app;
    await page.getByRole('link', { name: '目标与分解' }).click();
    await page.locator('.chapter-list .ag-row', { hasText: '推进露天矿山综合整治' }).click();
    await page.locator('.targets-grid .ag-row', { hasText: '废弃露天矿山恢复治理' }).click();
    const panel = page.getByRole('region', { name: '目标分解' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('全市目标 ≥ 20,000 亩（2万亩）');
    // the share fields open once the saved shares are read, as a user sees them appear
    await panel.locator('.alloc-unit input').first().waitFor();
    const shares: Record<string, string> = { 城区: '2000', 矿区: '3000', 郊区: '4000', 平定县: '5000', 盂县: '4000', 开发区: '1000' };
    for (const [unit, v] of Object.entries(shares)) await page.getByLabel(`${unit}分解值`).fill(v);
    // the sum follows the last keystroke after React re-renders: polled, as a loaded machine may lag
    await expect.poll(() => panel.locator('.alloc-sum').textContent()).toContain('合计 19,000 亩，全市目标 20,000 亩');
    await page.getByRole('button', { name: '保存分解值' }).click();
    await page.getByText('已保存 6 个单位的分解值。').waitFor();
    await expect.poll(() => page.getByLabel('分解核对').textContent()).toContain('与全市目标 20,000亩 不一致（少 1,000亩）');
    await page.getByLabel('分解核对').scrollIntoViewIfNeeded();
    await page.mouse.move(5, 890);
    await app.screenshot('allocation');

    // the assessment now warns about it at the top, and holds each county to its share
    await page.getByRole('link', { name: '考核评估' }).click();
    await expect.poll(() => page.locator('.warnings').textContent()).toContain('废弃露天矿山恢复治理');
    expect(app.consoleErrors).toEqual([]);
  });

  it('wrote the screenshots', () => {
    for (const name of ['assess', 'assess-detail', 'register', 'allocation']) {
      expect(fs.statSync(`${import.meta.dirname}/../../test-output/screenshots/${name}.png`).size).toBeGreaterThan(30_000);
    }
  });
});
