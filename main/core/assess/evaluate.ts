import type { AssessStatus } from '../../../shared/assessModels';
import type { Aggregation, Comparator } from '../../../shared/models';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Share of the target's time that has passed at the as-of date, clamped to [0, 1]. */
export function timeProgress(start: string, deadline: string, asOf: string): number {
  const span = day(deadline) - day(start);
  if (span <= 0) return day(asOf) >= day(deadline) ? 1 : 0;
  return Math.min(1, Math.max(0, (day(asOf) - day(start)) / span));
}

/** Whether the actual meets the target, read the way its comparator says ("≤ 160", "< 9" and "= 0" are met from above). */
export function meets(comparator: Comparator, value: number, actual: number): boolean {
  switch (comparator) {
    case '>=':
      return actual >= value - 1e-9;
    case '>':
      return actual > value;
    case '<=':
      return actual <= value + 1e-9;
    case '<':
      return actual < value;
    case '=':
      return Math.abs(actual - value) < 1e-9;
  }
}

/**
 * How much of the way to the target the unit has come (1 = there). For "at least" targets actual ÷ target;
 * for "at most" targets target ÷ actual once above it; for "none left" targets the share of the starting
 * stock already gone (needs `stock`: e.g. all small coal boilers, of which `actual` remain).
 */
export function completion(comparator: Comparator, value: number, actual: number, stock?: number): number {
  if (meets(comparator, value, actual)) {
    if (comparator === '>=' || comparator === '>') return value > 0 ? actual / value : 1;
    return 1;
  }
  switch (comparator) {
    case '>=':
    case '>':
      return value > 0 ? Math.max(0, actual / value) : 0;
    case '<=':
    case '<':
      return actual > 0 && value > 0 ? value / actual : 0;
    case '=':
      if (value === 0 && stock !== undefined && stock > 0) return Math.max(0, (stock - actual) / stock);
      return 0;
  }
}

export interface StatusInput {
  met: boolean;
  completion: number;
  timeProgress: number;
  asOf: string;
  deadline: string;
  aggregation: Aggregation;
  gap: number;
  /** The quarter (or month) the figure covers has ended. */
  periodEnded?: boolean;
}

/**
 * 已完成 when met; 逾期未完成 when the deadline has come (the as-of date is the end of its day, so a target
 * due 2020年9月30日 and not done at the end of September is overdue); otherwise 序时推进 if completion keeps pace with
 * time, 滞后 if behind, 严重滞后 if more than `gap` behind. Targets that must hold every month (降尘) or quarter
 * are judged on that period: a missed month is 滞后, and two in a row escalate through the rules.
 */
export function statusOf(s: StatusInput): AssessStatus {
  if (s.met) return 'done';
  if (s.aggregation === 'monthly') return 'lagging';
  if (s.aggregation === 'quarterly') return s.periodEnded ? 'lagging' : 'on_track';
  if (day(s.asOf) >= day(s.deadline)) return 'overdue';
  if (s.completion >= s.timeProgress - 1e-9) return 'on_track';
  return s.timeProgress - s.completion > s.gap + 1e-9 ? 'seriously_lagging' : 'lagging';
}

// the month arithmetic documents also use lives in shared/, where the UI can reach it
export { lastDayOfMonth as monthEndOf } from '../../../shared/reportDates';

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function quarterMonths(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  return [0, 1, 2].map((i) => `${y}-${String(first + i).padStart(2, '0')}`);
}

export { DAY };
