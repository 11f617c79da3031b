import { writeTransaction, type Db } from '../db/connection';
import { normalizeName } from '../../../shared/text';
import type { TargetView } from '../../../shared/models';
import { GOAL_SECTIONS, planViewFromSeeds } from './planViewFromSeeds';
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
import { allTargets, type Seeds } from './loadSeeds';


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

    // the targets as every reader will see them (units taken over from the task, values per unit), in the seeds' order
    const view = planViewFromSeeds(plan);
    const tasksByNo = new Map(view.tasks.map((t) => [t.no, t]));
    let targetOrder = 0;
    const writeTarget = ({ task, section, unitValues, lead, co, units, ...rest }: TargetView) => {
      upsertTarget(db, { ...rest, taskNo: task, sectionCode: section, order: ++targetOrder });
      replaceTargetUnits(db, rest.id, [
        ...lead.map((n) => ({ unitId: idOf(n), role: 'lead' as const, value: null })),
        ...co.map((n) => ({ unitId: idOf(n), role: 'co' as const, value: null })),
        ...units.map((n) => ({ unitId: idOf(n), role: 'implementing' as const, value: unitValues?.[n] ?? null })),
      ]);
    };

    for (const task of plan.tasks) {
      upsertTask(db, { no: task.no, sectionCode: task.section, title: task.title, clause: task.clause, leadNote: task.leadNote });
      replaceTaskUnits(db, task.no, [
        ...task.lead.map((n) => ({ unitId: idOf(n), role: 'lead' as const })),
        ...task.co.map((n) => ({ unitId: idOf(n), role: 'co' as const })),
        ...task.units.map((n) => ({ unitId: idOf(n), role: 'implementing' as const })),
      ]);
      for (const t of tasksByNo.get(task.no)!.targets) writeTarget(t);
    }
    for (const g of view.goals) writeTarget(g);
    for (const p of view.provisions) for (const t of p.targets) writeTarget(t);
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
