import type { Db } from '../db/connection';
import type { LedgerKind, PlanView, TargetView } from '../../../shared/models';
import { CITY, type AssessSettings, type AssessStatus, type ResultDetail, type ResultView } from '../../../shared/assessModels';
import { formatMonthCn } from '../../../shared/format';
import {
  boilerTotals,
  indicatorValues,
  mineTotals,
  milestoneStates,
  permitTotals,
  carriedFigures,
  type CarriedFigures,
  vehicleTotals,
  type IndicatorValue,
  type MilestoneState,
} from '../db/repos/ledgerTotalsRepo';
import { completion, meets, monthEndOf, quarterMonths, statusOf, timeProgress } from './evaluate';

export type SubmissionIds = Record<LedgerKind, number[]>;
/** target → unit → allocated value */
export type Allocations = Record<string, Record<string, number>>;

/** One figure's ingredients before it is judged. */
interface Measure {
  actual: number;
  numerator?: number;
  denominator?: number;
  /** For "none left" targets: the stock the remainder is measured against. */
  stock?: number;
  basis: string;
  month?: string;
  notes?: string[];
  /** A milestone's completion comes from its progress word, not from actual ÷ value. */
  progressCompletion?: number;
  /** A milestone's progress word as reported. */
  progress?: string;
  /** A milestone is done (or a figure meets the target) by its own rule. */
  met?: boolean;
  periodEnded?: boolean;
}

interface Totals {
  mine: Map<string, { builtupTotal: number; builtupClosed: number; restoredMu: number }>;
  boiler: Map<string, { smallCoalTotal: number; smallCoalRemaining: number; gasTotal: number; gasRetrofitted: number }>;
  vehicle: Map<string, { eligibleRetired: number }>;
  permit: Map<string, { listed: number; covered: number }>;
  indicators: Map<string, IndicatorValue[]>;
  milestones: Map<string, MilestoneState>;
  carried: CarriedFigures;
}

export function loadTotals(db: Db, ids: SubmissionIds, asOf: string): Totals {
  const month = asOf.slice(0, 7);
  const byUnit = <T extends { unit: string }>(rows: T[]) => new Map(rows.map((r) => [r.unit, r]));
  const indicators = new Map<string, IndicatorValue[]>();
  for (const v of indicatorValues(db, ids.indicator, month)) {
    const k = `${v.target}\u0000${v.unit}`;
    indicators.set(k, [...(indicators.get(k) ?? []), v]);
  }
  return {
    mine: byUnit(mineTotals(db, ids.mine, asOf)),
    boiler: byUnit(boilerTotals(db, ids.boiler)),
    vehicle: byUnit(vehicleTotals(db, ids.vehicle, asOf)),
    permit: byUnit(permitTotals(db, ids.permit, asOf)),
    indicators,
    milestones: new Map(milestoneStates(db, ids.milestone).map((m) => [`${m.target}\u0000${m.unit}`, m])),
    carried: carriedFigures(db, Object.values(ids).flat()),
  };
}

const pct = (num: number, den: number) => (den > 0 ? (num / den) * 100 : 100);
const sum = <T>(xs: Iterable<T>, f: (x: T) => number) => [...xs].reduce((s, x) => s + f(x), 0);

/** Figures from the four detailed ledgers; `units` null means the whole city. */
function ledgerMeasure(t: TargetView, totals: Totals, units: string[] | null): Measure | null {
  const pick = <V>(m: Map<string, V>) => (units === null ? [...m.values()] : units.map((u) => m.get(u)).filter((v): v is V => v !== undefined));
  switch (t.measurement) {
    case 'mine.builtupClosedRate': {
      const rows = pick(totals.mine);
      if (rows.length === 0) return null;
      const total = sum(rows, (r) => r.builtupTotal);
      const closed = sum(rows, (r) => r.builtupClosed);
      return {
        actual: pct(closed, total),
        numerator: closed,
        denominator: total,
        basis: total > 0 ? `建成区及周边露天矿山 ${total} 座，已关闭 ${closed} 座` : '台账中没有位于建成区及周边的露天矿山',
      };
    }
    case 'mine.restoredMu': {
      const rows = pick(totals.mine);
      if (rows.length === 0) return null;
      const mu = sum(rows, (r) => r.restoredMu);
      return { actual: mu, basis: `废弃（含责任主体灭失）露天矿山已完成治理面积合计 ${Math.round(mu * 100) / 100} 亩` };
    }
    case 'boiler.smallCoalRemaining': {
      const rows = pick(totals.boiler);
      if (rows.length === 0) return null;
      const all = sum(rows, (r) => r.smallCoalTotal);
      const left = sum(rows, (r) => r.smallCoalRemaining);
      return { actual: left, stock: all, numerator: all - left, denominator: all, basis: `35蒸吨/小时以下燃煤锅炉 ${all} 台，尚未淘汰、拆除 ${left} 台` };
    }
    case 'boiler.gasRetrofitRate': {
      const rows = pick(totals.boiler);
      if (rows.length === 0) return null;
      const all = sum(rows, (r) => r.gasTotal);
      const done = sum(rows, (r) => r.gasRetrofitted);
      return { actual: pct(done, all), numerator: done, denominator: all, basis: all > 0 ? `在册燃气锅炉 ${all} 台，已完成低氮改造 ${done} 台` : '台账中没有在册燃气锅炉' };
    }
    case 'vehicle.eligibleRetired': {
      const rows = pick(totals.vehicle);
      if (rows.length === 0) return null;
      const n = sum(rows, (r) => r.eligibleRetired);
      return { actual: n, basis: `已淘汰国三及以下营运中型和重型柴油货车 ${n} 辆` };
    }
    case 'permit.coverage': {
      const rows = pick(totals.permit);
      if (rows.length === 0) return null;
      const listed = sum(rows, (r) => r.listed);
      const covered = sum(rows, (r) => r.covered);
      return { actual: pct(covered, listed), numerator: covered, denominator: listed, basis: `名录内单位 ${listed} 家，已发证或登记 ${covered} 家` };
    }
    default:
      return null;
  }
}

function indicatorMeasure(t: TargetView, totals: Totals, unit: string, month: string, asOf: string): Measure | null {
  const series = totals.indicators.get(`${t.id}\u0000${unit}`) ?? [];
  if (series.length === 0) return null;
  if (t.aggregation === 'monthly') {
    const v = series.find((x) => x.month === month);
    if (!v) return null;
    return { actual: v.value, month, basis: `${formatMonthCn(month)}报送值 ${v.value}${t.measure === '%' ? '%' : ` ${t.measure ?? ''}`}` };
  }
  if (t.aggregation === 'quarterly') {
    const months = quarterMonths(month).filter((m) => m <= month);
    const inQuarter = series.filter((x) => months.includes(x.month));
    if (inQuarter.length === 0) return null;
    const total = sum(inQuarter, (x) => x.value);
    const lastOfQuarter = quarterMonths(month)[2]!;
    return {
      actual: total,
      month,
      periodEnded: month === lastOfQuarter && asOf === monthEndOf(month),
      basis: `本季度已报送 ${inQuarter.length} 个月，合计 ${total} ${t.measure ?? ''}`,
    };
  }
  const latest = series[series.length - 1]!;
  const notes = latest.month < month ? [`${formatMonthCn(month)}未报送，取${formatMonthCn(latest.month)}的数据`] : undefined;
  return { actual: latest.value, month: latest.month, basis: `${formatMonthCn(latest.month)}报送值 ${latest.value}${t.measure === '%' ? '%' : ` ${t.measure ?? ''}`}`, ...(notes ? { notes } : {}) };
}

function milestoneMeasure(t: TargetView, totals: Totals, units: string[], asOf: string, settings: AssessSettings): Measure | null {
  const states = units.map((u) => totals.milestones.get(`${t.id}\u0000${u}`)).filter((s): s is MilestoneState => s !== undefined);
  if (states.length === 0) return null;
  const order = (s: MilestoneState) => settings.milestoneProgress[s.progress] ?? 0;
  const best = states.reduce((a, b) => (order(b) > order(a) ? b : a));
  const done = best.progress === '已完成' && (best.doneOn === null || best.doneOn <= asOf);
  const notes: string[] = [];
  if (best.progress === '已完成' && best.doneOn === null) notes.push('报“已完成”但未填完成日期');
  if (done && best.doneOn && best.doneOn > t.deadline) notes.push(`${best.doneOn}完成，晚于截止日期`);
  if (best.evidence) notes.push(`佐证：${best.evidence}`);
  return {
    actual: order(best),
    progressCompletion: done ? 1 : order(best),
    progress: best.progress,
    met: done,
    basis: `${formatMonthCn(best.period)}报送进展“${best.progress}”${best.doneOn ? `，完成日期 ${best.doneOn}` : ''}`,
    ...(notes.length ? { notes } : {}),
  };
}

export interface ComputeInput {
  plan: PlanView;
  asOf: string;
  settings: AssessSettings;
  allocations: Allocations;
  totals: Totals;
  /** Who is expected to send which ledgers (seeds/assessment.json); without it every missing figure counts as owed. */
  expected?: { unit: string; kinds: LedgerKind[] }[];
}

function allTargets(plan: PlanView): TargetView[] {
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

/**
 * Whether a missing figure was owed, so that 未报送 means a return was due. A detailed ledger (one row per mine,
 * boiler, …) is owed by a unit expected to send it, or whose rows some ledger already gives. A generic ledger (one
 * row per target) owes a target the office collects at all (someone has reported it): by the unit that reported
 * it before, by a unit expected to send that ledger, or by whoever reports it for other units and is expected to.
 * The city's figure is owed when one of the units behind it owes theirs.
 */
function owesFigure(t: TargetView, units: string[], input: ComputeInput): boolean {
  const { expected, totals } = input;
  if (!expected) return true;
  const sends = (u: string) => expected.some((e) => e.unit === u && e.kinds.includes(t.ledger));
  if (t.ledger === 'indicator' || t.ledger === 'milestone') {
    const reporters = totals.carried.reporters.get(t.id);
    if (!reporters) return false;
    return units.some((u) => totals.carried.targets.has(`${t.id}\u0000${u}`) || sends(u)) || [...reporters].some(sends);
  }
  return units.some((u) => sends(u) || totals.carried.units.has(`${t.ledger}\u0000${u}`));
}

/** The units whose figures make up a row's: the unit itself, or for the city its reporters. */
function reportersOf(t: TargetView, unit: string): string[] {
  if (unit !== CITY) return [unit];
  if (t.ledger === 'indicator' || t.ledger === 'milestone') return t.reportedBy === 'lead' ? t.lead : [...t.lead, ...t.units];
  return t.units;
}

const ADDITIVE = (t: TargetView) => t.measure !== '%' && t.measure !== 'μg/m³' && t.measure !== 'mg/m³' && t.measure !== '名';

/** Every target for every unit held to it (and the city where a city figure exists), judged at the as-of date. */
export function computeResults(input: ComputeInput): ResultView[] {
  const { plan, asOf, settings, allocations, totals } = input;
  const month = asOf.slice(0, 7);
  const out: ResultView[] = [];

  for (const t of allTargets(plan)) {
    // a requirement for every month is due in full at each month's end
    const tp = t.aggregation === 'monthly' ? 1 : timeProgress(t.start, t.deadline, asOf);
    const alloc = allocations[t.id] ?? {};
    const rows: { unit: string; units: string[] | null; value: number | null; responsible?: string }[] = [];
    if (t.scope === 'unit') {
      for (const u of t.units) rows.push({ unit: u, units: [u], value: t.unitValues?.[u] ?? t.value ?? alloc[u] ?? null });
      // the city's own figure for the detailed ledgers: their counts add up
      if (t.ledger !== 'indicator' && t.ledger !== 'milestone') {
        const allocated = t.units.every((u) => alloc[u] !== undefined) ? sum(t.units, (u) => alloc[u]!) : null;
        rows.push({ unit: CITY, units: null, value: t.value ?? allocated });
      }
    } else {
      const allocatedSum = t.units.length > 0 && t.units.every((u) => alloc[u] !== undefined) ? sum(t.units, (u) => alloc[u]!) : null;
      rows.push({ unit: CITY, units: null, value: t.value ?? allocatedSum, ...(t.lead[0] ? { responsible: t.lead[0] } : {}) });
      // a city target the office has split among the units is also held against each share
      for (const u of t.units) if (alloc[u] !== undefined) rows.push({ unit: u, units: [u], value: alloc[u]! });
    }

    for (const r of rows) {
      let m: Measure | null = null;
      if (t.ledger === 'milestone') {
        const who = r.unit === CITY ? (t.reportedBy === 'lead' ? t.lead : t.units) : [r.unit];
        m = milestoneMeasure(t, totals, who, asOf, settings);
      } else if (t.ledger === 'indicator') {
        if (r.unit !== CITY) m = indicatorMeasure(t, totals, r.unit, month, asOf);
        else {
          // the lead department's own city figure wins over adding up the units
          const fromLead = t.lead.map((l) => ({ l, m: indicatorMeasure(t, totals, l, month, asOf) })).find((x) => x.m !== null);
          if (fromLead) m = { ...fromLead.m!, basis: `${fromLead.l}报送全市数据：${fromLead.m!.basis}` };
          else if (ADDITIVE(t) && t.aggregation !== 'monthly') {
            const parts = t.units.map((u) => ({ u, m: indicatorMeasure(t, totals, u, month, asOf) })).filter((x) => x.m !== null);
            if (parts.length > 0) {
              const total = sum(parts, (x) => x.m!.actual);
              const missing = t.units.filter((u) => !parts.some((x) => x.u === u));
              m = {
                actual: total,
                basis: `${parts.length} 个单位报送值合计 ${Math.round(total * 1e6) / 1e6} ${t.measure ?? ''}`,
                ...(missing.length ? { notes: [`${missing.join('、')}未报送`] } : {}),
              };
            }
          }
        }
      } else {
        m = ledgerMeasure(t, totals, r.units);
      }

      const detail: ResultDetail = { basis: m?.basis ?? '', ledger: t.ledger, ...(r.responsible ? { responsible: r.responsible } : {}) };
      if (m?.numerator !== undefined) detail.numerator = m.numerator;
      if (m?.denominator !== undefined) detail.denominator = m.denominator;
      if (m?.month) detail.month = m.month;
      if (m?.notes) detail.notes = m.notes;
      if (m?.progress) detail.progress = m.progress;

      const base = { target: t.id, task: t.task, unit: r.unit, timeProgress: tp };
      if (!m) {
        // a figure nobody was asked for is 不适用, not 未报送: it is no item of the unit's at all
        if (!owesFigure(t, reportersOf(t, r.unit), input)) continue;
        detail.missing = t.aggregation === 'monthly' ? `${formatMonthCn(month)}的${t.metric ?? t.description}未报送` : `未报送${t.metric ?? t.description}的数据`;
        out.push({ ...base, value: r.value, actual: null, completion: null, status: 'no_data', detail });
        continue;
      }
      if (t.kind === 'milestone') {
        const status = statusOf({ met: m.met ?? false, completion: m.progressCompletion ?? 0, timeProgress: tp, asOf, deadline: t.deadline, aggregation: 'level', gap: settings.seriousLagGap });
        out.push({ ...base, value: null, actual: m.actual, completion: m.progressCompletion ?? 0, status, detail });
        continue;
      }
      if (r.value === null || t.comparator === null) {
        out.push({ ...base, value: null, actual: m.actual, completion: null, status: 'no_target', detail });
        continue;
      }
      const met = meets(t.comparator, r.value, m.actual);
      const c = completion(t.comparator, r.value, m.actual, m.stock);
      const status: AssessStatus = statusOf({
        met,
        completion: c,
        timeProgress: tp,
        asOf,
        deadline: t.deadline,
        aggregation: t.aggregation,
        gap: settings.seriousLagGap,
        ...(m.periodEnded !== undefined ? { periodEnded: m.periodEnded } : {}),
      });
      out.push({ ...base, value: r.value, actual: Math.round(m.actual * 1e6) / 1e6, completion: Math.round(c * 1e6) / 1e6, status, detail });
    }
  }
  return out;
}
