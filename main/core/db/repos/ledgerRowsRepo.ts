import type { Db } from '../connection';
import type { LedgerKind } from '../../../../shared/models';
import { foldText } from '../../importer/values';
import { boilerKey } from '../../importer/duplicates';
import type { RowValues } from '../../ledgers/types';

export type ColumnType = 'text' | 'real' | 'bool';

export interface ColumnSpec {
  column: string;
  /** The ledger field it holds, or a key derived from the row (name_key). */
  field: string;
  type: ColumnType;
  derive?: (v: RowValues) => string | null;
}

const t = (column: string, field: string): ColumnSpec => ({ column, field, type: 'text' });
const r = (column: string, field: string): ColumnSpec => ({ column, field, type: 'real' });
const b = (column: string, field: string): ColumnSpec => ({ column, field, type: 'bool' });

/** Each ledger field's column; the unit field goes to unit_id in every table. */
export const LEDGER_COLUMNS: Record<LedgerKind, { table: string; unitField: string; columns: ColumnSpec[] }> = {
  mine: {
    table: 'mine_rows',
    unitField: 'county',
    columns: [
      t('name', 'name'),
      { column: 'name_key', field: 'name', type: 'text', derive: (v) => (typeof v.name === 'string' ? foldText(v.name) : null) },
      t('mineral', 'mineral'),
      b('builtup', 'builtup'),
      t('state', 'state'),
      b('ownerless', 'ownerless'),
      t('closed_on', 'closedOn'),
      r('area_to_restore', 'areaToRestore'),
      r('area_restored', 'areaRestored'),
      t('completed_on', 'completedOn'),
      t('measures', 'measures'),
      t('note', 'note'),
    ],
  },
  boiler: {
    table: 'boiler_rows',
    unitField: 'county',
    columns: [
      t('org_name', 'orgName'),
      t('uscc', 'uscc'),
      t('boiler_no', 'boilerNo'),
      { column: 'boiler_key', field: 'boilerNo', type: 'text', derive: boilerKey },
      t('fuel', 'fuel'),
      r('capacity', 'capacity'),
      t('use', 'use'),
      t('status', 'status'),
      t('retired_on', 'retiredOn'),
      b('low_nox', 'lowNox'),
      t('low_nox_on', 'lowNoxOn'),
      r('nox_after', 'noxAfter'),
      t('note', 'note'),
    ],
  },
  vehicle: {
    table: 'vehicle_rows',
    unitField: 'county',
    columns: [
      t('plate', 'plate'),
      t('vin', 'vin'),
      t('vehicle_type', 'vehicleType'),
      t('fuel', 'fuel'),
      t('standard', 'standard'),
      t('usage', 'usage'),
      t('owner', 'owner'),
      t('method', 'method'),
      t('retired_on', 'retiredOn'),
      r('subsidy', 'subsidy'),
      t('note', 'note'),
    ],
  },
  permit: {
    table: 'permit_rows',
    unitField: 'county',
    columns: [
      t('org_name', 'orgName'),
      t('uscc', 'uscc'),
      t('industry', 'industry'),
      t('mgmt_class', 'mgmtClass'),
      t('permit_no', 'permitNo'),
      t('issued_on', 'issuedOn'),
      t('valid_until', 'validUntil'),
      t('status', 'status'),
      t('note', 'note'),
    ],
  },
  indicator: {
    table: 'indicator_rows',
    unitField: 'unit',
    columns: [t('indicator', 'indicator'), t('month', 'month'), r('value', 'value'), t('measure', 'measure'), t('note', 'note')],
  },
  milestone: {
    table: 'milestone_rows',
    unitField: 'unit',
    columns: [t('task_no', 'taskNo'), t('progress', 'progress'), t('done_on', 'doneOn'), t('evidence', 'evidence'), t('note', 'note')],
  },
};

export interface RowWrite {
  sheet: string;
  rowNo: number;
  status: 'ok' | 'warned' | 'rejected';
  unitId: number | null;
  values: RowValues;
  raw: Record<string, string> | null;
}

function sqlValue(spec: ColumnSpec, v: RowValues): string | number | null {
  if (spec.derive) return spec.derive(v);
  const x = v[spec.field];
  if (x === null || x === undefined) return null;
  if (spec.type === 'bool') return x === true ? 1 : x === false ? 0 : null;
  if (spec.type === 'real') return typeof x === 'number' ? x : null;
  return typeof x === 'string' ? x : String(x);
}

const BATCH = 64;

/** Inserts a submission's rows, many per statement; the caller holds the transaction. */
export function insertRows(db: Db, kind: LedgerKind, submissionId: number, rows: Iterable<RowWrite>, onRow?: (n: number) => void): number {
  const spec = LEDGER_COLUMNS[kind];
  const cols = ['submission_id', 'sheet', 'row_no', 'row_status', 'unit_id', 'raw', ...spec.columns.map((c) => c.column)];
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES ${new Array<string>(n).fill(tuple).join(', ')}`;
  const full = db.prepare(sql(BATCH));
  const args: (string | number | null)[] = [];
  let pending = 0;
  let n = 0;
  for (const row of rows) {
    args.push(submissionId, row.sheet, row.rowNo, row.status, row.unitId, row.raw ? JSON.stringify(row.raw) : null);
    for (const c of spec.columns) args.push(sqlValue(c, row.values));
    if (++pending === BATCH) {
      full.run(args);
      args.length = 0;
      pending = 0;
    }
    if (++n % 5000 === 0) onRow?.(n);
  }
  if (pending > 0) db.prepare(sql(pending)).run(args);
  return n;
}
