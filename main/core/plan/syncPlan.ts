import { writeTransaction, type Db } from '../db/connection';
import { normalizeName } from '../../../shared/text';
import type { TargetCategory } from '../../../shared/models';
import { getMeta, setMeta } from '../db/repos/metaRepo';
import { deleteSeedAliases, insertSeedAlias, unitIdsByName, upsertUnit } from '../db/repos/unitsRepo';
import {
  replaceTargetUnits,
  replaceTaskUnits,
  retireTargetsExcept,
  upsertSection,
  upsertTarget,
  upsertTask,
} from '../db/repos/planRepo';
import type { TargetSeed } from './seedSchema';
import { allTargets, type Seeds } from './loadSeeds';

export const GOAL_SECTIONS: Record<string, string> = { '二(一)': '约束性指标', '二(二)': '争取性指标' };

export interface SyncResult {
  changed: boolean;
  targets: number;
  retired: number;
  /** The plan version a workbook became, when one was loaded. */
  version?: number;
}

/**
 * Writes the plan and units into the workspace. Idempotent: the same seeds leave the workspace untouched;
 * changed seeds update rows in place, keep analyst-added aliases, and retire (not delete) vanished targets.
 */
export function syncPlan(db: Db, seeds: Seeds, opts: { force?: boolean; source?: string; additional?: boolean } = {}): SyncResult {
  if (!opts.force && !opts.additional && getMeta(db, 'seeds.sha256') === seeds.sha256) {
    return { changed: false, targets: allTargets(seeds.plan).length, retired: 0 };
  }
  return writeTransaction(db, (): SyncResult => {
    for (const u of seeds.units.units) upsertUnit(db, u);
    const ids = unitIdsByName(db);
    const idOf = (name: string): number => {
      const id = ids.get(name);
      if (id === undefined) throw new Error(`单位“${name}”不在单位表中`);
      return id;
    };
    // another plan beside the workspace's own adds its units' names; it takes none away
    if (!opts.additional) deleteSeedAliases(db);
    for (const u of seeds.units.units) {
      for (const written of [u.name, ...u.aliases]) insertSeedAlias(db, normalizeName(written), written, idOf(u.name));
    }

    const { plan } = seeds;
    let order = 0;
    for (const [code, title] of Object.entries(GOAL_SECTIONS)) upsertSection(db, { code, title, text: null, order: ++order });
    for (const s of plan.sections) upsertSection(db, { code: s.code, title: s.title, text: null, order: ++order });
    for (const p of plan.provisions) upsertSection(db, { code: p.code, title: p.title, text: p.text, order: ++order });

    let targetOrder = 0;
    const writeTarget = (
      t: TargetSeed,
      ctx: { taskNo: number | null; section: string; category: TargetCategory; lead: string[]; co: string[]; units: string[] },
    ) => {
      upsertTarget(db, {
        id: t.id,
        taskNo: ctx.taskNo,
        sectionCode: ctx.section,
        category: ctx.category,
        kind: t.kind,
        description: t.description,
        metric: t.metric,
        measure: t.measure,
        comparator: t.comparator,
        value: t.value,
        valueSource: t.valueSource,
        allocatable: t.allocatable ?? false,
        start: t.start,
        deadline: t.deadline,
        deadlineBasis: t.deadlineBasis,
        scope: t.scope,
        reportedBy: t.reportedBy,
        ledger: t.ledger,
        measurement: t.measurement ?? null,
        aggregation: t.aggregation,
        strength: t.strength,
        ongoing: t.ongoing ?? false,
        condition: t.condition ?? null,
        quote: t.quote,
        note: t.note ?? null,
        order: ++targetOrder,
      });
      const unitValues = t.unitValues ?? {};
      replaceTargetUnits(db, t.id, [
        ...(t.lead ?? ctx.lead).map((n) => ({ unitId: idOf(n), role: 'lead' as const, value: null })),
        ...(t.co ?? ctx.co).map((n) => ({ unitId: idOf(n), role: 'co' as const, value: null })),
        ...(t.units ?? ctx.units).map((n) => ({ unitId: idOf(n), role: 'implementing' as const, value: unitValues[n] ?? null })),
      ]);
    };

    for (const task of plan.tasks) {
      upsertTask(db, { no: task.no, sectionCode: task.section, title: task.title, clause: task.clause, leadNote: task.leadNote });
      replaceTaskUnits(db, task.no, [
        ...task.lead.map((n) => ({ unitId: idOf(n), role: 'lead' as const })),
        ...task.co.map((n) => ({ unitId: idOf(n), role: 'co' as const })),
        ...task.units.map((n) => ({ unitId: idOf(n), role: 'implementing' as const })),
      ]);
      for (const t of task.targets) {
        writeTarget(t, { taskNo: task.no, section: task.section, category: 'task', lead: task.lead, co: task.co, units: task.units });
      }
    }
    for (const g of plan.goals) {
      writeTarget(g, { taskNo: null, section: g.section ?? '二(一)', category: 'goal', lead: [], co: [], units: [] });
    }
    for (const p of plan.provisions) {
      for (const t of p.targets) writeTarget(t, { taskNo: null, section: p.code, category: 'provision', lead: [], co: [], units: [] });
    }
    if (opts.additional) return { changed: true, targets: targetOrder, retired: 0 };
    const retired = retireTargetsExcept(db, new Set(allTargets(plan).map((x) => x.target.id)));

    setMeta(db, 'plan.title', plan.document.title);
    setMeta(db, 'plan.number', plan.document.number);
    setMeta(db, 'plan.issuer', plan.document.issuer);
    setMeta(db, 'plan.year', String(plan.document.year));
    setMeta(db, 'seeds.sha256', seeds.sha256);
    // a plan loaded from a workbook is the workspace's own: the built-in seeds no longer touch it
    if (opts.source) setMeta(db, 'plan.source', opts.source);
    return { changed: true, targets: targetOrder, retired };
  });
}
