import type { Db } from '../connection';
import type { LedgerKind } from '../../../../shared/models';

/**
 * Which submissions count at a month: for the four detailed ledgers (each a full register every month), for
 * each submitter and unit the latest month up to `month`; for indicator and milestone returns (each month its
 * own figures), every month up to `month`. Always the current version for the unit. A submission is in the set
 * if it holds any unit's current rows; `countedRows` says which of its rows count.
 */
export function submissionSet(db: Db, month: string): Record<LedgerKind, number[]> {
  const latest = db
    .prepare(
      `SELECT DISTINCT c.kind, c.submission_id AS id FROM submission_units c
       WHERE c.status = 'current' AND c.period <= @month AND c.kind IN ('mine', 'boiler', 'vehicle', 'permit')
         AND c.period = (SELECT MAX(c2.period) FROM submission_units c2
                         WHERE c2.kind = c.kind AND c2.submitter_id = c.submitter_id AND c2.unit_id = c.unit_id AND c2.status = 'current' AND c2.period <= @month)
       UNION
       SELECT c.kind, c.submission_id FROM submission_units c
       WHERE c.status = 'current' AND c.period <= @month AND c.kind IN ('indicator', 'milestone')
       ORDER BY 2`,
    )
    .all({ month }) as { kind: LedgerKind; id: number }[];
  const out: Record<LedgerKind, number[]> = { mine: [], boiler: [], vehicle: [], permit: [], indicator: [], milestone: [] };
  for (const r of latest) out[r.kind].push(r.id);
  return out;
}

/**
 * The rows of a set of submissions that count, as a condition on a row table aliased r. Derived from the set
 * alone, so a saved assessment's set gives the same rows years later:
 * - a submission's rows for a unit count unless a newer submission in the set from the same submitter covers
 *   that unit (for the registers a later month or a later correction; for monthly returns a correction of the
 *   same month);
 * - a unit's own ledger wins: rows another submitter (a department's city-wide file) gives for a unit that sent
 *   its own are left out, so nothing is counted twice.
 * `ids` is the SQL for the set as a JSON array (a named parameter, or `idsLiteral`); `r` the row table's alias.
 */
export function countedRows(ids: string, r = 'r'): string {
  const inSet = (col: string) => `${col} IN (SELECT value FROM json_each(${ids}))`;
  return `(${r}.submission_id, ${r}.unit_id) IN (
    SELECT c.submission_id, c.unit_id FROM submission_units c
    WHERE ${inSet('c.submission_id')}
      AND NOT EXISTS (SELECT 1 FROM submission_units n
        WHERE ${inSet('n.submission_id')} AND n.unit_id = c.unit_id AND n.submitter_id = c.submitter_id AND n.kind = c.kind
          AND (n.period > c.period OR (n.period = c.period AND n.submission_id > c.submission_id))
          AND (c.kind IN ('mine', 'boiler', 'vehicle', 'permit') OR n.period = c.period))
      AND (c.unit_id = c.submitter_id OR c.unit_id NOT IN (SELECT s1.submitter_id FROM submissions s1 WHERE ${inSet('s1.id')})))`;
}
/** A set of submission ids as a SQL literal, for statements that use it in many places. */
export function idsLiteral(ids: number[]): string {
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error('submission ids must be integers');
  return `'${JSON.stringify(ids)}'`;
}

const IN_SET = `r.submission_id IN (SELECT value FROM json_each(@ids)) AND ${countedRows('@ids')}`;

export interface MineTotals { unitId: number; unit: string; builtupTotal: number; builtupClosed: number; restoredMu: number; rows: number }
export interface BoilerTotals { unitId: number; unit: string; smallCoalTotal: number; smallCoalRemaining: number; gasTotal: number; gasRetrofitted: number; rows: number }
export interface VehicleTotals { unitId: number; unit: string; rows: number; eligibleRetired: number }
export interface PermitTotals { unitId: number; unit: string; listed: number; covered: number; rows: number }

export function mineTotals(db: Db, ids: number[], asOf: string): MineTotals[] {
  return db
    .prepare(
      `SELECT u.id AS unitId, u.name AS unit,
         COUNT(*) FILTER (WHERE r.builtup = 1) AS builtupTotal,
         COUNT(*) FILTER (WHERE r.builtup = 1 AND r.state = '已关闭' AND r.closed_on <= @asOf) AS builtupClosed,
         COALESCE(SUM(r.area_restored) FILTER (WHERE r.state = '废弃' OR r.ownerless = 1), 0) AS restoredMu,
         COUNT(*) AS rows
       FROM mine_rows r JOIN units u ON u.id = r.unit_id
       WHERE ${IN_SET} AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ ids: JSON.stringify(ids), asOf }) as MineTotals[];
}

export function boilerTotals(db: Db, ids: number[]): BoilerTotals[] {
  return db
    .prepare(
      `SELECT u.id AS unitId, u.name AS unit,
         COUNT(*) FILTER (WHERE r.fuel = '燃煤' AND r.capacity < 35) AS smallCoalTotal,
         COUNT(*) FILTER (WHERE r.fuel = '燃煤' AND r.capacity < 35 AND r.status NOT IN ('已淘汰', '已拆除')) AS smallCoalRemaining,
         COUNT(*) FILTER (WHERE r.fuel = '燃气' AND r.status NOT IN ('已淘汰', '已拆除')) AS gasTotal,
         COUNT(*) FILTER (WHERE r.fuel = '燃气' AND r.status NOT IN ('已淘汰', '已拆除') AND r.low_nox = 1) AS gasRetrofitted,
         COUNT(*) AS rows
       FROM boiler_rows r JOIN units u ON u.id = r.unit_id
       WHERE ${IN_SET} AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ ids: JSON.stringify(ids) }) as BoilerTotals[];
}

/**
 * 国三 and older, 营运, 中型 or 重型 货车 (a 重型半挂牵引车 or 重型自卸货车 is a heavy goods vehicle too;
 * 大型货车 and 重货/中货 are how some lists write it), 柴油: what the retirement quota counts.
 */
export const ELIGIBLE_VEHICLE = `r.standard IN ('国零', '国一', '国二', '国三') AND r.usage = '营运' AND r.fuel LIKE '%柴油%'
  AND ((r.vehicle_type LIKE '%重型%' OR r.vehicle_type LIKE '%中型%' OR r.vehicle_type LIKE '%大型货%')
        AND (r.vehicle_type LIKE '%货%' OR r.vehicle_type LIKE '%牵引%' OR r.vehicle_type LIKE '%自卸%' OR r.vehicle_type LIKE '%专项作业%')
       OR r.vehicle_type IN ('重货', '中货'))`;

export function vehicleTotals(db: Db, ids: number[], asOf: string): VehicleTotals[] {
  return db
    .prepare(
      `SELECT u.id AS unitId, u.name AS unit,
         COUNT(*) AS rows,
         COUNT(*) FILTER (WHERE ${ELIGIBLE_VEHICLE} AND r.retired_on <= @asOf) AS eligibleRetired
       FROM vehicle_rows r JOIN units u ON u.id = r.unit_id
       WHERE ${IN_SET} AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ ids: JSON.stringify(ids), asOf }) as VehicleTotals[];
}

export function permitTotals(db: Db, ids: number[], asOf: string): PermitTotals[] {
  return db
    .prepare(
      `SELECT u.id AS unitId, u.name AS unit,
         COUNT(DISTINCT r.uscc) FILTER (WHERE r.status != '注销') AS listed,
         COUNT(DISTINCT r.uscc) FILTER (WHERE r.status IN ('已发证', '已登记') AND r.issued_on <= @asOf) AS covered,
         COUNT(*) AS rows
       FROM permit_rows r JOIN units u ON u.id = r.unit_id
       WHERE ${IN_SET} AND r.row_status != 'rejected'
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all({ ids: JSON.stringify(ids), asOf }) as PermitTotals[];
}

export interface IndicatorValue {
  target: string;
  unitId: number;
  unit: string;
  month: string;
  value: number;
  submissionId: number;
}

/** Per target, unit and month, the figure from the latest return that gives it (a later month's return may restate an earlier month). */
export function indicatorValues(db: Db, ids: number[], month: string): IndicatorValue[] {
  return db
    .prepare(
      `SELECT target, unitId, unit, month, value, submissionId FROM (
         SELECT r.indicator AS target, r.unit_id AS unitId, u.name AS unit, r.month, r.value, r.submission_id AS submissionId,
                ROW_NUMBER() OVER (PARTITION BY r.indicator, r.unit_id, r.month ORDER BY s.period DESC, s.id DESC, r.id DESC) AS k
         FROM indicator_rows r JOIN submissions s ON s.id = r.submission_id JOIN units u ON u.id = r.unit_id
         WHERE ${IN_SET} AND r.row_status != 'rejected' AND r.month <= @month AND r.value IS NOT NULL
       ) WHERE k = 1 ORDER BY target, unitId, month`,
    )
    .all({ ids: JSON.stringify(ids), month }) as IndicatorValue[];
}

export interface MilestoneState {
  target: string;
  unitId: number;
  unit: string;
  progress: string;
  doneOn: string | null;
  evidence: string | null;
  period: string;
  submissionId: number;
}

/** Per target and unit, the progress in the latest return. */
export function milestoneStates(db: Db, ids: number[]): MilestoneState[] {
  return db
    .prepare(
      `SELECT target, unitId, unit, progress, doneOn, evidence, period, submissionId FROM (
         SELECT r.task_no AS target, r.unit_id AS unitId, u.name AS unit, r.progress, r.done_on AS doneOn, r.evidence, s.period,
                r.submission_id AS submissionId,
                ROW_NUMBER() OVER (PARTITION BY r.task_no, r.unit_id ORDER BY s.period DESC, s.id DESC, r.id DESC) AS k
         FROM milestone_rows r JOIN submissions s ON s.id = r.submission_id JOIN units u ON u.id = r.unit_id
         WHERE ${IN_SET} AND r.row_status != 'rejected'
       ) WHERE k = 1 ORDER BY target, unitId`,
    )
    .all({ ids: JSON.stringify(ids) }) as MilestoneState[];
}

export interface CarriedFigures {
  /** `target\u0000unit` for every indicator or milestone row in the set, a rejected row included (the unit did report it). */
  targets: Set<string>;
  /** target → the units whose ledgers gave a row for it, for any unit. */
  reporters: Map<string, Set<string>>;
  /** `kind\u0000unit` for every unit a detailed ledger in the set gives rows for. */
  units: Set<string>;
}

/** What the ledgers of a set carry for which unit: where a missing figure was owed rather than never asked for. */
export function carriedFigures(db: Db, ids: number[]): CarriedFigures {
  const rows = db
    .prepare(
      `SELECT r.indicator AS target, u.name AS unit, su.name AS submitter FROM indicator_rows r JOIN units u ON u.id = r.unit_id
         JOIN submissions s ON s.id = r.submission_id JOIN units su ON su.id = s.submitter_id
       WHERE ${IN_SET} AND r.indicator IS NOT NULL
       UNION
       SELECT r.task_no, u.name, su.name FROM milestone_rows r JOIN units u ON u.id = r.unit_id
         JOIN submissions s ON s.id = r.submission_id JOIN units su ON su.id = s.submitter_id
       WHERE ${IN_SET} AND r.task_no IS NOT NULL`,
    )
    .all({ ids: JSON.stringify(ids) }) as { target: string; unit: string; submitter: string }[];
  const units = db
    .prepare(
      `SELECT DISTINCT c.kind, u.name AS unit FROM submission_units c JOIN units u ON u.id = c.unit_id
       WHERE c.submission_id IN (SELECT value FROM json_each(@ids)) AND c.kind IN ('mine', 'boiler', 'vehicle', 'permit')`,
    )
    .all({ ids: JSON.stringify(ids) }) as { kind: string; unit: string }[];
  const reporters = new Map<string, Set<string>>();
  for (const r of rows) reporters.set(r.target, (reporters.get(r.target) ?? new Set()).add(r.submitter));
  return { targets: new Set(rows.map((r) => `${r.target}\u0000${r.unit}`)), reporters, units: new Set(units.map((r) => `${r.kind}\u0000${r.unit}`)) };
}
