import type { LedgerKind } from '../../../shared/models';
import type { ReturnStatus, ReturnStatusView } from '../../../shared/assessModels';
import { nextMonth } from './evaluate';

export interface FirstReturn {
  submitter: string;
  kind: string;
  period: string;
  id: number;
  importedAt: string;
}

import { beijingDate } from '../../../shared/format';

export { beijingDate };

export function dueDate(period: string, dueDay: number): string {
  return `${nextMonth(period)}-${String(dueDay).padStart(2, '0')}`;
}

/** The month whose returns were due last by `today`: the month before last until this month's due day has passed. */
export function lastDueMonth(today: string, dueDay: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 - (d > dueDay ? 1 : 2), 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * For each expected return (unit × ledger × month): 按时 if the first version arrived by the due day of the
 * following month, 逾期报送 if later, 未报送 if not at all once the due day has passed, 未到期 before it.
 * A corrected version does not make an on-time return late.
 */
export function returnStatuses(input: {
  expected: { unit: string; kinds: LedgerKind[] }[];
  months: string[];
  first: FirstReturn[];
  dueDay: number;
  today: string;
}): ReturnStatusView[] {
  const first = new Map(input.first.map((f) => [`${f.submitter}\u0000${f.kind}\u0000${f.period}`, f]));
  const out: ReturnStatusView[] = [];
  for (const period of input.months) {
    const dueOn = dueDate(period, input.dueDay);
    for (const { unit, kinds } of input.expected) {
      for (const kind of kinds) {
        const f = first.get(`${unit}\u0000${kind}\u0000${period}`);
        let status: ReturnStatus;
        if (f) status = beijingDate(f.importedAt) <= dueOn ? 'on_time' : 'late';
        else status = input.today > dueOn ? 'missing' : 'pending';
        out.push({ unit, kind, period, dueOn, status, submissionId: f?.id ?? null, submittedAt: f?.importedAt ?? null });
      }
    }
  }
  return out;
}
