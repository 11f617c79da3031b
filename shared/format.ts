import type { Comparator } from './models';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2020-09-30 → 2020年9月30日 */
export function formatDateCn(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 2020-09 → 2020年9月 */
export function formatMonthCn(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** Thousands separators, at most `maxDecimals` decimals, no trailing zeros: 20000 → 20,000; 2.5 → 2.5. */
export function formatNumber(value: number, maxDecimals = 2): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: maxDecimals, useGrouping: true });
}

export const COMPARATOR_SYMBOL: Record<Comparator, string> = {
  '>=': '≥',
  '<=': '≤',
  '<': '<',
  '>': '>',
  // full-width: a target text never starts with a formula character in an exported cell
  '=': '＝',
};

/** How a target value reads in a briefing: "≥ 20,000 亩（2万亩）", "≤ 160 户", "= 0 台". */
export function formatTargetValue(t: {
  comparator: Comparator | null;
  value: number | null;
  measure: string | null;
}): string {
  if (t.value === null || t.comparator === null) return '';
  const measure = t.measure ?? '';
  // "< 0%" reads as a formula, not a target: a rate below zero is a fall
  if (t.value === 0 && t.comparator === '<') return measure === '%' ? '下降（变化率小于 0）' : `小于 0${measure ? ` ${measure}` : ''}`;
  const base = `${COMPARATOR_SYMBOL[t.comparator]} ${formatNumber(t.value)}${measure === '%' ? '%' : measure ? ` ${measure}` : ''}`;
  if (measure === '亩' && t.value >= 10000) return `${base}（${formatNumber(t.value / 10000, 4)}万亩）`;
  return base;
}

/** The value a target holds each unit to, including per-unit values the plan itself sets (SO₂ grades). */
export function describeTargetValue(t: {
  kind: 'quantitative' | 'milestone';
  comparator: Comparator | null;
  value: number | null;
  measure: string | null;
  unitValues: Record<string, number> | null;
  valueSource: 'plan' | 'allocation';
}): string {
  if (t.kind === 'milestone') return '按期完成（销号）';
  if (t.value !== null) return formatTargetValue(t);
  if (t.unitValues && Object.keys(t.unitValues).length > 0) {
    const byValue = new Map<number, string[]>();
    for (const [unit, v] of Object.entries(t.unitValues)) byValue.set(v, [...(byValue.get(v) ?? []), unit]);
    return [...byValue.entries()]
      .map(([v, units]) => `${units.join('、')} ${formatTargetValue({ ...t, value: v })}`)
      .join('；');
  }
  return '目标值待下达（由市大气办录入）';
}

/**
 * The one way times are shown to people, in the UI as in the reports: Beijing time whatever the machine's zone.
 * 2020-10-08T01:00:00Z → 2020-10-08 09:00.
 */
export function formatDateTime(iso: string): string {
  return formatBeijingDateTime(iso);
}

/** The Beijing (UTC+8) calendar date of an ISO timestamp, where due days and issue dates are counted; a bare date is taken as it is. */
export function beijingDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso.slice(0, 10);
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An ISO timestamp as Yangquan's wall clock (UTC+8), whatever the machine's zone: reports read the same wherever they are rebuilt. */
export function formatBeijingDateTime(iso: string, seconds = false): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** The months an analyst picks from: the plan year and its neighbours. */
export function monthOptions(from = '2019-10', to = '2021-03'): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** 0.873 → 87.3%; null → ''. The real value is kept; only the text is rounded. */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return `${(x * 100).toFixed(digits)}%`;
}

/** A completion rate: like formatPercent, but a figure short of the target never reads as 100.0% (0.99996 → 99.9%). */
export function formatCompletion(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const f = 10 ** digits;
  return x < 1 ? `${(Math.floor(x * 100 * f + 1e-9) / f).toFixed(digits)}%` : formatPercent(x, digits);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
