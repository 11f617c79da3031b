import type { Db } from '../connection';
import type { IssuedReportView, ReportFormat, ReportKind } from '../../../../shared/reportModels';
import { beijingDate } from '../../../../shared/format';

interface ReportRow {
  id: number;
  kind: ReportKind;
  format: ReportFormat;
  unit: string | null;
  month: string;
  as_of: string;
  run_id: number;
  submission_ids: string;
  content: string;
  content_sha256: string;
  file_name: string;
  file_id: number;
  sha256: string;
  size: number;
  reissue_of: number | null;
  changes: string;
  issued_by: string;
  issued_at: string;
  os_account: string | null;
  /** From the recorded data: the date the document bears, its 文号 and 整改期限. */
  doc_issued_at: string | null;
  doc_number: string | null;
  rectify_by: string | null;
}

export interface ReportWrite {
  kind: ReportKind;
  format: ReportFormat;
  unitId: number | null;
  month: string;
  asOf: string;
  runId: number;
  submissionIds: number[];
  content: string;
  contentSha256: string;
  fileName: string;
  fileId: number;
  sha256: string;
  size: number;
  reissueOf: number | null;
  changes: string[];
  /** The analyst who signs it. */
  by: string;
  /** The OS account that issued it, for the audit. */
  osAccount: string;
  at: string;
}

const SELECT = `SELECT r.*, u.name AS unit, json_extract(r.content, '$.issuedAt') AS doc_issued_at, json_extract(r.content, '$.docNumber') AS doc_number,
  json_extract(r.content, '$.rectifyBy') AS rectify_by FROM issued_reports r LEFT JOIN units u ON u.id = r.unit_id`;

function view(r: ReportRow): IssuedReportView {
  return {
    id: r.id,
    kind: r.kind,
    format: r.format,
    unit: r.unit,
    month: r.month,
    asOf: r.as_of,
    runId: r.run_id,
    submissionIds: JSON.parse(r.submission_ids) as number[],
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    reissueOf: r.reissue_of,
    changes: JSON.parse(r.changes) as string[],
    issuedBy: r.issued_by,
    issuedAt: r.issued_at,
    issuedOn: beijingDate(r.doc_issued_at ?? r.issued_at),
    docNumber: r.doc_number ?? null,
    rectifyBy: r.rectify_by ?? null,
    osAccount: r.os_account,
  };
}

export function insertReport(db: Db, r: ReportWrite): number {
  return Number(
    db
      .prepare(
        `INSERT INTO issued_reports (kind, format, unit_id, month, as_of, run_id, submission_ids, content, content_sha256, file_name, file_id, sha256, size, reissue_of, changes, issued_by, os_account, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.kind,
        r.format,
        r.unitId,
        r.month,
        r.asOf,
        r.runId,
        JSON.stringify(r.submissionIds),
        r.content,
        r.contentSha256,
        r.fileName,
        r.fileId,
        r.sha256,
        r.size,
        r.reissueOf,
        JSON.stringify(r.changes),
        r.by,
        r.osAccount,
        r.at,
      ).lastInsertRowid,
  );
}

export function listReports(db: Db): IssuedReportView[] {
  return (db.prepare(`${SELECT} ORDER BY r.id DESC`).all() as ReportRow[]).map(view);
}

export function getReport(db: Db, id: number): (IssuedReportView & { content: string; contentSha256: string; fileId: number }) | null {
  const r = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as ReportRow | undefined;
  return r ? { ...view(r), content: r.content, contentSha256: r.content_sha256, fileId: r.file_id } : null;
}

/** The last report issued afresh (not a re-issue) for this month, and unit for a dossier. */
export function lastIssued(db: Db, kind: ReportKind, month: string, unitId: number | null): { id: number; content: string } | null {
  const r = db
    .prepare(`SELECT id, content FROM issued_reports WHERE kind = ? AND month = ? AND unit_id IS ? AND reissue_of IS NULL ORDER BY id DESC LIMIT 1`)
    .get(kind, month, unitId) as { id: number; content: string } | undefined;
  return r ?? null;
}

export interface QualityRowDb {
  unit: string;
  submissions: number;
  rows: number;
  rejected: number;
  warned: number;
  errors: number;
  warnings: number;
  codes: { code: string; n: number }[];
}

/** Submissions, rows and findings per submitting unit, over the submissions an assessment read. */
export function qualityBySubmitter(db: Db, submissionIds: number[]): QualityRowDb[] {
  const ids = JSON.stringify(submissionIds);
  const rows = db
    .prepare(
      `SELECT u.name AS unit, u.sort_order AS ord, COUNT(*) AS submissions, SUM(s.rows_total) AS rows, SUM(s.rows_rejected) AS rejected, SUM(s.rows_warned) AS warned
       FROM submissions s JOIN units u ON u.id = s.submitter_id
       WHERE s.id IN (SELECT value FROM json_each(?))
       GROUP BY u.id ORDER BY u.sort_order`,
    )
    .all(ids) as (Omit<QualityRowDb, 'errors' | 'warnings' | 'codes'> & { ord: number })[];
  const found = db
    .prepare(
      `SELECT u.name AS unit, f.severity, f.code, COUNT(*) AS n
       FROM findings f JOIN submissions s ON s.id = f.submission_id JOIN units u ON u.id = s.submitter_id
       WHERE f.submission_id IN (SELECT value FROM json_each(?)) AND f.severity != 'info'
       GROUP BY u.id, f.severity, f.code ORDER BY n DESC, f.code`,
    )
    .all(ids) as { unit: string; severity: 'error' | 'warning'; code: string; n: number }[];
  return rows.map(({ ord: _ord, ...r }) => {
    const mine = found.filter((f) => f.unit === r.unit);
    const codes = new Map<string, number>();
    for (const f of mine) codes.set(f.code, (codes.get(f.code) ?? 0) + f.n);
    return {
      ...r,
      errors: mine.filter((f) => f.severity === 'error').reduce((s, f) => s + f.n, 0),
      warnings: mine.filter((f) => f.severity === 'warning').reduce((s, f) => s + f.n, 0),
      codes: [...codes].map(([code, n]) => ({ code, n })).sort((a, b) => b.n - a.n || a.code.localeCompare(b.code)),
    };
  });
}

/** File names and arrival times of submissions, for evidence rows and change notes. */
export function submissionLabels(db: Db, ids: number[]): Map<number, { file: string; unit: string; kind: string; period: string; importedAt: string }> {
  const rows = db
    .prepare(
      `SELECT s.id, s.file_name AS file, u.name AS unit, s.kind, s.period, s.imported_at AS importedAt
       FROM submissions s JOIN units u ON u.id = s.submitter_id WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: number; file: string; unit: string; kind: string; period: string; importedAt: string }[];
  return new Map(rows.map(({ id, ...r }) => [id, r]));
}

/** Returns (not withdrawn) sent for a month: none at all means a briefing would report nothing. */
export function returnsInMonth(db: Db, month: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ? AND withdrawn_at IS NULL').get(month) as { n: number }).n;
}

/** The next 文号 of the year for a prefix: 阳大气办〔2020〕3号 when two documents of 2020 already bear one (re-issues keep theirs). */
export function nextDocNumber(db: Db, prefix: string, year: string): string {
  const head = `${prefix}〔${year}〕`;
  const rows = db
    .prepare(`SELECT json_extract(content, '$.docNumber') AS n FROM issued_reports WHERE reissue_of IS NULL AND substr(json_extract(content, '$.docNumber'), 1, ?) = ?`)
    .all([...head].length, head) as { n: string }[];
  const used = rows.map((r) => Number(/〕(\d+)号$/.exec(r.n)?.[1] ?? 0));
  return `${head}${Math.max(0, ...used) + 1}号`;
}
