// Turns one saved assessment, the evidence rows and the register into a unit's 约谈材料. Pure: the service gathers the inputs.
import { CITY, STATUS_LABEL, type AssessStatus, type AssessmentView, type DossierBasis, type RegisterEntryView, type ResultView } from '../../../shared/assessModels';
import type { LedgerFieldView, LedgerRowView } from '../../../shared/ledgerModels';
import type { LedgerKind, PlanView, TargetView } from '../../../shared/models';
import { beijingDate, formatDateCn, formatNumber, formatCompletion } from '../../../shared/format';
import type { DossierData, DossierDecision, DossierHistory, DossierItem, EvidenceRow } from '../../../shared/reportModels';
import { previousMonth } from '../assess/evaluate';
import { quoteSentences } from '../plan/quotes';
import { documentText } from '../demoMark';
import { BEHIND, allTargets, reportCell, reportTarget, responsibleFor } from './monthlyData';

/** The targets a unit answers for this month: its own results behind schedule, city figures its department reports, and any the office proposed to act on. */
export function dossierResults(plan: PlanView, view: AssessmentView, unit: string): ResultView[] {
  const index = new Map(allTargets(plan).map((t) => [t.id, t]));
  const proposed = new Set(view.proposals.filter((p) => p.unit === unit && p.target).map((p) => p.target!));
  return view.results.filter((r) => {
    const mine = r.unit === unit || (r.unit === CITY && responsibleFor(r, index.get(r.target)).split('、').includes(unit));
    return mine && (BEHIND.includes(r.status) || (r.unit === unit && proposed.has(r.target)));
  });
}

/**
 * The plan's words a target's unit is held to: the sentences of its task's clause (or of its goal or provision) that
 * the target and the unit's other lagging targets of the same task rest on, not the whole clause.
 */
export function clauseOf(plan: PlanView, t: TargetView, alongside: readonly TargetView[] = []): { title: string; clause: string } {
  const quotes = [t, ...alongside.filter((x) => x.task === t.task && x.section === t.section)].map((x) => x.quote);
  const task = t.task !== null ? plan.tasks.find((x) => x.no === t.task) : undefined;
  if (task) return { title: task.title, clause: quoteSentences(task.clause, quotes) };
  const provision = plan.provisions.find((p) => p.targets.some((x) => x.id === t.id));
  if (provision) return { title: provision.title, clause: quoteSentences(provision.text, quotes) };
  return { title: '主要目标', clause: t.quote };
}

function cellText(field: LedgerFieldView, v: string | number | boolean | null): string {
  if (v === null || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return `${formatNumber(v)}${field.measure && field.measure !== '%' ? ` ${field.measure}` : ''}`;
  if (field.type === 'date') return formatDateCn(v);
  // a target column stores the target's code; the dossier names it as people read it
  return field.valueNames?.[v] ?? v;
}

export function evidenceRow(row: LedgerRowView, fields: LedgerFieldView[], importedAt: string | undefined): EvidenceRow {
  return {
    file: row.file,
    importedAt: importedAt ? formatDateCn(beijingDate(importedAt)) : '',
    sheet: row.sheet,
    row: row.rowNo,
    unit: row.unit,
    cells: fields.flatMap((f) => {
      const text = cellText(f, row.values[f.key] ?? null);
      return text && f.type !== 'unit' ? [{ label: f.label, value: text }] : [];
    }),
    holdsBack: row.holdsBack ?? false,
    problems: row.problems,
  };
}

/** Months in a row, ending with this one, that a target was behind. */
export function monthsBehind(trend: { month: string; status: AssessStatus }[], month: string): number {
  const status = new Map(trend.map((t) => [t.month, t.status]));
  let n = 0;
  // a month without a result breaks the run of months behind
  for (let m = month; BEHIND.includes(status.get(m) ?? 'no_data'); m = previousMonth(m)) n++;
  return n;
}

export interface DossierInputs {
  plan: PlanView;
  view: AssessmentView;
  unit: string;
  unitFullName: string | null;
  results: ResultView[];
  evidence: Map<string, { rows: LedgerRowView[]; total: number; heldBack: number | null; kind: LedgerKind }>;
  fields: Record<LedgerKind, LedgerFieldView[]>;
  importedAt: Map<number, string>;
  trend: Map<string, { month: string; status: AssessStatus }[]>;
  register: RegisterEntryView[];
  rectifyBy: string;
  issuedAt: string;
  issuer: string;
  /** The register's decisions and pending proposals for the unit and month. */
  basis: DossierBasis;
  draft: boolean;
  /** The workspace is the demo: the register's demo marks may show. */
  demo?: boolean;
}

/** The dossier's name follows the decision: 挂牌督办材料 where only listed supervision was decided, else 约谈材料. */
export function dossierTitle(unit: string, level: 'interview' | 'supervision', draft: boolean): string {
  return `关于${unit}打赢蓝天保卫战攻坚任务滞后问题的${level === 'supervision' ? '挂牌督办材料' : '约谈材料'}${draft ? '（草稿）' : ''}`;
}

function decisionOf(basis: DossierBasis, name: (target: string | null) => string, order: (target: string | null) => number): DossierDecision | null {
  if (basis.decisions.length === 0) return null;
  // in the plan's order, as the items are listed
  const of = (level: 'interview' | 'supervision') => [
    ...new Set(
      basis.decisions
        .filter((x) => x.level === level)
        .sort((a, b) => order(a.target) - order(b.target))
        .map((x) => name(x.target)),
    ),
  ];
  const supervision = of('supervision');
  return { level: supervision.length ? 'supervision' : 'interview', interview: of('interview'), supervision, entries: basis.decisions.map((x) => x.id).sort((a, b) => a - b) };
}

const key = (r: { target: string; unit: string }) => `${r.target}\u0000${r.unit}`;

export function dossierData(i: DossierInputs): DossierData {
  const { plan, view } = i;
  if (view.runId === null) throw new Error('a report is built from a saved assessment');
  const month = view.asOf.slice(0, 7);
  const index = new Map(allTargets(plan).map((t) => [t.id, t]));
  const lagging = i.results.map((r) => index.get(r.target)!);
  const items: DossierItem[] = i.results.map((r) => {
    const t = index.get(r.target)!;
    const ev = i.evidence.get(key(r));
    // every item of a task carries the same sentences, so the clause section quotes each task once, whole
    const { title, clause } = clauseOf(plan, t, lagging);
    return {
      target: reportTarget(t),
      cell: reportCell(r, view.settings.milestoneProgress),
      monthsBehind: monthsBehind(i.trend.get(key(r)) ?? [], month),
      clause,
      taskTitle: title,
      evidence: (ev?.rows ?? []).map((row) => evidenceRow(row, i.fields[ev!.kind], i.importedAt.get(row.submissionId))),
      evidenceTotal: ev?.total ?? 0,
      heldBackTotal: ev?.heldBack ?? null,
    };
  });
  const demo = i.demo === true;
  // the 2020 plan's 四(七) and 四(五); another plan's provision that speaks of 约谈 or 预警, wherever it stands
  const provision = (code: string, word: string) => plan.provisions.find((p) => p.code === code) ?? plan.provisions.find((p) => p.text.includes(word)) ?? null;
  const duty = (code: string, word: string) => {
    const p = provision(code, word);
    return { text: !p ? '' : p.text.includes(word) ? quoteSentences(p.text, [word]) : p.text, code: p?.code ?? null };
  };
  const accountability = duty('四(七)', '约谈');
  const guidance = duty('四(五)', '预警');
  const history: DossierHistory[] = i.register
    .filter((e) => e.unit === i.unit && e.asOf <= view.asOf)
    .sort((a, b) => a.asOf.localeCompare(b.asOf) || a.decidedAt.localeCompare(b.decidedAt))
    .map((e) => ({
      asOf: e.asOf,
      level: e.level,
      action: e.action,
      status: e.status,
      reason: documentText(e.reason, demo),
      proposalReason: documentText(e.proposalReason, demo),
      decidedAt: e.decidedAt,
    }));
  const position = new Map(allTargets(plan).map((t, n) => [t.id, n]));
  const decision = decisionOf(
    i.basis,
    (id) => (id ? (index.get(id)?.description ?? id) : '相关任务'),
    (id) => (id ? (position.get(id) ?? position.size) : position.size),
  );
  const proposed = i.basis.pending.some((p) => p.level === 'supervision') ? 'supervision' : i.basis.pending.some((p) => p.level === 'interview') ? 'interview' : null;
  // a document with only 挂牌督办 decided is named for it; one that also (or only) decides 约谈 stays a 约谈材料
  const titleLevel = decision ? (decision.interview.length ? 'interview' : 'supervision') : proposed === 'supervision' ? 'supervision' : 'interview';
  return {
    title: dossierTitle(i.unit, titleLevel, i.draft),
    unit: i.unit,
    unitFullName: i.unitFullName,
    month,
    asOf: view.asOf,
    issuedAt: i.issuedAt,
    issuer: i.issuer,
    runId: view.runId,
    items,
    // the sentences that name the duty, not the whole provision
    accountabilityClause: accountability.text,
    accountabilityCode: accountability.code,
    guidanceClause: guidance.text,
    guidanceCode: guidance.code,
    history,
    rectifyBy: i.rectifyBy,
    planTitle: plan.document.title,
    planNumber: plan.document.number,
    decision,
    ...(i.draft ? { draft: true, proposedLevel: proposed } : {}),
    ...(demo ? { demo } : {}),
  };
}

/** What a new dossier for a unit and month says differently from the last one issued. */
export function dossierChanges(prev: DossierData, next: DossierData): string[] {
  const out: string[] = [];
  const before = new Map(prev.items.map((x) => [x.target.id, x]));
  const after = new Map(next.items.map((x) => [x.target.id, x]));
  for (const [id, x] of after) {
    const p = before.get(id);
    if (!p) out.push(`新增滞后目标“${x.target.description}”。`);
    else if (p.cell.status !== x.cell.status || p.cell.completion !== x.cell.completion || p.cell.value !== x.cell.value)
      out.push(`“${x.target.description}”：${STATUS_LABEL[p.cell.status]}${p.cell.status !== x.cell.status ? ` → ${STATUS_LABEL[x.cell.status]}` : ''}，完成率 ${formatCompletion(p.cell.completion) || '—'} → ${formatCompletion(x.cell.completion) || '—'}。`);
  }
  for (const [id, p] of before) if (!after.has(id)) out.push(`“${p.target.description}”已不再滞后，不再列入。`);
  if (next.history.length !== prev.history.length) out.push(`问责台账新增 ${next.history.length - prev.history.length} 条记录。`);
  if (out.length === 0) out.push(`内容没有变化（上一版于${formatDateCn(beijingDate(prev.issuedAt))}印发）。`);
  return out;
}
