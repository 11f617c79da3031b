import type { TargetView } from '../../../shared/models';
import { ELIGIBLE_VEHICLE } from '../db/repos/ledgerTotalsRepo';

/** The ledger rows behind a figure, and which of them hold it back (listed first). */
export function evidenceFilter(t: TargetView, asOf: string): { where: { sql: string; args: (string | number)[] }; firstWhen?: string } | null {
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
  if (t.ledger === 'indicator') return { where: { sql: `${live} AND r.indicator = ?`, args: [t.id] } };
  if (t.ledger === 'milestone') return { where: { sql: `${live} AND r.task_no = ?`, args: [t.id] } };
  return null;
}
