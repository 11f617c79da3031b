import type { Db } from '../connection';

/**
 * The submissions totals are taken from: per submitter and ledger kind, the current version
 * of the latest month up to `month`.
 */
const LATEST = `
  SELECT s.id FROM submissions s
  WHERE s.kind = @kind AND s.status = 'current' AND s.period <= @month
    AND s.period = (SELECT MAX(s2.period) FROM submissions s2
                    WHERE s2.kind = s.kind AND s2.submitter_id = s.submitter_id AND s2.status = 'current' AND s2.period <= @month)`;

export interface MineTotals { unit: string; builtupTotal: number; builtupClosed: number; restoredMu: number; rows: number }
export interface BoilerTotals { unit: string; smallCoalTotal: number; smallCoalRemaining: number; gasTotal: number; gasRetrofitted: number; rows: number }
export interface VehicleTotals { unit: string; rows: number; eligibleRetired: number }
export interface PermitTotals { unit: string; listed: number; covered: number; rows: number }

export function latestSubmissionIds(db: Db, kind: string, month: string): number[] {
  return (db.prepare(LATEST).all({ kind, month }) as { id: number }[]).map((r) => r.id);
}

export function mineTotals(db: Db, month: string, asOf: string): MineTotals[] {
  return db
    .prepare(
      `SELECT u.name AS unit,
         COUNT(*) FILTER (WHERE r.builtup = 1) AS builtupTotal,
         COUNT(*) FILTER (WHERE r.builtup = 1 AND r.state = '已关闭' AND r.closed_on <= @asOf) AS builtupClosed,
         COALESCE(SUM(r.area_restored) FILTER (WHERE r.state = '废弃' OR r.ownerless = 1), 0) AS restoredMu,
         COUNT(*) AS rows
       FROM mine_rows r JOIN units u ON u.id = r.unit_id
       WHERE r.submission_id IN (${LATEST}) AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ kind: 'mine', month, asOf }) as MineTotals[];
}

export function boilerTotals(db: Db, month: string): BoilerTotals[] {
  return db
    .prepare(
      `SELECT u.name AS unit,
         COUNT(*) FILTER (WHERE r.fuel = '燃煤' AND r.capacity < 35) AS smallCoalTotal,
         COUNT(*) FILTER (WHERE r.fuel = '燃煤' AND r.capacity < 35 AND r.status NOT IN ('已淘汰', '已拆除')) AS smallCoalRemaining,
         COUNT(*) FILTER (WHERE r.fuel = '燃气' AND r.status NOT IN ('已淘汰', '已拆除')) AS gasTotal,
         COUNT(*) FILTER (WHERE r.fuel = '燃气' AND r.status NOT IN ('已淘汰', '已拆除') AND r.low_nox = 1) AS gasRetrofitted,
         COUNT(*) AS rows
       FROM boiler_rows r JOIN units u ON u.id = r.unit_id
       WHERE r.submission_id IN (${LATEST}) AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ kind: 'boiler', month }) as BoilerTotals[];
}

export function vehicleTotals(db: Db, month: string, asOf: string): VehicleTotals[] {
  return db
    .prepare(
      `SELECT u.name AS unit,
         COUNT(*) AS rows,
         COUNT(*) FILTER (WHERE r.standard IN ('国零', '国一', '国二', '国三') AND r.usage = '营运'
                            AND (r.vehicle_type LIKE '%中型%货车%' OR r.vehicle_type LIKE '%重型%货车%')
                            AND r.fuel LIKE '%柴油%' AND r.retired_on <= @asOf) AS eligibleRetired
       FROM vehicle_rows r JOIN units u ON u.id = r.unit_id
       WHERE r.submission_id IN (${LATEST}) AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ kind: 'vehicle', month, asOf }) as VehicleTotals[];
}

export function permitTotals(db: Db, month: string, asOf: string): PermitTotals[] {
  return db
    .prepare(
      `SELECT u.name AS unit,
         COUNT(DISTINCT r.uscc) FILTER (WHERE r.status != '注销') AS listed,
         COUNT(DISTINCT r.uscc) FILTER (WHERE r.status IN ('已发证', '已登记') AND r.issued_on <= @asOf) AS covered,
         COUNT(*) AS rows
       FROM permit_rows r JOIN units u ON u.id = r.unit_id
       WHERE r.submission_id IN (${LATEST}) AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ kind: 'permit', month, asOf }) as PermitTotals[];
}
