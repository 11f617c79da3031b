// Turns one saved assessment into the figures of the monthly briefing. Pure: the service gathers the inputs.
import { CITY, STATUS_LABEL, type ReturnStatus, type AssessStatus, type AssessmentView, type ItemCounts, type ResultView } from '../../../shared/assessModels';
import { FINDING_CODE_LABEL } from '../../../shared/ledgerModels';
import type { PlanView, TargetView } from '../../../shared/models';
import { beijingDate, describeTargetValue, formatDateCn, formatMonthCn, formatNumber, formatCompletion } from '../../../shared/format';
import { formatScore, milestoneWord } from '../../../shared/figures';
import type { LaggingRow, MonthlyReportData, QualityRow, ReportCell, ReportTarget, TaskProgress } from '../../../shared/reportModels';
import type { QualityRowDb } from '../db/repos/reportsRepo';
import { countable, countItems, isCityTotal } from '../assess/counts';

export { isCityTotal };

export const BEHIND: AssessStatus[] = ['lagging', 'seriously_lagging', 'overdue'];
const SEVERITY_ORDER: Record<string, number> = { overdue: 0, seriously_lagging: 1, lagging: 2 };

export function allTargets(plan: PlanView): TargetView[] {
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

export function reportTarget(t: TargetView): ReportTarget {
  return { id: t.id, task: t.task, section: t.section, description: t.description, valueText: describeTargetValue(t), comparator: t.comparator, measure: t.measure, deadline: t.deadline, lead: t.lead, quote: t.quote };
}

/** `scale`: the run's milestone convention, to read a progress word back from records saved before results kept it. */
export function reportCell(r: ResultView, scale: Record<string, number> = {}): ReportCell {
  const progress = r.detail.ledger === 'milestone' ? milestoneWord(r.actual, r.detail.progress, scale) : null;
  return {
    target: r.target,
    unit: r.unit,
    value: r.value,
    actual: r.actual,
    completion: r.completion,
    timeProgress: r.timeProgress,
    status: r.status,
    basis: r.detail.basis,
    notes: r.detail.notes ?? [],
    ...(isCityTotal(r) ? { cityTotal: true } : {}),
    ...(progress ? { progress } : {}),
  };
}

/** The counties' figures added up, in the lagging list's 责任单位 column. */
export const CITY_TOTAL_LABEL = '各县区（全市合计）';

/** Who answers for a result: the unit, the department that leads a city-wide target, or the units for a city total. */
export function responsibleFor(r: ResultView, t: TargetView | undefined): string {
  if (r.unit !== CITY) return r.unit;
  if (r.detail.responsible) return r.detail.responsible;
  return t?.scope === 'city' && t.lead.length > 0 ? t.lead[0]! : CITY_TOTAL_LABEL;
}

function progressRow(no: number, title: string, lead: string[], c: ItemCounts): TaskProgress {
  const b = c.byStatus;
  return { no, title, lead, targets: c.items, done: b.done, onTrack: b.on_track, lagging: c.behind, overdue: b.overdue, noData: b.no_data, noTarget: b.no_target };
}

const countOf = (results: ResultView[], ids: Set<string>) => countItems(results.filter((r) => ids.has(r.target)).map(countable));

function taskProgress(plan: PlanView, results: ResultView[]): TaskProgress[] {
  return plan.tasks.map((task) => progressRow(task.no, task.title, task.lead, countOf(results, new Set(task.targets.map((t) => t.id)))));
}

/** The plan's goals (二) and provisions (四): items too, but of no task. */
function otherTargets(plan: PlanView, results: ResultView[]): TaskProgress[] {
  const lead = (ts: TargetView[]) => [...new Set(ts.flatMap((t) => t.lead))];
  const provisions = plan.provisions.flatMap((p) => p.targets);
  return [
    progressRow(0, '决战目标（方案第二部分）', lead(plan.goals), countOf(results, new Set(plan.goals.map((t) => t.id)))),
    progressRow(0, '决战保障（方案第四部分）', lead(provisions), countOf(results, new Set(provisions.map((t) => t.id)))),
  ].filter((g) => g.targets > 0);
}

function quality(rows: QualityRowDb[]): QualityRow[] {
  return rows.map((r) => ({
    unit: r.unit,
    submissions: r.submissions,
    rows: r.rows,
    rejected: r.rejected,
    warned: r.warned,
    errors: r.errors,
    warnings: r.warnings,
    top: r.codes.slice(0, 3).map((c) => `${FINDING_CODE_LABEL[c.code] ?? c.code} ${c.n}`),
  }));
}

function overview(d: Omit<MonthlyReportData, 'overview' | 'changes'>, description: (id: string) => string, planTargets: number): string[] {
  const c = d.counts!;
  const n = (s: AssessStatus) => c.byStatus[s];
  const out: string[] = [];
  const targetCount = new Set(d.cells.filter((x) => !x.cityTotal).map((x) => x.target)).size;
  const notApplicable = planTargets > targetCount ? `其余 ${planTargets - targetCount} 项没有应报台账载有其数据，列为不适用` : '';
  const cityTotals = c.cityTotals > 0 ? `各县区数据相加的全市合计 ${c.cityTotals} 个另列，不计入` : '';
  out.push(
    `截至${formatDateCn(d.asOf)}，《${d.planTitle}》确定的 ${planTargets} 项考核目标中，${targetCount} 项按责任单位分解为 ${c.items} 个考核事项` +
      `${notApplicable || cityTotals ? `（${[notApplicable, cityTotals].filter(Boolean).join('；')}）` : ''}，` +
      `其中已完成 ${n('done')} 个，序时推进 ${n('on_track')} 个，滞后 ${c.behind} 个（其中严重滞后 ${n('seriously_lagging')} 个），` +
      `逾期未完成 ${n('overdue')} 个，未报送数据 ${n('no_data')} 个，目标值待下达 ${n('no_target')} 个。`,
  );
  // a month where every county scores the same (no figures yet) has no first or last
  if (d.ranking.length > 1 && new Set(d.ranking.map((r) => r.rank)).size > 1) {
    const top = d.ranking.filter((r) => r.rank === 1).map((r) => r.unit);
    const lastRank = Math.max(...d.ranking.map((r) => r.rank));
    const last = d.ranking.filter((r) => r.rank === lastRank).map((r) => r.unit);
    out.push(
      `县区综合得分${top.join('、')}居首（${formatScore(d.ranking.find((r) => r.rank === 1)!.score)} 分），` +
        `${last.join('、')}居末（${formatScore(d.ranking.find((r) => r.rank === lastRank)!.score)} 分）。`,
    );
  }
  const overdue = d.lagging.filter((l) => l.status === 'overdue');
  if (overdue.length > 0) {
    const named = overdue.slice(0, 3).map((l) => `${l.responsible}“${description(l.target)}”`);
    out.push(`逾期未完成的有：${named.join('；')}${overdue.length > 3 ? `等 ${overdue.length} 项` : ''}，请相关单位立即整改。`);
  }
  const month = d.returns.filter((r) => r.period === d.month);
  if (month.length > 0) {
    const by = (s: ReturnStatus) => month.filter((r) => r.status === s).length;
    const missingUnits = [...new Set(month.filter((r) => r.status === 'missing').map((r) => r.unit))];
    out.push(
      `${formatMonthCn(d.month)}应报台账 ${month.length} 份，按时报送 ${by('on_time')} 份，逾期报送 ${by('late')} 份，未报送 ${by('missing')} 份` +
        (by('pending') > 0 ? `，未到报送期限 ${by('pending')} 份` : '') +
        (missingUnits.length > 0 ? `；未报送的单位：${missingUnits.join('、')}` : '') +
        '。',
    );
  }
  const errors = d.quality.reduce((s, q) => s + q.errors, 0);
  const warnings = d.quality.reduce((s, q) => s + q.warnings, 0);
  const rejected = d.quality.reduce((s, q) => s + q.rejected, 0);
  if (d.quality.length > 0) {
    const worst = [...d.quality].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings).filter((q) => q.errors + q.warnings > 0).slice(0, 3);
    out.push(
      `本次读取台账 ${d.submissionCount} 份，发现数据错误 ${errors} 处、警告 ${warnings} 处，${rejected} 行因错误未计入` +
        (worst.length > 0 ? `；问题较多的是${worst.map((q) => `${q.unit}（错误 ${q.errors} 处、警告 ${q.warnings} 处）`).join('、')}` : '') +
        '。',
    );
  }
  return out;
}

export interface MonthlyInputs {
  plan: PlanView;
  /** A saved assessment (runId set). */
  view: AssessmentView;
  counties: string[];
  quality: QualityRowDb[];
  issuedAt: string;
  issuer: string;
}

export function monthlyData(i: MonthlyInputs): MonthlyReportData {
  const { plan, view } = i;
  if (view.runId === null) throw new Error('a report is built from a saved assessment');
  const month = view.asOf.slice(0, 7);
  const index = new Map(allTargets(plan).map((t) => [t.id, t]));
  const assessed = new Set(view.results.map((r) => r.target));
  const targets = allTargets(plan).filter((t) => assessed.has(t.id));
  const scale = view.settings.milestoneProgress;
  const laggingRow = (r: ResultView): LaggingRow => {
    const t = index.get(r.target);
    const progress = r.detail.ledger === 'milestone' ? milestoneWord(r.actual, r.detail.progress, scale) : null;
    return {
      target: r.target,
      unit: r.unit,
      responsible: responsibleFor(r, t),
      status: r.status,
      value: r.value,
      actual: r.actual,
      completion: r.completion,
      timeProgress: r.timeProgress,
      lead: t?.lead ?? [],
      basis: r.detail.basis,
      ...(progress ? { progress } : {}),
    };
  };
  const worstFirst = (a: LaggingRow, b: LaggingRow) =>
    SEVERITY_ORDER[a.status]! - SEVERITY_ORDER[b.status]! || (a.completion ?? 0) - a.timeProgress - ((b.completion ?? 0) - b.timeProgress);
  const behind = view.results.filter((r) => BEHIND.includes(r.status));
  const lagging = behind.filter((r) => !isCityTotal(r)).map(laggingRow).sort(worstFirst);
  const laggingCityTotals = behind.filter(isCityTotal).map(laggingRow).sort(worstFirst);
  const units = [...new Set(view.results.filter((r) => !isCityTotal(r)).map((r) => r.unit))];
  const base = {
    title: `阳泉市打赢蓝天保卫战重点任务进展情况通报（${formatMonthCn(month)}）`,
    planTitle: plan.document.title,
    planNumber: plan.document.number,
    month,
    asOf: view.asOf,
    issuedAt: i.issuedAt,
    issuer: i.issuer,
    runId: view.runId,
    submissionCount: view.submissionIds.length,
    units: i.counties,
    targets: targets.map(reportTarget),
    cells: view.results.map((r) => reportCell(r, scale)),
    tasks: taskProgress(plan, view.results),
    otherTargets: otherTargets(plan, view.results),
    counts: countItems(view.results.map(countable)),
    unitCounts: Object.fromEntries(units.map((u) => [u, countItems(view.results.filter((r) => r.unit === u && !isCityTotal(r)).map(countable))])),
    milestoneScale: scale,
    ranking: view.ranking,
    lagging,
    laggingCityTotals,
    quality: quality(i.quality),
    // this month's returns, and earlier months still missing
    returns: view.submissions
      .filter((s) => s.period === month || s.status === 'missing')
      .map((s) => ({ unit: s.unit, kind: s.kind, period: s.period, dueOn: s.dueOn, status: s.status, submittedAt: s.submittedAt })),
  };
  return { ...base, overview: overview(base, (id) => index.get(id)?.description ?? id, allTargets(plan).length), changes: [] };
}

const cellKey = (c: { target: string; unit: string }) => `${c.target}\u0000${c.unit}`;

/** What a new briefing for a month says differently from the last one issued for it. */
export function monthlyChanges(prev: MonthlyReportData, next: MonthlyReportData, files: { added: string[]; removed: string[] }): string[] {
  const out: string[] = [];
  if (files.added.length > 0) out.push(`新读取台账 ${files.added.length} 份：${files.added.slice(0, 8).join('、')}${files.added.length > 8 ? ' 等' : ''}。`);
  if (files.removed.length > 0) out.push(`不再读取（已被更正版替换或撤回）${files.removed.length} 份：${files.removed.slice(0, 8).join('、')}${files.removed.length > 8 ? ' 等' : ''}。`);
  const description = new Map(next.targets.map((t) => [t.id, t.description]));
  const before = new Map(prev.cells.map((c) => [cellKey(c), c]));
  const moved: string[] = [];
  const pctOr = (x: number | null) => formatCompletion(x) || '—';
  for (const c of next.cells) {
    const name = `${c.unit}“${description.get(c.target) ?? c.target}”`;
    const p = before.get(cellKey(c));
    if (!p) {
      moved.push(`新增考核事项 ${name}：${STATUS_LABEL[c.status]}`);
      continue;
    }
    const parts: string[] = [];
    if (p.value !== c.value) parts.push(`目标值 ${p.value === null ? '待下达' : formatNumber(p.value)} → ${c.value === null ? '待下达' : formatNumber(c.value)}`);
    if (p.completion !== c.completion) parts.push(`完成率 ${pctOr(p.completion)} → ${pctOr(c.completion)}`);
    if (p.status !== c.status || parts.length > 0) moved.push(`${name}：${STATUS_LABEL[p.status]}${p.status !== c.status ? ` → ${STATUS_LABEL[c.status]}` : '（状态未变）'}${parts.length ? `，${parts.join('，')}` : ''}`);
  }
  const after = new Set(next.cells.map(cellKey));
  for (const p of prev.cells) if (!after.has(cellKey(p))) moved.push(`不再列入考核：${p.unit}“${description.get(p.target) ?? p.target}”`);
  for (const line of moved.slice(0, 20)) out.push(`${line}。`);
  if (moved.length > 20) out.push(`另有 ${moved.length - 20} 个考核事项的数据有变化。`);
  const rankBefore = new Map(prev.ranking.map((r) => [r.unit, r.rank]));
  const ranks = next.ranking.filter((r) => rankBefore.has(r.unit) && rankBefore.get(r.unit) !== r.rank).map((r) => `${r.unit} 第 ${rankBefore.get(r.unit)} 名 → 第 ${r.rank} 名`);
  if (ranks.length > 0) out.push(`县区排名变化：${ranks.join('；')}。`);
  if (out.length === 0) out.push(`数据没有变化（上一期于${formatDateCn(beijingDate(prev.issuedAt))}印发）。`);
  return out;
}
