import type { Db } from '../connection';
import type { LedgerKind } from '../../../../shared/models';
import type { LedgerRowView, RowVersion } from '../../../../shared/ledgerModels';
import { LEDGER_COLUMNS } from './ledgerRowsRepo';

export interface RowFilter {
  kind: LedgerKind;
  submissionId?: number;
  unitId?: number;
  period?: string;
  status?: 'ok' | 'warned' | 'rejected';
  allVersions?: boolean;
  /** Only rows of these submissions (the set an assessment used). */
  submissionIds?: number[];
  /** A further condition over the row table r, e.g. the rows behind a figure. */
  where?: { sql: string; args: (string | number)[] };
  /** Rows matching this come first (e.g. the boilers not yet retrofitted). */
  firstWhen?: string;
  offset: number;
  limit: number;
}

function where(f: RowFilter): { sql: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (f.submissionId !== undefined) {
    parts.push('r.submission_id = ?');
    args.push(f.submissionId);
  } else if (!f.allVersions) {
    // the current version for the row's unit: a correction for one county leaves the others' rows current
    parts.push(`(EXISTS (SELECT 1 FROM submission_units c WHERE c.submission_id = r.submission_id AND c.unit_id = r.unit_id AND c.status = 'current')
      OR (r.unit_id IS NULL AND s.status = 'current'))`);
  }
  if (f.unitId !== undefined) {
    // a row whose 县区 could not be read still belongs to the unit that sent it
    parts.push('(r.unit_id = ? OR (r.unit_id IS NULL AND s.submitter_id = ?))');
    args.push(f.unitId, f.unitId);
  }
  if (f.period) {
    parts.push('s.period = ?');
    args.push(f.period);
  }
  if (f.status) {
    parts.push('r.row_status = ?');
    args.push(f.status);
  }
  if (f.submissionIds) {
    parts.push('r.submission_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(f.submissionIds));
  }
  if (f.where) {
    parts.push(`(${f.where.sql})`);
    args.push(...f.where.args);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** The row's version: per unit where the unit is known (a correction may cover only some counties), else the file's. */
function versionOf(r: Record<string, string | number | null>): RowVersion {
  const state = r.withdrawn_at ? 'withdrawn' : ((r.unit_status ?? r.submission_status) as 'current' | 'superseded');
  const by = (r.unit_status ? r.unit_superseded_by : r.superseded_by_id) as number | null;
  return { no: Math.max(1, r.version_no as number), state, supersededById: state === 'superseded' ? by : null };
}

/** A page of ledger rows with where each came from. */
export function ledgerRows(db: Db, f: RowFilter): { total: number; heldBack?: number; rows: LedgerRowView[] } {
  const spec = LEDGER_COLUMNS[f.kind];
  const w = where(f);
  const from = `FROM ${spec.table} r JOIN submissions s ON s.id = r.submission_id JOIN units su ON su.id = s.submitter_id LEFT JOIN units u ON u.id = r.unit_id`;
  const counts = db
    .prepare(`SELECT COUNT(*) AS n${f.firstWhen ? `, IFNULL(SUM(CASE WHEN ${f.firstWhen} THEN 1 ELSE 0 END), 0) AS held` : ''} ${from} ${w.sql}`)
    .get(...w.args) as { n: number; held?: number };
  const total = counts.n;
  const cols = spec.columns.filter((c) => !c.derive);
  const rows = db
    .prepare(
      `SELECT r.id, r.submission_id, s.file_name, s.period, su.name AS submitter, r.sheet, r.row_no, r.row_status, u.name AS unit, r.raw,
         s.withdrawn_at, s.status AS submission_status, vc.status AS unit_status, vc.superseded_by_id AS unit_superseded_by, s.superseded_by_id,
         (SELECT COUNT(*) FROM submission_units v WHERE v.submitter_id = s.submitter_id AND v.kind = s.kind AND v.unit_id = r.unit_id AND v.period = s.period
            AND v.submission_id <= r.submission_id) AS version_no,${f.firstWhen ? ` CASE WHEN ${f.firstWhen} THEN 1 ELSE 0 END AS holds_back,` : ''}
         ${cols.map((c) => `r.${c.column}`).join(', ')}
       ${from} LEFT JOIN submission_units vc ON vc.submission_id = r.submission_id AND vc.unit_id = r.unit_id ${w.sql}
       ORDER BY ${f.firstWhen ? `CASE WHEN ${f.firstWhen} THEN 0 ELSE 1 END, ` : ''}s.period DESC, su.sort_order, s.id DESC, r.id
       LIMIT ? OFFSET ?`,
    )
    .all(...w.args, f.limit, f.offset) as Record<string, string | number | null>[];
  // the findings on these rows, so the grid can say why a row was refused or flagged
  const problems = new Map<string, string[]>();
  const subs = [...new Set(rows.map((r) => r.submission_id as number))];
  if (subs.length > 0) {
    const found = db
      .prepare(
        `SELECT submission_id, sheet, row_no, message FROM findings
         WHERE submission_id IN (${subs.map(() => '?').join(', ')}) AND severity != 'info' AND row_no BETWEEN ? AND ?
         ORDER BY id`,
      )
      .all(...subs, Math.min(...rows.map((r) => r.row_no as number)), Math.max(...rows.map((r) => r.row_no as number))) as {
      submission_id: number;
      sheet: string;
      row_no: number;
      message: string;
    }[];
    for (const f of found) {
      const key = `${f.submission_id}\u0000${f.sheet}\u0000${f.row_no}`;
      problems.set(key, [...(problems.get(key) ?? []), f.message]);
    }
  }
  return {
    total,
    ...(f.firstWhen ? { heldBack: counts.held ?? 0 } : {}),
    rows: rows.map((r) => {
      const values: LedgerRowView['values'] = {};
      for (const c of cols) {
        const v = r[c.column] ?? null;
        values[c.field] = c.type === 'bool' ? (v === null ? null : v === 1) : v;
      }
      values[spec.unitField] = (r.unit as string | null) ?? null;
      return {
        id: r.id as number,
        submissionId: r.submission_id as number,
        file: r.file_name as string,
        period: r.period as string,
        submitter: r.submitter as string,
        sheet: r.sheet as string,
        rowNo: r.row_no as number,
        status: r.row_status as LedgerRowView['status'],
        unit: (r.unit as string | null) ?? null,
        values,
        raw: r.raw ? (JSON.parse(r.raw as string) as Record<string, string>) : null,
        problems: problems.get(`${r.submission_id as number}\u0000${r.sheet as string}\u0000${r.row_no as number}`) ?? [],
        ...(f.firstWhen ? { holdsBack: r.holds_back === 1 } : {}),
        version: versionOf(r),
      };
    }),
  };
}
