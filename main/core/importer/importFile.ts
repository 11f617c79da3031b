import { writeTransaction, type Db } from '../db/connection';
import type { LedgerKind } from '../../../shared/models';
import { crossFileChecks } from '../checks/crossFile';
import { insertRows } from '../db/repos/ledgerRowsRepo';
import { queueForSearch } from '../db/repos/ledgerSearchRepo';
import {
  currentCoverage,
  findSubmissionsBySha,
  insertCoverage,
  insertFile,
  insertFindings,
  insertSubmission,
  refreshCurrent,
} from '../db/repos/submissionsRepo';
import { unitIdsByName } from '../db/repos/unitsRepo';
import { buildPlanIndex, type PlanIndex } from '../plan/planIndex';
import { loadUnitIndex, type UnitIndex } from '../units/unitIndex';
import { analyzeFile, releaseSources, sha256, type Analysis, type SheetReport } from './analyze';
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
  /** How long reading and checking the file may take (tests); by default scaled with its size. */
  timeLimitMs?: number;
}

export interface SubmissionRef {
  id: number;
  file: string;
  submitter: string;
  period: string;
  importedAt: string;
}

export interface UnitCoverage {
  unit: string;
  rows: number;
  rejected: number;
  replaces: (SubmissionRef & { rows: number }) | null;
}

export interface ImportResult {
  id: number | null;
  file: string;
  status: 'imported' | 'duplicate_file' | 'refused' | 'checked' | 'cancelled';
  kind: LedgerKind | null;
  submitter: string | null;
  period: string | null;
  sha256: string;
  rows: { total: number; accepted: number; warned: number; rejected: number };
  units: Record<string, { accepted: number; warned: number; rejected: number }>;
  findings: Finding[];
  error?: { code: string; message: string };
  /**
   * The earlier version this import replaced (or, for a check, would replace). A file that covers several units
   * may replace different earlier files for different units: `coverage` says which, per unit; this is the first.
   */
  supersedes?: SubmissionRef | null;
  /** The units the file has rows for and, per unit, the earlier rows of the same submitter and month it replaces. */
  coverage?: UnitCoverage[];
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
  // the same bytes again need no reading; checked once more under the write lock, where it cannot race
  const earlier = opts.dryRun ? null : duplicateOf(db, input, sha);
  if (earlier) return earlier;
  let analysis: Analysis;
  try {
    analysis = analyzeFile(
      { fileName: input.fileName, bytes: input.bytes, sha256: sha, ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.unit ? { unit: opts.unit } : {}), ...(opts.period ? { period: opts.period } : {}) },
      { units: ctx.units, plan: ctx.plan, ...(opts.reader ? { reader: opts.reader } : {}), ...(opts.progress ? { progress: opts.progress } : {}), ...(opts.timeLimitMs ? { timeLimitMs: opts.timeLimitMs } : {}) },
    );
  } catch (err) {
    if (err instanceof ImportRefusal) {
      return { ...base(input, sha), status: 'refused', error: { code: err.code, message: err.message } };
    }
    throw err;
  }
  if (opts.dryRun) return checkResult(db, input, analysis).result;
  // what the file collides with and what it replaces are read under the write lock: a writer that lands
  // meanwhile is seen, and two imports of one file cannot both land
  return writeTransaction(db, () => {
    const same = duplicateOf(db, input, sha);
    if (same) return same;
    const { result, plan } = checkResult(db, input, analysis);
    releaseSources(analysis);
    result.id = writeSubmission(db, input, analysis, plan, opts);
    result.status = 'imported';
    return result;
  });
}

function duplicateOf(db: Db, input: ImportInput, sha: string): ImportResult | null {
  const same = findSubmissionsBySha(db, sha)[0];
  if (!same) return null;
  return {
    ...base(input, sha),
    status: 'duplicate_file',
    kind: same.kind,
    submitter: same.submitter,
    period: same.period,
    duplicateOf: { id: same.id, file: same.file_name, submitter: same.submitter, period: same.period, importedAt: same.imported_at },
  };
}

/** The file checked against the workspace as it is now, and which earlier rows it replaces. */
function checkResult(db: Db, input: ImportInput, analysis: Analysis): { result: ImportResult; plan: CoveragePlan } {
  crossFileChecks(db, analysis);
  const sha = analysis.sha256;
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
  const plan = coveragePlan(db, analysis);
  result.coverage = plan.coverage;
  // checking a file that is already in: say so, rather than that it would replace itself
  const same = findSubmissionsBySha(db, sha)[0];
  if (same) {
    result.duplicateOf = { id: same.id, file: same.file_name, submitter: same.submitter, period: same.period, importedAt: same.imported_at };
    result.coverage = plan.coverage.map((c) => (c.replaces?.id === same.id ? { ...c, replaces: null } : c));
  }
  const first = result.coverage.find((c) => c.replaces)?.replaces ?? null;
  result.supersedes = first ? refOf(first) : null;
  return { result, plan };
}

interface CoveragePlan {
  submitterId: number;
  coverage: UnitCoverage[];
  unitIds: Map<string, number>;
}

/** Which units the file has rows for, and for each, which current submission of the same submitter and month it takes over from. */
function coveragePlan(db: Db, a: Analysis): CoveragePlan {
  const unitIds = unitIdsByName(db);
  const submitterId = unitIds.get(a.submitter)!;
  const current = new Map(currentCoverage(db, submitterId, a.kind, a.period).map((c) => [c.unit, c]));
  const coverage = Object.entries(a.units)
    .sort((x, y) => (unitIds.get(x[0]) ?? 0) - (unitIds.get(y[0]) ?? 0))
    .map(([unit, n]): UnitCoverage => {
      const old = current.get(unit);
      return {
        unit,
        rows: n.accepted + n.rejected,
        rejected: n.rejected,
        replaces: old ? { id: old.submission_id, file: old.file_name, submitter: a.submitter, period: a.period, importedAt: old.imported_at, rows: old.rows_total } : null,
      };
    });
  return { submitterId, coverage, unitIds };
}

function refOf(p: SubmissionRef): SubmissionRef {
  return { id: p.id, file: p.file, submitter: p.submitter, period: p.period, importedAt: p.importedAt };
}

function writeSubmission(db: Db, input: ImportInput, a: Analysis, plan: CoveragePlan, opts: ImportOptions): number {
  const ids = plan.unitIds;
  const at = opts.now.toISOString();
  // the caller holds the write transaction
  const fileId = insertFile(db, a.sha256, input.bytes);
  const id = insertSubmission(db, {
    fileId,
    fileName: a.fileName,
    format: a.format,
    kind: a.kind,
    submitterId: plan.submitterId,
    period: a.period,
    supersedesId: plan.coverage.find((c) => c.replaces)?.replaces?.id ?? null,
    importedBy: opts.user,
    importedAt: at,
    counts: a.counts,
    detection: { ...a.detection, sheets: a.sheets, ...(a.encoding ? { encoding: a.encoding } : {}) },
  });
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
  // indexed for search after the commit (migration 0011); listed now, so the list is exact
  queueForSearch(db, a.kind, id);
  insertCoverage(
    db,
    { id, submitterId: plan.submitterId, kind: a.kind, period: a.period, at },
    plan.coverage.map((c) => ({ unitId: ids.get(c.unit)!, rows: c.rows, rejected: c.rejected, replacesId: c.replaces?.id ?? null })),
  );
  refreshCurrent(db, plan.submitterId, a.kind, a.period);
  insertFindings(db, id, a.findings);
  return id;
}
