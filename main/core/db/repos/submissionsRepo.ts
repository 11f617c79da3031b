import { writeTransaction, type Db } from '../connection';
import type { LedgerKind } from '../../../../shared/models';
import type { Finding } from '../../importer/findings';

export interface SubmissionRow {
  id: number;
  file_id: number;
  file_name: string;
  format: 'xlsx' | 'xls' | 'csv';
  kind: LedgerKind;
  submitter_id: number;
  submitter: string;
  period: string;
  status: 'current' | 'superseded';
  supersedes_id: number | null;
  superseded_by_id: number | null;
  superseded_at: string | null;
  imported_by: string;
  imported_at: string;
  rows_total: number;
  rows_accepted: number;
  rows_warned: number;
  rows_rejected: number;
  detection: string;
  sha256: string;
  size: number;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

const SELECT = `SELECT s.*, u.name AS submitter, f.sha256, f.size FROM submissions s JOIN units u ON u.id = s.submitter_id JOIN files f ON f.id = s.file_id`;

/** Submissions holding these exact bytes; a withdrawn one does not count (the file may come in again, rightly filed). */
export function findSubmissionsBySha(db: Db, sha256: string): SubmissionRow[] {
  return db.prepare(`${SELECT} WHERE f.sha256 = ? AND s.withdrawn_at IS NULL ORDER BY s.id`).all(sha256) as SubmissionRow[];
}

/**
 * Takes a submission out of the counts; for each unit it covered, whatever it had replaced (or what came
 * before that, if that too was withdrawn) becomes current again.
 */
export function withdrawSubmission(db: Db, id: number, by: string, at: string, reason: string): void {
  writeTransaction(db, () => {
    const s = db.prepare('SELECT submitter_id, kind, period FROM submissions WHERE id = ?').get(id) as { submitter_id: number; kind: LedgerKind; period: string };
    db.prepare(`UPDATE submissions SET status = 'superseded', superseded_at = COALESCE(superseded_at, ?), withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ?`).run(
      at,
      at,
      by,
      reason,
      id,
    );
    db.prepare(`UPDATE submission_units SET status = 'superseded', superseded_at = ? WHERE submission_id = ? AND status = 'current'`).run(at, id);
    refreshCurrent(db, s.submitter_id, s.kind, s.period);
  });
}

export function getSubmission(db: Db, id: number): SubmissionRow | null {
  return (db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SubmissionRow | undefined) ?? null;
}

export interface CoverageRow {
  submission_id: number;
  unit_id: number;
  unit: string;
  rows_total: number;
  rows_rejected: number;
  status: 'current' | 'superseded';
  replaces_id: number | null;
  superseded_by_id: number | null;
  superseded_at: string | null;
}

const COVERAGE = `SELECT c.submission_id, c.unit_id, u.name AS unit, c.rows_total, c.rows_rejected, c.status, c.replaces_id, c.superseded_by_id, c.superseded_at
  FROM submission_units c JOIN units u ON u.id = c.unit_id`;

/** Per unit, the submission of this submitter, ledger and month that currently holds its rows. */
export function currentCoverage(db: Db, submitterId: number, kind: LedgerKind, period: string): (CoverageRow & { file_name: string; imported_at: string; sha256: string })[] {
  return db
    .prepare(
      `SELECT c.submission_id, c.unit_id, u.name AS unit, c.rows_total, c.rows_rejected, c.status, c.replaces_id, c.superseded_by_id, c.superseded_at,
              s.file_name, s.imported_at, f.sha256
       FROM submission_units c JOIN units u ON u.id = c.unit_id JOIN submissions s ON s.id = c.submission_id JOIN files f ON f.id = s.file_id
       WHERE c.submitter_id = ? AND c.kind = ? AND c.period = ? AND c.status = 'current' ORDER BY u.sort_order`,
    )
    .all(submitterId, kind, period) as (CoverageRow & { file_name: string; imported_at: string; sha256: string })[];
}

/** The units a submission has rows for, and for each whether it is the current version. */
export function coverageOf(db: Db, submissionIds: number[]): Map<number, CoverageRow[]> {
  const rows = db
    .prepare(`${COVERAGE} WHERE c.submission_id IN (SELECT value FROM json_each(?)) ORDER BY c.submission_id, u.sort_order`)
    .all(JSON.stringify(submissionIds)) as CoverageRow[];
  const out = new Map<number, CoverageRow[]>();
  for (const r of rows) out.set(r.submission_id, [...(out.get(r.submission_id) ?? []), r]);
  return out;
}

/** For each unit, the latest current rows of this submitter and ledger from a month before `period`. */
export function previousCoverage(db: Db, submitterId: number, kind: LedgerKind, period: string): { submission_id: number; unit_id: number; period: string; file_name: string }[] {
  return db
    .prepare(
      `SELECT c.submission_id, c.unit_id, c.period, s.file_name FROM submission_units c JOIN submissions s ON s.id = c.submission_id
       WHERE c.submitter_id = ? AND c.kind = ? AND c.status = 'current'
         AND c.period = (SELECT MAX(c2.period) FROM submission_units c2
                         WHERE c2.submitter_id = c.submitter_id AND c2.kind = c.kind AND c2.unit_id = c.unit_id AND c2.status = 'current' AND c2.period < ?)`,
    )
    .all(submitterId, kind, period) as { submission_id: number; unit_id: number; period: string; file_name: string }[];
}

/** Records which units a new submission has rows for, and what each replaced. Call `refreshCurrent` after. */
export function insertCoverage(
  db: Db,
  s: { id: number; submitterId: number; kind: LedgerKind; period: string; at: string },
  units: { unitId: number; rows: number; rejected: number; replacesId: number | null }[],
): void {
  const stmt = db.prepare(
    `INSERT INTO submission_units (submission_id, unit_id, submitter_id, kind, period, rows_total, rows_rejected, status, replaces_id, superseded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'superseded', ?, ?)`,
  );
  // inserted as superseded, then made current by refreshCurrent: the one-current index never sees two at once
  for (const u of units) stmt.run(s.id, u.unitId, s.submitterId, s.kind, s.period, u.rows, u.rejected, u.replacesId, s.at);
}

/**
 * Re-derives, for one submitter, ledger and month, which submission is current for each unit (the newest
 * one not withdrawn) and so the status of each submission: current while it holds any unit's rows.
 */
export function refreshCurrent(db: Db, submitterId: number, kind: LedgerKind, period: string): void {
  const group = { s: submitterId, k: kind, p: period };
  const live = `c.submitter_id = @s AND c.kind = @k AND c.period = @p AND s.withdrawn_at IS NULL`;
  db.prepare(
    `UPDATE submission_units SET status = 'superseded', superseded_at = COALESCE(superseded_at, '')
     WHERE submitter_id = @s AND kind = @k AND period = @p AND status = 'current'`,
  ).run(group);
  db.prepare(
    `WITH ordered AS (
       SELECT c.submission_id, c.unit_id, LEAD(c.submission_id) OVER w AS next_id, LEAD(s.imported_at) OVER w AS next_at
       FROM submission_units c JOIN submissions s ON s.id = c.submission_id
       WHERE ${live}
       WINDOW w AS (PARTITION BY c.unit_id ORDER BY c.submission_id)
     )
     UPDATE submission_units SET
       status = CASE WHEN o.next_id IS NULL THEN 'current' ELSE 'superseded' END,
       superseded_by_id = o.next_id,
       superseded_at = o.next_at
     FROM ordered o
     WHERE submission_units.submission_id = o.submission_id AND submission_units.unit_id = o.unit_id`,
  ).run(group);
  const mine = `submitter_id = @s AND kind = @k AND period = @p AND withdrawn_at IS NULL`;
  const holds = `EXISTS (SELECT 1 FROM submission_units c WHERE c.submission_id = submissions.id AND c.status = 'current')`;
  const coversAny = `EXISTS (SELECT 1 FROM submission_units c WHERE c.submission_id = submissions.id)`;
  db.prepare(`UPDATE submissions SET status = 'current', superseded_by_id = NULL, superseded_at = NULL WHERE ${mine} AND (${holds} OR NOT ${coversAny})`).run(group);
  db.prepare(
    `UPDATE submissions SET status = 'superseded',
       superseded_by_id = (SELECT c.superseded_by_id FROM submission_units c WHERE c.submission_id = submissions.id ORDER BY c.superseded_at DESC, c.superseded_by_id DESC LIMIT 1),
       superseded_at = (SELECT MAX(c.superseded_at) FROM submission_units c WHERE c.submission_id = submissions.id)
     WHERE ${mine} AND ${coversAny} AND NOT ${holds}`,
  ).run(group);
}

export function listSubmissions(db: Db, filter: { kind?: LedgerKind; submitterId?: number; period?: string; includeSuperseded?: boolean } = {}): SubmissionRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.kind) {
    where.push('s.kind = ?');
    args.push(filter.kind);
  }
  if (filter.submitterId) {
    where.push('s.submitter_id = ?');
    args.push(filter.submitterId);
  }
  if (filter.period) {
    where.push('s.period = ?');
    args.push(filter.period);
  }
  if (!filter.includeSuperseded) where.push(`s.status = 'current'`);
  return db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.period DESC, u.sort_order, s.kind, s.id DESC`).all(...args) as SubmissionRow[];
}

export function insertFile(db: Db, sha256: string, bytes: Uint8Array): number {
  const existing = db.prepare('SELECT id FROM files WHERE sha256 = ?').get(sha256) as { id: number } | undefined;
  if (existing) return existing.id;
  return Number(db.prepare('INSERT INTO files (sha256, size, bytes) VALUES (?, ?, ?)').run(sha256, bytes.length, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).lastInsertRowid);
}

export function fileBytes(db: Db, fileId: number): Buffer {
  return (db.prepare('SELECT bytes FROM files WHERE id = ?').get(fileId) as { bytes: Buffer }).bytes;
}

export interface SubmissionWrite {
  fileId: number;
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv';
  kind: LedgerKind;
  submitterId: number;
  period: string;
  supersedesId: number | null;
  importedBy: string;
  importedAt: string;
  counts: { total: number; accepted: number; warned: number; rejected: number };
  detection: unknown;
}

/** Inserts a submission as current; which units it takes over is settled by `insertCoverage` and `refreshCurrent`. */
export function insertSubmission(db: Db, s: SubmissionWrite): number {
  return Number(
    db
      .prepare(
        `INSERT INTO submissions (file_id, file_name, format, kind, submitter_id, period, status, supersedes_id, imported_by, imported_at,
           rows_total, rows_accepted, rows_warned, rows_rejected, detection)
         VALUES (?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.fileId,
        s.fileName,
        s.format,
        s.kind,
        s.submitterId,
        s.period,
        s.supersedesId,
        s.importedBy,
        s.importedAt,
        s.counts.total,
        s.counts.accepted,
        s.counts.warned,
        s.counts.rejected,
        JSON.stringify(s.detection),
      ).lastInsertRowid,
  );
}

const FINDINGS_BATCH = 100;

/** Many findings per statement, in their order: a 500,000-row ledger can have a hundred thousand. */
export function insertFindings(db: Db, submissionId: number, findings: Finding[]): void {
  const sql = (n: number) =>
    `INSERT INTO findings (submission_id, severity, code, sheet, row_no, col_no, column_header, message, related) VALUES ${new Array<string>(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const full = findings.length >= FINDINGS_BATCH ? db.prepare(sql(FINDINGS_BATCH)) : null;
  const args: (string | number | null)[] = [];
  for (let i = 0; i < findings.length; i += FINDINGS_BATCH) {
    const batch = findings.slice(i, i + FINDINGS_BATCH);
    args.length = 0;
    for (const f of batch) args.push(submissionId, f.severity, f.code, f.sheet, f.row, f.col, f.column, f.message, f.related ? JSON.stringify(f.related) : null);
    (batch.length === FINDINGS_BATCH && full ? full : db.prepare(sql(batch.length))).run(args);
  }
}

export function findingsOf(db: Db, submissionId: number): Finding[] {
  const rows = db.prepare('SELECT * FROM findings WHERE submission_id = ? ORDER BY id').all(submissionId) as {
    severity: Finding['severity'];
    code: string;
    sheet: string | null;
    row_no: number | null;
    col_no: number | null;
    column_header: string | null;
    message: string;
    related: string | null;
  }[];
  return rows.map((r) => ({
    severity: r.severity,
    code: r.code,
    sheet: r.sheet,
    row: r.row_no,
    column: r.column_header,
    col: r.col_no,
    message: r.message,
    ...(r.related ? { related: JSON.parse(r.related) as Finding['related'] } : {}),
  }));
}
