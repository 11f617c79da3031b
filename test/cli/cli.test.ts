import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { COMMANDS } from '../../main/cli/run';
import { repoRoot, tmpDir } from '../support/tmp';

interface PlanJson {
  tasks: { no: number; title: string; lead: string[]; targets: { id: string; description: string; value: number | null; measure: string | null; comparator: string | null; deadline: string; ledger: string }[] }[];
  goals: { id: string }[];
}

describe('bluesky plan --json', () => {
  it('lists all 22 tasks with their targets in the agreed shape', async () => {
    const r = await cli(['plan', '--json']);
    expect(r.code).toBe(0);
    const plan = r.json<PlanJson>();
    expect(plan.tasks.map((t) => t.no)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    for (const t of plan.tasks) {
      expect(typeof t.title).toBe('string');
      expect(Array.isArray(t.lead)).toBe(true);
      for (const x of t.targets) {
        expect(x.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(['mine', 'boiler', 'vehicle', 'permit', 'indicator', 'milestone']).toContain(x.ledger);
        expect(x.value === null || typeof x.value === 'number').toBe(true);
      }
    }
    const t14 = plan.tasks.find((t) => t.no === 14)!;
    expect(t14.lead).toEqual(['市规划和自然资源局']);
    expect(t14.targets).toContainEqual(
      expect.objectContaining({ description: '废弃露天矿山恢复治理', value: 20000, measure: '亩', comparator: '>=', deadline: '2020-12-31', ledger: 'mine' }),
    );
    expect(plan.goals.map((g) => g.id)).toContain('G4-so2-annual');
  });

  it('gives the same plan from a workspace as from the built-in seeds', async () => {
    const db = path.join(tmpDir(), 'ws.sqlite');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    const fromDb = await cli(['plan', '--json', '--db', db]);
    const fromSeeds = await cli(['plan', '--json']);
    expect(fromDb.json()).toEqual(fromSeeds.json());
  });

  it('prints a readable list without --json', async () => {
    const r = await cli(['plan']);
    expect(r.stdout).toContain('14. 推进露天矿山综合整治');
    expect(r.stdout).toContain('废弃露天矿山恢复治理：≥ 20,000 亩（2万亩），2020年12月31日前（露天矿山台账）');
  });
});

describe('bluesky init', () => {
  it('creates a workspace, and says so; a second run changes nothing', async () => {
    const db = path.join(tmpDir(), '工作区', '阳泉2020.sqlite');
    const first = await cli(['init', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`已创建工作区：${db}`);
    expect(first.stdout).toMatch(/重点任务 22 项，考核目标和销号事项 \d+ 个，单位 \d+ 个。/);
    const second = await cli(['init', '--db', db, '--json']);
    expect(second.json()).toMatchObject({ created: false, planUpdated: false, schemaVersion: expect.any(Number), counts: { tasks: 22 } });
  });

  it('resolves a relative --db against the folder the command was run from', async () => {
    const dir = tmpDir();
    expect((await cli(['init', '--db', 'rel.sqlite'], dir)).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'rel.sqlite'))).toBe(true);
  });
});

describe('errors and help', () => {
  it('has Chinese help for every command', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    for (const c of COMMANDS) {
      expect(main.stdout).toContain(c.name);
      const h = await cli([c.name, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/^用法：\s*bluesky /);
    }
  });

  it('exits non-zero with a Chinese sentence on a usage mistake', async () => {
    const unknown = await cli(['plna']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有“plna”这个命令');
    const badOpt = await cli(['plan', '--jsn']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain('未知选项 --jsn');
    const noDb = await cli(['init']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('缺少 --db PATH');
  });

  it('exits 1 with the reason when the workspace is missing, and as JSON under --json', async () => {
    const missing = path.join(tmpDir(), 'nope.sqlite');
    const r = await cli(['plan', '--db', missing, '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ error: { code: 'workspace_missing', message: expect.stringContaining('不存在') } });
    expect(r.stderr).toMatch(/^错误：工作区文件 .* 不存在/);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('the npm script', () => {
  it('works as `npm run -s bluesky -- plan --json` and prints nothing but the JSON', () => {
    const r = spawnSync('npm', ['run', '-s', 'bluesky', '--', 'plan', '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).tasks).toHaveLength(22);
  });

  it('starts from V8\'s code cache after the first run, with the same output, and the bundle leaves packages to require', () => {
    const run = () => spawnSync('npm', ['run', '-s', 'bluesky', '--', 'plan', '--json'], { cwd: repoRoot, encoding: 'utf8' });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(fs.existsSync(path.join(repoRoot, 'dist', 'cli', 'bluesky.v8cache'))).toBe(true);
    const cached = run();
    expect(cached.status, cached.stderr).toBe(0);
    expect(cached.stdout).toBe(first.stdout);
    // a script compiled from the cache has no loader for import(): a package loaded that way (playwright for a PDF)
    // would fail only when a user asks for that command
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'cli', 'bluesky.cjs'), 'utf8');
    expect(bundle.match(/(?<![\w$.])import\(\s*["'`][^"'`]+["'`]\s*\)/g) ?? []).toEqual([]);
  });
});
