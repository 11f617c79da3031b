import type { Db } from '../db/connection';
import type { TargetView } from '../../../shared/models';
import { splitTaskNumber, targetName } from '../../../shared/planNames';
import { defaultPlanVersion, readPlan } from '../db/repos/planRepo';
import { listPlanVersions } from '../db/repos/planVersionsRepo';
import { foldText } from '../importer/values';

export type TargetLookup = { target: TargetView } | { ambiguous: TargetView[] } | null;

/** The plan's targets as an import looks them up: by code, by name (任务4 完成…), by metric or description, by task number. */
export interface PlanIndex {
  targets: Map<string, TargetView>;
  /** An indicator-ledger row's 指标 cell → the target it reports on, or why it is ambiguous. */
  indicator(written: string): TargetLookup;
  /** A milestone-ledger row's 任务编号 cell → the milestone it reports on, or why it is ambiguous. */
  milestone(written: string): TargetLookup;
}

/**
 * Finds a target among `list` from what a submitter wrote: the code, the name, the description or metric, or the
 * task (its number or its name, 任务7 强化“禁煤区”建设) when the task has only one target in `list`.
 */
export function targetLookup(list: TargetView[], taskTitles: ReadonlyMap<number, string> = new Map()): (written: string) => TargetLookup {
  const byKey = new Map<string, TargetView>();
  for (const t of list) for (const k of [t.id, targetName(t), t.metric ?? '', t.description]) if (k && !byKey.has(foldText(k))) byKey.set(foldText(k), t);
  return (written) => {
    const key = foldText(written);
    if (!key) return null;
    const direct = byKey.get(key);
    if (direct) return { target: direct };
    const split = splitTaskNumber(written);
    if (!split) return null;
    const inTask = list.filter((t) => t.task === split.no);
    const title = taskTitles.get(split.no);
    if (split.rest && !(title && foldText(title) === foldText(split.rest))) {
      // "4 完成重点行业VOCs针对性整治", "任务4：VOCs针对性整治": the words after the number pick one of the task's targets
      const rest = foldText(split.rest);
      const exact = inTask.filter((t) => foldText(t.description) === rest || foldText(t.metric ?? '') === rest);
      if (exact.length === 1) return { target: exact[0]! };
      const partial = inTask.filter((t) => foldText(t.description).includes(rest) || rest.includes(foldText(t.description)));
      if (partial.length === 1) return { target: partial[0]! };
      return partial.length > 1 ? { ambiguous: partial } : null;
    }
    if (inTask.length === 1) return { target: inTask[0]! };
    return inTask.length > 1 ? { ambiguous: inTask } : null;
  };
}

/**
 * The default plan version's targets first (see defaultPlanVersion), then those only other loaded plans name: a return
 * may report on next year's plan, but 任务4 means task 4 of the plan in force before any other plan's task 4.
 */
export function buildPlanIndex(db: Db): PlanIndex {
  const first = defaultPlanVersion(db);
  const ids = [...new Set([first, ...listPlanVersions(db).map((v) => v.id).reverse()])].filter((id): id is number => id !== null);
  const plans = ids.length === 0 ? [readPlan(db)] : ids.map((id) => readPlan(db, id));
  const seen = new Set<string>();
  const layers = plans.map((plan) => {
    const list = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)].filter((t) => !seen.has(t.id) && seen.add(t.id));
    const titles = new Map(plan.tasks.map((t) => [t.no, t.title]));
    return { list, titles };
  });
  const lookup = (ledger: 'indicator' | 'milestone') => {
    const finders = layers.map((l) => targetLookup(l.list.filter((t) => t.ledger === ledger), l.titles));
    return (written: string): TargetLookup => {
      for (const find of finders) {
        const hit = find(written);
        if (hit) return hit;
      }
      return null;
    };
  };
  return {
    targets: new Map(layers.flatMap((l) => l.list).map((t) => [t.id, t])),
    indicator: lookup('indicator'),
    milestone: lookup('milestone'),
  };
}
