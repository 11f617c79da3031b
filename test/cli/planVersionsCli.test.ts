// bluesky plan import into a workspace that has its plans, plan list, and assess --plan.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { suiteDir, tmpDir } from '../support/tmp';
import { handWrittenPlan, saveWorkbook } from '../fixtures/planWorkbooks';

interface VersionJson {
  id: number;
  title: string;
  number: string;
  year: number;
  version: number;
  label: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  latest: boolean;
}

let plan2021: string;

beforeAll(async () => {
  const dir = suiteDir();
  const template = path.join(dir, '方案2020.xlsx');
  expect((await cli(['plan', 'export', '--out', template])).code).toBe(0);
  const { wb } = await handWrittenPlan(fs.readFileSync(template));
  plan2021 = path.join(dir, '方案2021.xlsx');
  fs.writeFileSync(plan2021, await saveWorkbook(wb));
}, 90_000);

describe('a second plan from the command line', () => {
  it('checks against the workspace, loads as a new plan, and assessments take the plan in force', async () => {
    const db = path.join(tmpDir(), '阳泉.sqlite');
    expect((await cli(['init', '--db', db])).code).toBe(0);

    const check = await cli(['plan', 'import', plan2021, '--db', db, '--check', '--json']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.json()).toMatchObject({ ok: true, findings: [], load: { kind: 'new', version: 1, effectiveFrom: '2021-01-01' }, loaded: null });
    const text = await cli(['plan', 'import', plan2021, '--db', db, '--check']);
    expect(text.stdout).toContain('载入后：作为新方案，自2021年1月1日起施行。');

    const load = await cli(['plan', 'import', plan2021, '--db', db, '--json']);
    expect(load.code, load.stderr).toBe(0);
    expect(load.json()).toMatchObject({ ok: true, loaded: { version: { number: '示例〔2021〕1号', version: 1, label: '原方案' } } });

    const list = await cli(['plan', 'list', '--db', db]);
    expect(list.stdout).toContain('《阳泉市打赢蓝天保卫战2020年决战行动方案》（阳政办发〔2020〕28号）原方案，2020年1月1日至2020年12月31日施行；');
    expect(list.stdout).toContain('（示例〔2021〕1号）原方案，自2021年1月1日起施行');
    const versions = (await cli(['plan', 'list', '--db', db, '--json'])).json<{ versions: VersionJson[] }>().versions;
    expect(versions.map((v) => [v.year, v.version])).toEqual([
      [2020, 1],
      [2021, 1],
    ]);

    const jan = await cli(['assess', '--db', db, '--as-of', '2021-01-31', '--no-save', '--json']);
    expect(jan.code, jan.stderr).toBe(0);
    expect(jan.json<{ plan: { number: string } }>().plan.number).toBe('示例〔2021〕1号');
    const asked = await cli(['assess', '--db', db, '--as-of', '2021-01-31', '--no-save', '--plan', '阳政办发〔2020〕28号@1']);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain('依据：《阳泉市打赢蓝天保卫战2020年决战行动方案》（阳政办发〔2020〕28号）原方案（--plan 指定）');
    const byYear = await cli(['plan', '--db', db, '--plan', '2021', '--json']);
    expect(byYear.json<{ document: { number: string } }>().document.number).toBe('示例〔2021〕1号');

    const unknown = await cli(['assess', '--db', db, '--as-of', '2021-01-31', '--plan', '2019']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('工作区中没有“2019”这个方案');
    const noSuchVersion = await cli(['plan', '--db', db, '--plan', '2021@3']);
    expect(noSuchVersion.stderr).toContain('没有第3版');
  });
});
