import type { Db } from '../db/connection';
import type { TargetView } from '../../../shared/models';
import { readPlan } from '../db/repos/planRepo';
import { foldText } from '../importer/values';

/** The plan's targets as an import looks them up: by id, by metric or description, by task number. */
export interface PlanIndex {
  targets: Map<string, TargetView>;
  /** An indicator-ledger row's 指标 cell → the target it reports on. */
  indicator(written: string): TargetView | null;
  /** A milestone-ledger row's 任务编号 cell → the milestone it reports on, or why it is ambiguous. */
  milestone(written: string): { target: TargetView } | { ambiguous: TargetView[] } | null;
}

export function buildPlanIndex(db: Db): PlanIndex {
  const plan = readPlan(db);
  const all = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
  const targets = new Map(all.map((t) => [t.id, t]));
  const byKey = (list: TargetView[]) => {
    const m = new Map<string, TargetView>();
    for (const t of list) for (const k of [t.id, t.metric ?? '', t.description]) if (k) m.set(foldText(k), t);
    return m;
  };
  const indicators = byKey(all.filter((t) => t.ledger === 'indicator'));
  const milestones = all.filter((t) => t.ledger === 'milestone');
  const milestoneKeys = byKey(milestones);
  return {
    targets,
    indicator: (written) => indicators.get(foldText(written)) ?? null,
    milestone(written) {
      const key = foldText(written);
      const direct = milestoneKeys.get(key);
      if (direct) return { target: direct };
      const no = /^(?:任务|第)?(\d{1,2})(?:项|号)?$/.exec(key);
      if (no) {
        const inTask = milestones.filter((t) => t.task === Number(no[1]));
        if (inTask.length === 1) return { target: inTask[0]! };
        if (inTask.length > 1) return { ambiguous: inTask };
      }
      return null;
    },
  };
}
