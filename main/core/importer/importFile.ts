import type { Db } from '../db/connection';
import type { LedgerKind } from '../../../shared/models';
import { crossFileChecks } from '../checks/crossFile';
import { insertRows } from '../db/repos/ledgerRowsRepo';
import {
  currentSubmission,
  findSubmissionsBySha,
  insertFile,
  insertFindings,
  insertSubmission,
  markSuperseded,
} from '../db/repos/submissionsRepo';
import { unitIdsByName } from '../db/repos/unitsRepo';
import { buildPlanIndex, type PlanIndex } from '../plan/planIndex';
import { loadUnitIndex, type UnitIndex } from '../units/unitIndex';
import { analyzeFile, sha256, type Analysis, type SheetReport } from './analyze';
import type { Finding } from './findings';
import { ImportRefusal } from './refusal';
import type { WorkbookReader } from './workbookReader';

export interface ImportInput {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  kind?: LedgerKind;
  unit?: string;
  period?: string;
  user: string;
  now: Date;
  /** Analyse only (the `check` command and the preview): nothing is written. */
  dryRun?: boolean;
  reader?: WorkbookReader;
  progress?: (done: number, total: number, stage: string) => void;
}

export interface SubmissionRef {
  id: number;
  file: string;
  submitter: string;
  period: string;
  importedAt: string;
}

export interface ImportResult {
  id: number | null;
  file: string;
  status: 'imported' | 'duplicate_file' | 'refused' | 'checked';
  kind: LedgerKind | null;
  submitter: string | null;
  period: string | null;
  sha256: string;
  rows: { total: number; accepted: number; warned: number; rejected: number };
  units: Record<string, { accepted: number; warned: number; rejected: number }>;
  findings: Finding[];
  error?: { code: string; message: string };
  /** The earlier version this import replaced. */
  supersedes?: SubmissionRef | null;
  /** The submission that already holds these exact bytes. */
  duplicateOf?: SubmissionRef;
  detection?: Analysis['detection'];
  sheets?: SheetReport[];
  format?: Analysis['format'];
  /** What was written in the rows that have findings (the first 500), for showing them beside the findings. */
  problemRows?: { sheet: string; row: number; cells: { header: string; text: string }[] }[];
}

const MAX_PROBLEM_ROWS = 500;

function problemRows(a: Analysis): NonNullable<ImportResult['problemRows']> {
  const headers = new Map(a.sheets.map((s) => [s.name, s.columns]));
  return a.rows
    .filter((r) => r.raw !== null)
    .slice(0, MAX_PROBLEM_ROWS)
    .map((r) => ({
      sheet: r.sheet,
      row: r.rowNo,
      cells: (headers.get(r.sheet) ?? []).map((c) => ({ header: c.header, text: r.raw?.[c.field] ?? '' })),
    }));
}

const NO_ROWS = { total: 0, accepted: 0, warned: 0, rejected: 0 };

export interface ImportContext {
  units: UnitIndex;
  plan: PlanIndex;
}

export function loadImportContext(db: Db): ImportContext {
  return { units: loadUnitIndex(db), plan: buildPlanIndex(db) };
}

function base(input: ImportInput, sha: string): Omit<ImportResult, 'status'> {
  return { id: null, file: input.fileName, kind: null, submitter: null, period: null, sha256: sha, rows: NO_ROWS, units: {}, findings: [] };
}

/**
 * One file in: read, checked against itself and the workspace, and — unless it is the same bytes
 * again, or unreadable — written as one submission in one transaction. Nothing half-written.
 */
export function importFile(db: Db, input: ImportInput, opts: ImportOptions, ctx: ImportContext = loadImportContext(db)): ImportResult {
  const sha = sha256(input.bytes);
  if (!opts.dryRun) {
    const same = findSubmissionsBySha(db, sha)[0];
    if (same) {
      return {
        ...base(input, sha),
        status: 'duplicate_file',
        kind: same.kind,
        submitter: same.submitter,
        period: same.period,
        duplicateOf: { id: same.id, file: same.file_name, submitter: same.submitter, period: same.period, importedAt: same.imported_at },
      };
    }
  }
  let analysis: Analysis;
  try {
    analysis = analyzeFile(
      { fileName: input.fileName, bytes: input.bytes, sha256: sha, ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.unit ? { unit: opts.unit } : {}), ...(opts.period ? { period: opts.period } : {}) },
      { units: ctx.units, plan: ctx.plan, ...(opts.reader ? { reader: opts.reader } : {}), ...(opts.progress ? { progress: opts.progress } : {}) },
    );
    crossFileChecks(db, analysis);
  } catch (err) {
    if (err instanceof ImportRefusal) {
      return { ...base(input, sha), status: 'refused', error: { code: err.code, message: err.message } };
    }
    throw err;
  }
  const result: ImportResult = {
    id: null,
    file: input.fileName,
    status: 'checked',
    kind: analysis.kind,
    submitter: analysis.submitter,
    period: analysis.period,
    sha256: sha,
    rows: analysis.counts,
    units: analysis.units,
    findings: analysis.findings,
    detection: analysis.detection,
    sheets: analysis.sheets,
    format: analysis.format,
    problemRows: problemRows(analysis),
  };
  const previous = (() => {
    const ids = unitIdsByName(db);
    const old = currentSubmission(db, ids.get(analysis.submitter)!, analysis.kind, analysis.period);
    return old ? { id: old.id, file: old.file_name, submitter: old.submitter, period: old.period, importedAt: old.imported_at, sha256: old.sha256 } : null;
  })();
  if (opts.dryRun) {
    // checking a file that is already in: say so, rather than that it would replace itself
    const same = findSubmissionsBySha(db, sha)[0];
    if (same) result.duplicateOf = { id: same.id, file: same.file_name, submitter: same.submitter, period: same.period, importedAt: same.imported_at };
    result.supersedes = previous && previous.sha256 !== sha ? refOf(previous) : null;
    return result;
  }
  result.supersedes = previous ? refOf(previous) : null;

  result.id = writeSubmission(db, input, analysis, previous?.id ?? null, opts);
  result.status = 'imported';
  return result;
}

function refOf(p: SubmissionRef & { sha256: string }): SubmissionRef {
  return { id: p.id, file: p.file, submitter: p.submitter, period: p.period, importedAt: p.importedAt };
}

function writeSubmission(db: Db, input: ImportInput, a: Analysis, supersedesId: number | null, opts: ImportOptions): number {
  const ids = unitIdsByName(db);
  const at = opts.now.toISOString();
  const write = db.transaction(() => {
    const fileId = insertFile(db, a.sha256, input.bytes);
    if (supersedesId !== null) markSuperseded(db, supersedesId, null, at);
    const id = insertSubmission(db, {
      fileId,
      fileName: a.fileName,
      format: a.format,
      kind: a.kind,
      submitterId: ids.get(a.submitter)!,
      period: a.period,
      supersedesId,
      importedBy: opts.user,
      importedAt: at,
      counts: a.counts,
      detection: { ...a.detection, sheets: a.sheets, ...(a.encoding ? { encoding: a.encoding } : {}) },
    });
    if (supersedesId !== null) markSuperseded(db, supersedesId, id, at);
    insertRows(
      db,
      a.kind,
      id,
      (function* () {
        for (const r of a.rows) {
          // what was written is kept for refused rows only: a kept row's values are what it said
          yield { sheet: r.sheet, rowNo: r.rowNo, status: r.status, unitId: r.unit ? (ids.get(r.unit) ?? null) : null, values: r.values, raw: r.status === 'rejected' ? r.raw : null };
        }
      })(),
      (n) => opts.progress?.(n, a.rows.length, 'write'),
    );
    insertFindings(db, id, a.findings);
    return id;
  });
  return write();
}
