// The one contract between the renderer, the hosts (Electron IPC, loopback bridge, CLI) and the core.
// Every method is `area.verb`; every request has a zod schema that each host checks before the core runs.
import { z } from './zod';
import { emptyRequest, isoDate, period, unitName } from './schemas';
import { LEDGER_KINDS, type LedgerKind, type PlanView, type UnitView, type WorkspaceInfo } from './models';
import type {
  FileBlob,
  FindingView,
  ImportResultView,
  LedgerFieldView,
  LedgerRowsPage,
  LedgerSearchPage,
  LedgerSummary,
  SubmissionComparison,
  SubmissionView,
} from './ledgerModels';
import {
  LEVELS,
  type AllocationCheck,
  type AllocationView,
  type AssessSettings,
  type AssessStatus,
  type AssessmentView,
  type DossierBasis,
  type RegisterEntryView,
  type ReturnStatusView,
  type RunSummary,
} from './assessModels';
import type { IssuedReportView, MonthlyReportData } from './reportModels';
import type { PlanCheckView, PlanDiff, PlanVersionView } from './planModels';
import type { BackupList, BackupView, RestoreResult } from './backupModels';
import { workspaceSettingRequest, type WorkspaceSettings } from './settingsModels';

/** 150 MB of base64 carries a 100 MB file, the largest the importer takes. */
const MAX_BASE64 = 150 * 1024 * 1024;

const fileShapes = {
  path: { name: z.string().min(1).max(260), path: z.string().min(1).max(4096) },
  base64: { name: z.string().min(1).max(260), base64: z.string().max(MAX_BASE64) },
  staged: { name: z.string().min(1).max(260), stagingId: z.string().min(1).max(64) },
};

export const fileInput = z.union([z.object(fileShapes.path).strict(), z.object(fileShapes.base64).strict(), z.object(fileShapes.staged).strict()]);
export type FileInput = z.infer<typeof fileInput>;

/** What the analyst corrected for one file of a batch (ledger, submitter, month); it wins over the request's own. */
const fileOverrides = z.object({ kind: z.enum(LEDGER_KINDS).optional(), unit: unitName.optional(), period: period.optional() }).strict();
const importFileInput = z.union([
  z.object({ ...fileShapes.path, overrides: fileOverrides.optional() }).strict(),
  z.object({ ...fileShapes.base64, overrides: fileOverrides.optional() }).strict(),
  z.object({ ...fileShapes.staged, overrides: fileOverrides.optional() }).strict(),
]);
export type ImportFileInput = z.infer<typeof importFileInput>;

const importRequest = z
  .object({
    files: z.array(importFileInput).min(1, { message: '请至少选择一个文件' }).max(50, { message: '一次最多导入 50 个文件' }),
    kind: z.enum(LEDGER_KINDS).optional(),
    unit: unitName.optional(),
    period: period.optional(),
  })
  .strict();

const dossierRequest = z
  .object({
    unit: unitName,
    month: period,
    format: z.enum(['docx', 'pdf']),
    runId: z.number().int().positive().optional(),
    rectifyBy: isoDate.optional(),
    issuedOn: isoDate.optional(),
  })
  .strict();

const planVersionId = z.number().int().positive();

export const apiRequests = {
  'app.info': emptyRequest,
  /** Without a version: the plan the workspace shows by default (in force at its latest month). */
  'plan.get': z.object({ version: planVersionId.optional() }).strict(),
  'plans.list': emptyRequest,
  'plans.check': z.object({ file: fileInput, effectiveFrom: isoDate.optional() }).strict(),
  'plans.load': z.object({ file: fileInput, effectiveFrom: isoDate.optional() }).strict(),
  'plans.diff': z.object({ from: planVersionId, to: planVersionId }).strict(),
  'plans.export': z.object({ version: planVersionId.optional() }).strict(),
  'units.list': emptyRequest,
  'units.resolve': z.object({ name: z.string().max(200) }).strict(),
  'units.addAlias': z.object({ alias: unitName, unit: unitName }).strict(),
  'units.removeAlias': z.object({ alias: unitName }).strict(),
  'imports.check': importRequest,
  'imports.run': importRequest,
  /** Stops the running imports before their next file; files not begun come back as cancelled. */
  'imports.cancel': emptyRequest,
  'imports.returnWorkbook': z.union([
    z.object({ submissionId: z.number().int().positive() }).strict(),
    // a checked file can go back before (or instead of) being imported
    z.object({ stagingId: z.string().min(1).max(64), kind: z.enum(LEDGER_KINDS).optional(), unit: unitName.optional(), period: period.optional() }).strict(),
    z.object({ path: z.string().min(1).max(4096), kind: z.enum(LEDGER_KINDS).optional(), unit: unitName.optional(), period: period.optional() }).strict(),
  ]),
  'imports.template': z.object({ kind: z.enum(LEDGER_KINDS) }).strict(),
  /**
   * For one month, which unit × ledger returns are in, late or missing (seeds/assessment.json says who owes what).
   * Without a month: the latest month anything was sent for, else the month whose returns were due last.
   */
  'imports.returns': z.object({ month: period.optional() }).strict(),
  'submissions.list': z
    .object({ kind: z.enum(LEDGER_KINDS).optional(), unit: unitName.optional(), period: period.optional(), includeSuperseded: z.boolean().optional() })
    .strict(),
  'submissions.get': z.object({ id: z.number().int().positive() }).strict(),
  'submissions.withdraw': z.object({ id: z.number().int().positive(), reason: z.string().min(1, { message: '请写明撤回的理由' }).max(500) }).strict(),
  'ledgers.rows': z
    .object({
      kind: z.enum(LEDGER_KINDS),
      submissionId: z.number().int().positive().optional(),
      unit: unitName.optional(),
      period: period.optional(),
      status: z.enum(['ok', 'warned', 'rejected']).optional(),
      /** Rows of every version, superseded ones included (history). */
      allVersions: z.boolean().optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  'ledgers.summary': z.object({ asOf: isoDate }).strict(),
  'ledgers.fields': emptyRequest,
  /** A row by plate, VIN, company name, credit code or boiler number, across ledgers and months. */
  'ledgers.search': z
    .object({
      query: z.string().max(100, { message: '查询内容不能超过 100 个字' }),
      allVersions: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(200),
    })
    .strict(),
  /** A correction against the version it replaced, for the units it covers: rows added, removed and changed. */
  'submissions.compare': z.object({ id: z.number().int().positive() }).strict(),
  /** plan: a plan version's id; without it, the plan in force at asOf. */
  'assess.compute': z.object({ asOf: isoDate, plan: planVersionId.optional() }).strict(),
  'assess.save': z.object({ asOf: isoDate, plan: planVersionId.optional(), note: z.string().max(500).optional() }).strict(),
  'assess.runs': emptyRequest,
  'assess.open': z.object({ runId: z.number().int().positive() }).strict(),
  'assess.evidence': z
    .object({
      asOf: isoDate,
      runId: z.number().int().positive().optional(),
      target: z.string().min(1).max(80),
      unit: unitName,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  'assess.trend': z.object({ target: z.string().min(1).max(80), unit: unitName, asOf: isoDate }).strict(),
  'settings.get': emptyRequest,
  'settings.set': z.discriminatedUnion('key', [
    z.object({ key: z.literal('seriousLagGap'), value: z.number().min(0).max(1) }).strict(),
    z.object({ key: z.literal('returnDueDay'), value: z.number().int().min(1).max(28) }).strict(),
    z.object({ key: z.literal('weights'), value: z.record(z.string().max(80), z.number().min(0).max(100)) }).strict(),
  ]),
  /** Allocations belong to a plan version; without one, the version 目标与分解 shows by default. */
  'allocations.list': z.object({ plan: planVersionId.optional() }).strict(),
  'allocations.set': z
    .object({
      items: z
        .array(z.object({ target: z.string().min(1).max(80), unit: unitName, value: z.number().nullable(), note: z.string().max(200).optional() }).strict())
        .min(1)
        .max(500),
      plan: planVersionId.optional(),
    })
    .strict(),
  'allocations.import': z.object({ file: fileInput, plan: planVersionId.optional() }).strict(),
  'register.list': emptyRequest,
  'register.decide': z
    .object({
      proposalId: z.number().int().positive(),
      action: z.enum(['confirm', 'downgrade', 'dismiss']),
      level: z.enum(LEVELS).optional(),
      reason: z.string().min(1, { message: '请写明处理理由' }).max(1000),
    })
    .strict(),
  'register.update': z
    .object({ decisionId: z.number().int().positive(), status: z.enum(['rectifying', 'rectified', 'closed']), note: z.string().min(1).max(1000) })
    .strict(),
  'reports.preview': z.object({ month: period, runId: z.number().int().positive().optional() }).strict(),
  /** force: issue a briefing for a month no unit sent a return for (refused without it); issuedOn: the 印发日期 the document bears (default today, Beijing time). */
  'reports.monthly': z.object({ month: period, runId: z.number().int().positive().optional(), force: z.boolean().optional(), issuedOn: isoDate.optional() }).strict(),
  /** Refused with decision_required until the register holds a 约谈 or 挂牌督办 for the unit and month. */
  'reports.dossier': dossierRequest,
  /** The same document marked 草稿, with or without a decision; delivered, not recorded as issued. */
  'reports.dossierDraft': dossierRequest,
  'reports.dossierUnits': z.object({ month: period, runId: z.number().int().positive().optional() }).strict(),
  'reports.dossierBasis': z.object({ month: period, runId: z.number().int().positive().optional() }).strict(),
  'reports.list': emptyRequest,
  'reports.reissue': z.object({ id: z.number().int().positive() }).strict(),
  'reports.file': z.object({ id: z.number().int().positive() }).strict(),
  'backups.list': emptyRequest,
  'backups.create': emptyRequest,
  /** A copy from the 备份 folder by its file name, or a workspace file picked by the analyst (one exported on another PC). */
  'backups.restore': z.union([z.object({ name: z.string().min(1).max(260) }).strict(), z.object({ file: fileInput }).strict()]),
  /** The whole workspace as one file, to keep elsewhere or move to another PC. */
  'backups.export': emptyRequest,
  'workspaceSettings.get': emptyRequest,
  'workspaceSettings.set': workspaceSettingRequest,
} as const;

export interface SubmissionDetail {
  submission: SubmissionView;
  findings: FindingView[];
  sheets: ImportResultView['sheets'];
  detection: ImportResultView['detection'];
}

export interface ApiResponses {
  'app.info': WorkspaceInfo;
  'plan.get': PlanView;
  /** Every version of every plan, oldest plan first; inForce is the version used by default. */
  'plans.list': { versions: PlanVersionView[]; inForce: number };
  'plans.check': PlanCheckView;
  'plans.load': { version: PlanVersionView; diff: PlanDiff | null };
  'plans.diff': PlanDiff;
  'plans.export': FileBlob;
  'units.list': UnitView[];
  'units.resolve': { input: string; unit: string | null };
  'units.addAlias': UnitView;
  'units.removeAlias': UnitView;
  'imports.check': { submissions: ImportResultView[] };
  'imports.run': { submissions: ImportResultView[] };
  'imports.cancel': { cancelled: number };
  'imports.returnWorkbook': FileBlob;
  'imports.template': FileBlob;
  'imports.returns': { month: string; returns: ReturnStatusView[] };
  'submissions.list': SubmissionView[];
  'submissions.get': SubmissionDetail;
  'submissions.withdraw': SubmissionView;
  'ledgers.rows': LedgerRowsPage;
  'ledgers.summary': LedgerSummary;
  'ledgers.fields': Record<LedgerKind, LedgerFieldView[]>;
  'ledgers.search': LedgerSearchPage;
  'submissions.compare': SubmissionComparison;
  'assess.compute': AssessmentView;
  'assess.save': AssessmentView;
  'assess.runs': RunSummary[];
  'assess.open': AssessmentView;
  'assess.evidence': LedgerRowsPage & { kind: LedgerKind };
  'assess.trend': { month: string; completion: number | null; timeProgress: number; status: AssessStatus; saved: boolean }[];
  'settings.get': AssessSettings;
  'settings.set': AssessSettings;
  'allocations.list': { allocations: AllocationView[]; checks: AllocationCheck[] };
  'allocations.set': { allocations: AllocationView[]; checks: AllocationCheck[] };
  'allocations.import': { allocations: AllocationView[]; checks: AllocationCheck[]; imported: number };
  'register.list': RegisterEntryView[];
  'register.decide': RegisterEntryView;
  'register.update': RegisterEntryView;
  'reports.preview': MonthlyReportData & { saved: boolean };
  'reports.monthly': IssuedFile;
  'reports.dossier': IssuedFile;
  'reports.dossierDraft': { file: FileBlob; runId: number; decided: boolean };
  'reports.dossierUnits': string[];
  'reports.dossierBasis': DossierBasis[];
  'reports.list': IssuedReportView[];
  'reports.reissue': IssuedFile & { identical: boolean };
  'reports.file': FileBlob;
  'backups.list': BackupList;
  'backups.create': BackupView;
  'backups.restore': RestoreResult;
  'backups.export': FileBlob;
  'workspaceSettings.get': WorkspaceSettings;
  'workspaceSettings.set': WorkspaceSettings;
}

/** A report just issued: its record and the file. */
export interface IssuedFile {
  report: IssuedReportView;
  file: FileBlob;
}

export type ApiMethod = keyof typeof apiRequests;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof apiRequests)[M]>;
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof apiRequests)[M]>;
export type ApiResponse<M extends ApiMethod> = ApiResponses[M];

/** What the core implements, once. */
export type ApiImpl = { [M in ApiMethod]: (req: ApiParsedRequest<M>) => Promise<ApiResponse<M>> | ApiResponse<M> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiRequests, name);
}

/** Events the core pushes to the UI while long work runs. */
export interface ApiEvents {
  progress: { jobId: string; file: string; index: number; count: number; stage: string; done: number; total: number; message: string };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENT_NAMES: readonly ApiEventName[] = ['progress'];

/** Errors a user can meet carry a stable code and a Chinese sentence saying what is wrong and what to do. */
export interface ApiErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorPayload };

export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ApiErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
