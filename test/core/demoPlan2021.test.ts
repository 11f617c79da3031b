import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSeed, unitsSeed, type PlanSeed } from '../../main/core/plan/seedSchema';
import { allTargets, loadSeeds } from '../../main/core/plan/loadSeeds';
import { openWorkspace } from '../../main/core/workspace';
import { readPlan } from '../../main/core/db/repos/planRepo';
import { listUnits } from '../../main/core/db/repos/unitsRepo';
import { buildPlanWorkbook } from '../../main/core/plan/planWorkbookWrite';
import { checkPlanWorkbook } from '../../main/core/plan/planWorkbook';
import { seedsDir } from '../support/tmp';

const FILE = 'demo-plan-2021.json';
const demo: PlanSeed = planSeed.parse(JSON.parse(fs.readFileSync(path.join(seedsDir, FILE), 'utf8')));
const builtIn = loadSeeds(seedsDir);
const ids2020 = new Set(allTargets(builtIn.plan).map(({ target }) => target.id));
const targets = allTargets(demo).map(({ target }) => target);

describe('the 2021 example plan for the demo workspace', () => {
  it('says it is an example in its title, its 文号 and its text', () => {
    expect(demo.document.title).toContain('示例');
    expect(demo.document.number).toContain('示例');
    expect(demo.document.year).toBe(2021);
    expect(demo.provisions.map((p) => p.text).join('')).toMatch(/示例方案.*不是阳泉市正式印发的文件/);
  });

  it('carries a subset of the 2020 targets forward under the same ids, due in 2021, and adds a few of its own', () => {
    const carried = targets.filter((t) => ids2020.has(t.id));
    const added = targets.filter((t) => !ids2020.has(t.id));
    expect(carried.length).toBeGreaterThanOrEqual(8);
    expect(carried.length).toBeLessThanOrEqual(15);
    expect(added.length).toBeGreaterThanOrEqual(3);
    expect(added.length).toBeLessThanOrEqual(5);
    for (const t of targets) expect(t.deadline, t.id).toMatch(/^2021-/);
    // a carried target is fed by the ledger that fed it in 2020
    const before = new Map(allTargets(builtIn.plan).map(({ target }) => [target.id, target]));
    for (const t of carried) expect([t.id, t.ledger, t.measurement]).toEqual([t.id, before.get(t.id)!.ledger, before.get(t.id)!.measurement]);
    // and raised where the figure was the plan's own: 2万亩 → 3万亩, 160 户 → 140 户
    const value = (id: string) => targets.find((t) => t.id === id)!.value;
    expect(value('T14-abandoned-mine-restoration')).toBe(30000);
    expect(value('T03-refractory-enterprises')).toBe(140);
  });

  it('names only the units of the built-in unit table, and quotes its own clauses word for word', () => {
    const known = new Set(builtIn.units.units.map((u) => u.name));
    const named = [
      ...demo.tasks.flatMap((t) => [...t.lead, ...t.co, ...t.units]),
      ...targets.flatMap((t) => [...(t.lead ?? []), ...(t.co ?? []), ...(t.units ?? []), ...Object.keys(t.unitValues ?? {})]),
    ];
    expect(named.filter((n) => !known.has(n))).toEqual([]);
    for (const task of demo.tasks) for (const t of task.targets) expect(task.clause, t.id).toContain(t.quote);
  });

  it('writes out as a plan workbook that checks back without an error, with every target', async () => {
    const units = unitsSeed.parse(builtIn.units);
    const ws = openWorkspace(':memory:', { plan: { seeds: { plan: demo, units, sha256: 'demo-2021' }, source: FILE } });
    let bytes: Buffer;
    try {
      bytes = await buildPlanWorkbook({ plan: readPlan(ws.db), units: listUnits(ws.db) });
    } finally {
      ws.db.close();
    }
    const check = checkPlanWorkbook(bytes, '阳泉市2021年示例方案.xlsx');
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(check.seeds).not.toBeNull();
    const back = check.seeds!.plan;
    expect(back.document).toMatchObject({ title: demo.document.title, number: demo.document.number, year: 2021 });
    expect(allTargets(back).map(({ target }) => target.id).sort()).toEqual(targets.map((t) => t.id).sort());
  }, 90_000);
});
