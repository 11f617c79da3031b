import type { Db } from '../connection';
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

/** Takes a submission out of the counts; the version it replaced (if any) becomes current again. */
export function withdrawSubmission(db: Db, id: number, by: string, at: string, reason: string): void {
  db.transaction(() => {
    const s = db.prepare('SELECT status, supersedes_id FROM submissions WHERE id = ?').get(id) as { status: string; supersedes_id: number | null };
    db.prepare(`UPDATE submissions SET status = 'superseded', superseded_at = ?, withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ?`).run(
      at,
      at,
      by,
      reason,
      id,
    );
    if (s.status === 'current' && s.supersedes_id !== null) {
      db.prepare(`UPDATE submissions SET status = 'current', superseded_at = NULL, superseded_by_id = NULL WHERE id = ? AND withdrawn_at IS NULL`).run(s.supersedes_id);
    }
  })();
}

export function getSubmission(db: Db, id: number): SubmissionRow | null {
  return (db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SubmissionRow | undefined) ?? null;
}

export function currentSubmission(db: Db, submitterId: number, kind: LedgerKind, period: string): SubmissionRow | null {
  return (
    (db.prepare(`${SELECT} WHERE s.submitter_id = ? AND s.kind = ? AND s.period = ? AND s.status = 'current'`).get(submitterId, kind, period) as
      | SubmissionRow
      | undefined) ?? null
  );
}

/** The latest current submission of the same submitter and kind for an earlier month. */
export function previousSubmission(db: Db, submitterId: number, kind: LedgerKind, period: string): SubmissionRow | null {
  return (
    (db
      .prepare(`${SELECT} WHERE s.submitter_id = ? AND s.kind = ? AND s.period < ? AND s.status = 'current' ORDER BY s.period DESC LIMIT 1`)
      .get(submitterId, kind, period) as SubmissionRow | undefined) ?? null
  );
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

export function markSuperseded(db: Db, id: number, byId: number | null, at: string): void {
  db.prepare(`UPDATE submissions SET status = 'superseded', superseded_by_id = ?, superseded_at = ? WHERE id = ?`).run(byId, at, id);
}

/** Inserts a submission as current; a current one for the same key must be superseded first (the unique index insists). */
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

export function insertFindings(db: Db, submissionId: number, findings: Finding[]): void {
  const stmt = db.prepare(
    'INSERT INTO findings (submission_id, severity, code, sheet, row_no, col_no, column_header, message, related) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const f of findings) {
    stmt.run(submissionId, f.severity, f.code, f.sheet, f.row, f.col, f.column, f.message, f.related ? JSON.stringify(f.related) : null);
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
