import type { TargetView } from '../../../shared/models';
import { ELIGIBLE_VEHICLE, countedRows, idsLiteral } from '../db/repos/ledgerTotalsRepo';

/**
 * A later return in the same set restates the row: only the latest version of an indicator month or a task's
 * progress counts — among the rows that count at all (a department's copy does not hide a unit's own return).
 */
function latestOnly(table: string, key: string, ids: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${table} r2 JOIN submissions s2 ON s2.id = r2.submission_id
    WHERE ${key} AND r2.unit_id IS r.unit_id AND r2.row_status != 'rejected' AND r2.submission_id IN (SELECT value FROM json_each(${ids}))
      AND ${countedRows(ids, 'r2')}
      AND (s2.period > s.period OR (s2.period = s.period AND (s2.id > s.id OR (s2.id = s.id AND r2.id > r.id)))))`;
}

/**
 * The ledger rows behind a figure — the same rows the totals count: the run's submissions, a unit's own ledger
 * over a department's copy, the latest version of a restated figure — and which of them hold it back (listed first).
 * `months`: for an indicator, the months its figure was taken from.
 */
export function evidenceFilter(t: TargetView, asOf: string, ids: number[], months?: string[]): { where: { sql: string; args: (string | number)[] }; firstWhen?: string } | null {
  const set = idsLiteral(ids);
  const inner = evidenceRows(t, asOf, set, months);
  if (!inner) return null;
  return { ...inner, where: { sql: `${inner.where.sql} AND ${countedRows(set)}`, args: inner.where.args } };
}

function evidenceRows(t: TargetView, asOf: string, ids: string, months?: string[]): { where: { sql: string; args: (string | number)[] }; firstWhen?: string } | null {
  // asOf is a validated YYYY-MM-DD; it goes into the ordering clause as a literal
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error('asOf must be YYYY-MM-DD');
  const live = `r.row_status != 'rejected'`;
  switch (t.measurement) {
    case 'mine.builtupClosedRate':
      return { where: { sql: `${live} AND r.builtup = 1`, args: [] }, firstWhen: `NOT (r.state = '已关闭' AND r.closed_on <= '${asOf}')` };
    case 'mine.restoredMu':
      return { where: { sql: `${live} AND (r.state = '废弃' OR r.ownerless = 1)`, args: [] }, firstWhen: `IFNULL(r.area_restored, 0) < IFNULL(r.area_to_restore, 0)` };
    case 'boiler.smallCoalRemaining':
      return { where: { sql: `${live} AND r.fuel = '燃煤' AND r.capacity < 35`, args: [] }, firstWhen: `r.status NOT IN ('已淘汰', '已拆除')` };
    case 'boiler.gasRetrofitRate':
      return { where: { sql: `${live} AND r.fuel = '燃气' AND r.status NOT IN ('已淘汰', '已拆除')`, args: [] }, firstWhen: `IFNULL(r.low_nox, 0) != 1` };
    case 'vehicle.eligibleRetired':
      return { where: { sql: `${live} AND ${ELIGIBLE_VEHICLE} AND r.retired_on <= ?`, args: [asOf] } };
    case 'permit.coverage':
      return { where: { sql: `${live} AND r.status != '注销'`, args: [] }, firstWhen: `NOT (r.status IN ('已发证', '已登记') AND r.issued_on <= '${asOf}')` };
    default:
      break;
  }
  if (t.ledger === 'indicator') {
    const inMonths = months && months.length > 0 ? ` AND r.month IN (${months.map(() => '?').join(', ')})` : ` AND r.month <= ?`;
    return {
      where: {
        sql: `${live} AND r.value IS NOT NULL AND r.indicator = ?${inMonths} AND ${latestOnly('indicator_rows', 'r2.indicator = r.indicator AND r2.month = r.month AND r2.value IS NOT NULL', ids)}`,
        args: [t.id, ...(months && months.length > 0 ? months : [asOf.slice(0, 7)])],
      },
    };
  }
  if (t.ledger === 'milestone') return { where: { sql: `${live} AND r.task_no = ? AND ${latestOnly('milestone_rows', 'r2.task_no = r.task_no', ids)}`, args: [t.id] } };
  return null;
}
