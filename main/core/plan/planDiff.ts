// What a revision of a plan changed, as a person reads it: the fields named by the plan workbook's column headers,
// the values written as the briefings write them (2021年6月30日, 2万亩, 不低于（≥）, 露天矿山台账).
import {
  AGGREGATION_LABEL,
  DEADLINE_BASIS_LABEL,
  LEDGER_LABEL,
  SCOPE_LABEL,
  STRENGTH_LABEL,
  type PlanView,
  type ProvisionView,
  type TargetView,
  type TaskView,
} from '../../../shared/models';
import type { PlanDiff, PlanFieldChange, PlanRef } from '../../../shared/planModels';
import { ApiError } from '../../../shared/api';
import { formatDateCn } from '../../../shared/format';
import { formatQuantity } from '../../../shared/figures';
import { targetName, targetPlace } from '../../../shared/planNames';
import { COMPARATOR_WORD, GOAL_GROUPS, REPORTED_BY_LABEL, VALUE_SOURCE_LABEL, VOCAB } from './planVocabulary';
import { INTRO_FIELDS, NONE_MARK, PROVISION_COLUMNS, TARGET_COLUMNS, TASK_COLUMNS } from './planWorkbookLayout';
import { headerOf } from './planCells';

/** How an empty field reads: the word the plan workbook itself writes for "none". */
const EMPTY = NONE_MARK;
const LIST_SEP = '、';

const text = (s: string | null | undefined): string => (s && s.trim() ? s : EMPTY);
const list = (names: readonly string[]): string => (names.length > 0 ? names.join(LIST_SEP) : EMPTY);
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const yesNo = (b: boolean): string => (b ? '是' : '否');
const coded = <T extends string>(labels: Record<T, string>, code: T | null): string => (code === null ? EMPTY : (labels[code] ?? code));

/** "城区 20 μg/m³、盂县 60 μg/m³": in the order of the target's responsible units, then any others. */
function unitValuesText(t: TargetView): string {
  const values = t.unitValues;
  if (!values || Object.keys(values).length === 0) return EMPTY;
  const names = [...t.units.filter((u) => u in values), ...Object.keys(values).filter((u) => !t.units.includes(u))];
  return names.map((u) => `${u} ${formatQuantity(values[u], t.measure)}`).join(LIST_SEP);
}

/** Where a target sits, as the workbook's 所属任务 or 类别 column writes it: 任务4, 四(一), 约束性指标. */
function ownerText(t: TargetView): string {
  return t.category === 'goal' ? (GOAL_GROUPS[t.section] ?? t.section) : targetPlace(t);
}

type Reader<T> = (x: T) => string;

const TASK_FIELDS: [keyof TaskView & string, Reader<TaskView>][] = [
  ['section', (t) => t.section],
  ['sectionTitle', (t) => t.sectionTitle],
  ['title', (t) => t.title],
  ['clause', (t) => t.clause],
  ['lead', (t) => list(t.lead)],
  ['leadNote', (t) => text(t.leadNote)],
  ['co', (t) => list(t.co)],
  ['units', (t) => list(t.units)],
];

/** In the 目标 sheet's column order; unit lists are compared apart (see targetChanges). */
const TARGET_FIELDS: [string, Reader<TargetView>][] = [
  ['owner', ownerText],
  ['description', (t) => t.description],
  ['metric', (t) => text(t.metric)],
  ['measure', (t) => text(t.measure)],
  ['comparator', (t) => coded(COMPARATOR_WORD, t.comparator)],
  ['value', (t) => (t.value === null ? EMPTY : formatQuantity(t.value, t.measure))],
  ['unitValues', unitValuesText],
  ['start', (t) => formatDateCn(t.start)],
  ['deadline', (t) => formatDateCn(t.deadline)],
  ['deadlineBasis', (t) => coded(DEADLINE_BASIS_LABEL, t.deadlineBasis)],
  ['scope', (t) => coded(SCOPE_LABEL, t.scope)],
  ['ledger', (t) => coded(LEDGER_LABEL, t.ledger)],
  ['measurement', (t) => (t.measurement === null ? EMPTY : (VOCAB.measurement.label(t.measurement) ?? t.measurement))],
  ['aggregation', (t) => coded(AGGREGATION_LABEL, t.aggregation)],
  ['reportedBy', (t) => coded(REPORTED_BY_LABEL, t.reportedBy)],
  ['valueSource', (t) => coded(VALUE_SOURCE_LABEL, t.valueSource)],
  ['allocatable', (t) => yesNo(t.allocatable)],
  ['strength', (t) => coded(STRENGTH_LABEL, t.strength)],
  ['ongoing', (t) => yesNo(t.ongoing)],
  ['lead', (t) => list(t.lead)],
  ['co', (t) => list(t.co)],
  ['units', (t) => list(t.units)],
  ['condition', (t) => text(t.condition)],
  ['quote', (t) => t.quote],
  ['note', (t) => text(t.note)],
];
const UNIT_ROLES = new Set(['lead', 'co', 'units']);

function compare<T>(before: T, after: T, fields: [string, Reader<T>][], label: (key: string) => string): PlanFieldChange[] {
  const out: PlanFieldChange[] = [];
  for (const [field, read] of fields) {
    const b = read(before);
    const a = read(after);
    if (a !== b) out.push({ field, label: label(field), before: b, after: a });
  }
  return out;
}

function allTargets(plan: PlanView): TargetView[] {
  // the plan's own order: 决战目标 (二), the tasks (三), then the provisions (四)
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

/**
 * A target's changes. A target's units are stored resolved, its task's filled in where it names none of its own:
 * a change that only follows its task's (the task's 牵头单位 changed) is said once, on the task.
 */
function targetChanges(before: TargetView, after: TargetView, fromTasks: Map<number, TaskView>, toTasks: Map<number, TaskView>): PlanFieldChange[] {
  const taskBefore = before.task === null ? undefined : fromTasks.get(before.task);
  const taskAfter = after.task === null ? undefined : toTasks.get(after.task);
  const followsTask = (key: 'lead' | 'co' | 'units') =>
    taskBefore !== undefined && taskAfter !== undefined && same(before[key], taskBefore[key]) && same(after[key], taskAfter[key]);
  return compare(before, after, TARGET_FIELDS, (k) => headerOf(TARGET_COLUMNS, k)).filter(
    (c) => !(UNIT_ROLES.has(c.field) && followsTask(c.field as 'lead' | 'co' | 'units')),
  );
}

/** The units a plan names anywhere, in the order it names them. */
function namedUnits(plan: PlanView): string[] {
  const seen = new Set<string>();
  for (const t of plan.tasks) for (const n of [...t.lead, ...t.co, ...t.units]) seen.add(n);
  for (const t of allTargets(plan)) for (const n of [...t.lead, ...t.co, ...t.units, ...Object.keys(t.unitValues ?? {})]) seen.add(n);
  return [...seen];
}

/**
 * Provisions (四、保障) have no list of their own in a PlanDiff: their titles and texts are said with the document's
 * fields, so that `same` is never true while a provision's words changed.
 */
function provisionChanges(from: ProvisionView[], to: ProvisionView[]): PlanFieldChange[] {
  const out: PlanFieldChange[] = [];
  const before = new Map(from.map((p) => [p.code, p]));
  const after = new Map(to.map((p) => [p.code, p]));
  const titleLabel = headerOf(PROVISION_COLUMNS, 'title');
  const textLabel = headerOf(PROVISION_COLUMNS, 'text');
  for (const p of to) {
    const b = before.get(p.code);
    if (!b) {
      out.push({ field: `provision.${p.code}`, label: `保障措施${p.code}`, before: EMPTY, after: p.title });
      continue;
    }
    if (b.title !== p.title) out.push({ field: `provision.${p.code}.title`, label: `保障措施${p.code}${titleLabel}`, before: b.title, after: p.title });
    if (b.text !== p.text) out.push({ field: `provision.${p.code}.text`, label: `保障措施${p.code}${textLabel}`, before: b.text, after: p.text });
  }
  for (const p of from) {
    if (!after.has(p.code)) out.push({ field: `provision.${p.code}`, label: `保障措施${p.code}`, before: p.title, after: EMPTY });
  }
  return out;
}

function refOf(plan: PlanView, which: string): PlanRef {
  if (!plan.version) {
    throw new ApiError('plan_version_missing', `比较方案时缺少${which}方案的版本信息（${plan.document.title || '未命名方案'}）。请先载入该方案，再比较两个版本。`);
  }
  return plan.version;
}

/**
 * What changed from `from` to `to`: document fields, tasks (by number), targets (by id), units, in the plan's order.
 * `units` are the workspace's unit tables of the two versions; without them, the units each plan names are compared.
 */
export function diffPlans(from: PlanView, to: PlanView, units?: { from: string[]; to: string[] }): PlanDiff {
  const fromRef = refOf(from, '原');
  const toRef = refOf(to, '新');

  const intro = new Map<string, string>(INTRO_FIELDS.map((f) => [f.key, f.label]));
  const document = [
    ...compare(
      from.document,
      to.document,
      [
        ['title', (d) => d.title],
        ['number', (d) => d.number],
        ['issuer', (d) => d.issuer],
        ['year', (d) => `${d.year}年`],
      ],
      (k) => intro.get(k) ?? k,
    ),
    ...provisionChanges(from.provisions, to.provisions),
  ];

  const fromTasks = new Map(from.tasks.map((t) => [t.no, t]));
  const toTasks = new Map(to.tasks.map((t) => [t.no, t]));
  const tasks: PlanDiff['tasks'] = { added: [], removed: [], changed: [] };
  for (const t of to.tasks) {
    const b = fromTasks.get(t.no);
    if (!b) tasks.added.push({ no: t.no, title: t.title });
    else {
      const changes = compare(b, t, TASK_FIELDS, (k) => headerOf(TASK_COLUMNS, k));
      if (changes.length > 0) tasks.changed.push({ no: t.no, title: t.title, changes });
    }
  }
  for (const t of from.tasks) if (!toTasks.has(t.no)) tasks.removed.push({ no: t.no, title: t.title });

  const fromTargets = new Map(allTargets(from).map((t) => [t.id, t]));
  const toTargetList = allTargets(to);
  const toIds = new Set(toTargetList.map((t) => t.id));
  const targets: PlanDiff['targets'] = { added: [], removed: [], changed: [] };
  for (const t of toTargetList) {
    const b = fromTargets.get(t.id);
    if (!b) targets.added.push({ id: t.id, name: targetName(t) });
    else {
      const changes = targetChanges(b, t, fromTasks, toTasks);
      if (changes.length > 0) targets.changed.push({ id: t.id, name: targetName(t), changes });
    }
  }
  for (const t of fromTargets.values()) if (!toIds.has(t.id)) targets.removed.push({ id: t.id, name: targetName(t) });

  const unitsBefore = units?.from ?? namedUnits(from);
  const unitsAfter = units?.to ?? namedUnits(to);
  const unitDiff = {
    added: unitsAfter.filter((u) => !unitsBefore.includes(u)),
    removed: unitsBefore.filter((u) => !unitsAfter.includes(u)),
  };

  const sameAll =
    document.length === 0 &&
    [tasks.added, tasks.removed, tasks.changed, targets.added, targets.removed, targets.changed, unitDiff.added, unitDiff.removed].every((l) => l.length === 0);
  return { from: fromRef, to: toRef, document, tasks, targets, units: unitDiff, same: sameAll };
}
