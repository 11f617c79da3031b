import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './harness';

let app: AppUnderTest;

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

describe('设置: who signs, the 严重滞后 gap and the ranking weights', () => {
  it('asks for the analyst before anything is signed, and stores what the page edits for the next assessment', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}#/settings`);
    const sign = page.getByRole('region', { name: '署名与发文' });
    await sign.getByText('尚未设置分析员姓名：在此填写后才能印发通报、约谈材料和登记问责决定。').waitFor();
    // the OS account is shown for what it is, not as a signer
    expect(await page.locator('.info-list').textContent()).toContain('测试分析员（只记入操作记录，不作署名）');

    await sign.getByLabel('分析员姓名').fill('王');
    await sign.getByRole('button', { name: '保存' }).click();
    await sign.getByText(/分析员姓名至少 2 个字/).waitFor();
    await sign.getByLabel('分析员姓名').fill('王芳');
    await sign.getByLabel('文号前缀').fill('阳大气办');
    await sign.getByLabel('抄送机关').fill('市委办公室，市政府办公室');
    await sign.getByRole('button', { name: '保存' }).click();
    await sign.getByText('已保存：分析员姓名、文号前缀、抄送机关。此后印发的文件和登记的决定按此署名。').waitFor();
    expect(await app.session.api['workspaceSettings.get']({})).toMatchObject({ analyst: '王芳', docNumberPrefix: '阳大气办', copyRecipients: '市委办公室，市政府办公室' });
    // the warning goes when the settings are read again, after the saved message
    await expect.poll(() => sign.getByText('尚未设置分析员姓名').count()).toBe(0);

    const assess = page.getByRole('region', { name: '考核设置' });
    const gap = assess.getByLabel('严重滞后差距（百分点）');
    expect(await gap.inputValue()).toBe('20');
    await gap.fill('15');
    const gapSave = assess.locator('.gap-form').getByRole('button', { name: '保存' });
    await gapSave.click();
    await assess.getByText('已保存：完成率低于序时进度超过 15 个百分点为严重滞后，从下一次评估起生效。').waitFor();
    // the settings are read again after the message, and a late read would drop the weight typed next:
    // 保存 is disabled again once the form's gap is the saved one, i.e. the read is in
    await expect.poll(() => gapSave.isDisabled()).toBe(true);
    const weight = assess.getByLabel('固定污染源排污许可证全覆盖的权重');
    expect(await weight.inputValue()).toBe('1');
    await weight.fill('2');
    await assess.getByRole('button', { name: '保存权重' }).click();
    await assess.getByText('已保存排名权重（1 个目标不为 1），从下一次评估起生效。').waitFor();
    expect(await app.session.api['settings.get']({})).toMatchObject({ seriousLagGap: 0.15, weights: { 'T05-permit-coverage': 2 } });
    // the next assessment uses them, as it records
    expect((await app.session.api['assess.compute']({ asOf: '2020-09-30' })).settings).toMatchObject({ seriousLagGap: 0.15, weights: { 'T05-permit-coverage': 2 } });

    await sign.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.mouse.move(5, 890);
    await page.waitForTimeout(300);
    await app.screenshot('settings-sign');
    await assess.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await app.screenshot('settings-assess');

    // the report page says who signs and what date the documents bear
    await page.goto(`${app.bridge.url}#/reports`);
    await page.getByText('制表人、印发人：王芳').waitFor();
    // the default is the core's today (the preview is dated with it), which arrives with the preview
    await expect.poll(() => page.getByLabel('印发日期').inputValue()).toBe('2020-10-08');
    await page.waitForTimeout(300);
    await app.screenshot('reports-stamp');
    expect(app.consoleErrors).toEqual([]);
  });
});
