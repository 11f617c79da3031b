// A plan's seeds as every reader takes a plan (PlanView): what a plan version stores, read straight from what was loaded.
import type { PlanView, ProvisionView, TargetCategory, TargetView, TaskView } from '../../../shared/models';
import type { PlanSeed, TargetSeed } from './seedSchema';

/** The two groups of 决战目标, as the plan heads them; goals fall under the first unless they say. */
export const GOAL_SECTIONS: Record<string, string> = { '二(一)': '约束性指标', '二(二)': '争取性指标' };

interface Context {
  taskNo: number | null;
  section: string;
  category: TargetCategory;
  lead: string[];
  co: string[];
  units: string[];
}

function targetView(t: TargetSeed, ctx: Context): TargetView {
  const units = t.units ?? ctx.units;
  const values: Record<string, number> = {};
  for (const u of units) {
    const v = t.unitValues?.[u];
    if (v !== undefined && v !== null) values[u] = v;
  }
  return {
    id: t.id,
    task: ctx.taskNo,
    section: ctx.section,
    category: ctx.category,
    kind: t.kind,
    description: t.description,
    metric: t.metric,
    measure: t.measure,
    comparator: t.comparator,
    value: t.value,
    unitValues: Object.keys(values).length > 0 ? values : null,
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
    lead: t.lead ?? ctx.lead,
    co: t.co ?? ctx.co,
    units,
  };
}

/** The same plan syncPlan writes and readPlanTables reads back (a test holds the two together). */
export function planViewFromSeeds(plan: PlanSeed): PlanView {
  const sectionTitles = new Map<string, string>([...Object.entries(GOAL_SECTIONS), ...plan.sections.map((s) => [s.code, s.title] as const)]);
  const tasks: TaskView[] = [...plan.tasks]
    .sort((a, b) => a.no - b.no)
    .map((task) => ({
      no: task.no,
      section: task.section,
      sectionTitle: sectionTitles.get(task.section) ?? task.sectionTitle,
      title: task.title,
      clause: task.clause,
      lead: task.lead,
      leadNote: task.leadNote,
      co: task.co,
      units: task.units,
      targets: task.targets.map((t) =>
        targetView(t, { taskNo: task.no, section: task.section, category: 'task', lead: task.lead, co: task.co, units: task.units }),
      ),
    }));
  const goals = plan.goals.map((g) => targetView(g, { taskNo: null, section: g.section ?? '二(一)', category: 'goal', lead: [], co: [], units: [] }));
  const provisions: ProvisionView[] = plan.provisions.map((p) => ({
    code: p.code,
    title: p.title,
    text: p.text,
    targets: p.targets.map((t) => targetView(t, { taskNo: null, section: p.code, category: 'provision', lead: [], co: [], units: [] })),
  }));
  const { title, number, issuer, year } = plan.document;
  return { document: { title, number, issuer, year }, tasks, goals, provisions };
}
