import type { Db } from '../connection';
import type {
  Aggregation,
  Comparator,
  DeadlineBasis,
  LedgerKind,
  PlanView,
  ProvisionView,
  ReportedBy,
  Strength,
  TargetCategory,
  TargetKind,
  TargetScope,
  TargetView,
  TaskView,
  ValueSource,
} from '../../../../shared/models';
import { getMeta } from './metaRepo';
import { getPlanVersion, planRefOf, snapshotOf, versionInForceAt } from './planVersionsRepo';
import { ApiError } from '../../../../shared/api';
import type { PlanRef } from '../../../../shared/planModels';
import { lastDayOfMonth } from '../../../../shared/reportDates';
import { beijingDate } from '../../../../shared/format';

/** A target as stored: the view's own fields, with the task and section as keys and its place in the plan. */
export type TargetWrite = Omit<TargetView, 'task' | 'section' | 'unitValues' | 'lead' | 'co' | 'units'> & {
  taskNo: number | null;
  sectionCode: string;
  order: number;
};

export function upsertSection(db: Db, s: { code: string; title: string; text: string | null; order: number }): void {
  db.prepare(
    `INSERT INTO plan_sections(code, title, text, sort_order) VALUES (@code, @title, @text, @order)
     ON CONFLICT(code) DO UPDATE SET title = excluded.title, text = excluded.text, sort_order = excluded.sort_order`,
  ).run(s);
}

export function upsertTask(db: Db, t: { no: number; sectionCode: string; title: string; clause: string; leadNote: string | null }): void {
  db.prepare(
    `INSERT INTO tasks(no, section_code, title, clause, lead_note) VALUES (@no, @sectionCode, @title, @clause, @leadNote)
     ON CONFLICT(no) DO UPDATE SET section_code = excluded.section_code, title = excluded.title, clause = excluded.clause, lead_note = excluded.lead_note`,
  ).run(t);
}

export function replaceTaskUnits(db: Db, taskNo: number, rows: { unitId: number; role: 'lead' | 'co' | 'implementing' }[]): void {
  db.prepare('DELETE FROM task_units WHERE task_no = ?').run(taskNo);
  const ins = db.prepare('INSERT INTO task_units(task_no, unit_id, role, sort_order) VALUES (?, ?, ?, ?)');
  rows.forEach((r, i) => ins.run(taskNo, r.unitId, r.role, i));
}

export function upsertTarget(db: Db, t: TargetWrite): void {
  db.prepare(
    `INSERT INTO targets(id, task_no, section_code, category, kind, description, metric, measure, comparator, value, value_source,
       allocatable, start_date, deadline, deadline_basis, scope, reported_by, ledger, measurement, aggregation, strength, ongoing,
       condition, quote, note, sort_order, retired)
     VALUES (@id, @taskNo, @sectionCode, @category, @kind, @description, @metric, @measure, @comparator, @value, @valueSource,
       @allocatable, @start, @deadline, @deadlineBasis, @scope, @reportedBy, @ledger, @measurement, @aggregation, @strength, @ongoing,
       @condition, @quote, @note, @order, 0)
     ON CONFLICT(id) DO UPDATE SET task_no = excluded.task_no, section_code = excluded.section_code, category = excluded.category,
       kind = excluded.kind, description = excluded.description, metric = excluded.metric, measure = excluded.measure,
       comparator = excluded.comparator, value = excluded.value, value_source = excluded.value_source, allocatable = excluded.allocatable,
       start_date = excluded.start_date, deadline = excluded.deadline, deadline_basis = excluded.deadline_basis, scope = excluded.scope,
       reported_by = excluded.reported_by, ledger = excluded.ledger, measurement = excluded.measurement, aggregation = excluded.aggregation,
       strength = excluded.strength, ongoing = excluded.ongoing, condition = excluded.condition, quote = excluded.quote, note = excluded.note,
       sort_order = excluded.sort_order, retired = 0`,
  ).run({ ...t, allocatable: t.allocatable ? 1 : 0, ongoing: t.ongoing ? 1 : 0 });
}

export function replaceTargetUnits(
  db: Db,
  targetId: string,
  rows: { unitId: number; role: 'lead' | 'co' | 'implementing'; value: number | null }[],
): void {
  db.prepare('DELETE FROM target_units WHERE target_id = ?').run(targetId);
  const ins = db.prepare('INSERT INTO target_units(target_id, unit_id, role, value, sort_order) VALUES (?, ?, ?, ?, ?)');
  rows.forEach((r, i) => ins.run(targetId, r.unitId, r.role, r.value, i));
}

export function retireTargetsExcept(db: Db, keep: Set<string>): number {
  const ids = (db.prepare('SELECT id FROM targets WHERE retired = 0').all() as { id: string }[]).map((r) => r.id);
  const retire = db.prepare('UPDATE targets SET retired = 1 WHERE id = ?');
  let n = 0;
  for (const id of ids) if (!keep.has(id)) n += retire.run(id).changes;
  return n;
}

interface TargetRow {
  id: string;
  task_no: number | null;
  section_code: string;
  category: TargetCategory;
  kind: TargetKind;
  description: string;
  metric: string | null;
  measure: string | null;
  comparator: Comparator | null;
  value: number | null;
  value_source: ValueSource;
  allocatable: number;
  start_date: string;
  deadline: string;
  deadline_basis: DeadlineBasis;
  scope: TargetScope;
  reported_by: ReportedBy;
  ledger: LedgerKind;
  measurement: string | null;
  aggregation: Aggregation;
  strength: Strength;
  ongoing: number;
  condition: string | null;
  quote: string;
  note: string | null;
}

type Role = 'lead' | 'co' | 'implementing';

function unitsByOwner<K extends string | number>(
  rows: { owner: K; role: Role; name: string; value?: number | null }[],
): Map<K, { lead: string[]; co: string[]; implementing: string[]; values: Record<string, number> }> {
  const out = new Map<K, { lead: string[]; co: string[]; implementing: string[]; values: Record<string, number> }>();
  for (const r of rows) {
    let entry = out.get(r.owner);
    if (!entry) {
      entry = { lead: [], co: [], implementing: [], values: {} };
      out.set(r.owner, entry);
    }
    entry[r.role].push(r.name);
    if (r.value !== null && r.value !== undefined) entry.values[r.name] = r.value;
  }
  return out;
}

/**
 * The plan as the register tables hold it (retired targets left out): the workspace's plan before plans had versions,
 * and the check that a version's snapshot reads the same as what syncPlan wrote.
 */
export function readPlanTables(db: Db): PlanView {
  const taskRows = db
    .prepare(
      `SELECT t.no, t.section_code, s.title AS section_title, t.title, t.clause, t.lead_note
       FROM tasks t JOIN plan_sections s ON s.code = t.section_code ORDER BY t.no`,
    )
    .all() as { no: number; section_code: string; section_title: string; title: string; clause: string; lead_note: string | null }[];
  const taskUnits = unitsByOwner(
    db
      .prepare(
        `SELECT tu.task_no AS owner, tu.role, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id ORDER BY tu.task_no, tu.role, tu.sort_order`,
      )
      .all() as { owner: number; role: Role; name: string }[],
  );
  const targetUnits = unitsByOwner(
    db
      .prepare(
        `SELECT tu.target_id AS owner, tu.role, u.name, tu.value FROM target_units tu JOIN units u ON u.id = tu.unit_id
         ORDER BY tu.target_id, tu.role, tu.sort_order`,
      )
      .all() as { owner: string; role: Role; name: string; value: number | null }[],
  );
  const targets = (db.prepare('SELECT * FROM targets WHERE retired = 0 ORDER BY sort_order').all() as TargetRow[]).map(
    (r): TargetView => {
      const u = targetUnits.get(r.id);
      const values = u && Object.keys(u.values).length > 0 ? u.values : null;
      return {
        id: r.id,
        task: r.task_no,
        section: r.section_code,
        category: r.category,
        kind: r.kind,
        description: r.description,
        metric: r.metric,
        measure: r.measure,
        comparator: r.comparator,
        value: r.value,
        unitValues: values,
        valueSource: r.value_source,
        allocatable: r.allocatable === 1,
        start: r.start_date,
        deadline: r.deadline,
        deadlineBasis: r.deadline_basis,
        scope: r.scope,
        reportedBy: r.reported_by,
        ledger: r.ledger,
        measurement: r.measurement,
        aggregation: r.aggregation,
        strength: r.strength,
        ongoing: r.ongoing === 1,
        condition: r.condition,
        quote: r.quote,
        note: r.note,
        lead: u?.lead ?? [],
        co: u?.co ?? [],
        units: u?.implementing ?? [],
      };
    },
  );
  const tasks: TaskView[] = taskRows.map((t) => {
    const u = taskUnits.get(t.no);
    return {
      no: t.no,
      section: t.section_code,
      sectionTitle: t.section_title,
      title: t.title,
      clause: t.clause,
      lead: u?.lead ?? [],
      leadNote: t.lead_note,
      co: u?.co ?? [],
      units: u?.implementing ?? [],
      targets: targets.filter((x) => x.category === 'task' && x.task === t.no),
    };
  });
  const provisionRows = db
    .prepare(`SELECT code, title, text FROM plan_sections WHERE text IS NOT NULL ORDER BY sort_order`)
    .all() as { code: string; title: string; text: string | null }[];
  const provisions: ProvisionView[] = provisionRows.map((p) => ({
    code: p.code,
    title: p.title,
    text: p.text ?? '',
    targets: targets.filter((x) => x.category === 'provision' && x.section === p.code),
  }));
  return {
    document: {
      title: getMeta(db, 'plan.title') ?? '',
      number: getMeta(db, 'plan.number') ?? '',
      issuer: getMeta(db, 'plan.issuer') ?? '',
      year: Number(getMeta(db, 'plan.year') ?? 0),
    },
    tasks,
    goals: targets.filter((x) => x.category === 'goal'),
    provisions,
  };
}

/**
 * The version pages and commands show when none is named: the one in force at the latest month anything was reported
 * for, or, in a workspace without returns, today (Beijing time).
 */
export function defaultPlanVersion(db: Db, today = new Date()): number | null {
  const latest = (db.prepare('SELECT MAX(period) AS p FROM submissions WHERE withdrawn_at IS NULL').get() as { p: string | null }).p;
  const day = latest && /^\d{4}-\d{2}$/.test(latest) ? lastDayOfMonth(latest) : beijingDate(today.toISOString());
  return versionInForceAt(db, day);
}

/** A plan version as every reader takes it; without an id, the default version (see defaultPlanVersion). */
export function readPlan(db: Db, versionId?: number): PlanView {
  const id = versionId ?? defaultPlanVersion(db);
  // a workspace opened by code that predates versions (tests of syncPlan alone) has only the tables
  if (id === null) return readPlanTables(db);
  const snap = snapshotOf(db, id);
  const row = getPlanVersion(db, id);
  if (!snap || !row) throw new ApiError('not_found', `工作区中没有编号为 ${id} 的方案版本。请在“目标与分解”页的方案列表中选择。`);
  return { ...snap.plan, version: planRefOf(row) };
}

/** The plan version in force on a day (see versionInForceAt); the tables' plan in a workspace without versions. */
export function readPlanAt(db: Db, day: string): PlanView {
  const id = versionInForceAt(db, day);
  return id === null ? readPlanTables(db) : readPlan(db, id);
}

export function countPlan(db: Db): { tasks: number; targets: number; units: number } {
  const plan = readPlan(db);
  return {
    tasks: plan.tasks.length,
    targets: plan.goals.length + plan.tasks.reduce((n, t) => n + t.targets.length, 0) + plan.provisions.reduce((n, p) => n + p.targets.length, 0),
    units: (db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }).n,
  };
}

/** What an assessment names as its plan; a workspace without versions (only syncPlan's tests make one) names its tables' plan. */
export function planRefOfView(plan: PlanView): PlanRef {
  return plan.version ?? { versionId: 0, title: plan.document.title, number: plan.document.number, version: 1, label: '原方案' };
}

/** The plan a saved assessment used, or, for one saved before it was recorded, the plan in force at its date. */
export function readPlanOfRun(db: Db, run: { plan_version_id: number | null; as_of: string }): PlanView {
  return run.plan_version_id !== null ? readPlan(db, run.plan_version_id) : readPlanAt(db, run.as_of);
}
