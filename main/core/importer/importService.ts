import crypto from 'node:crypto';
import path from 'node:path';
import type { Db } from '../db/connection';
import { ApiError, type ApiEvents, type ApiParsedRequest, type FileInput, type ImportFileInput } from '../../../shared/api';
import type { FileBlob, ImportResultView, SubmissionView } from '../../../shared/ledgerModels';
import { type LEDGER_KINDS } from '../../../shared/models';
import { coverageOf, fileBytes, findingsOf, getSubmission, listSubmissions, withdrawSubmission, type CoverageRow, type SubmissionRow } from '../db/repos/submissionsRepo';
import { findUnitByName, listUnits } from '../db/repos/unitsRepo';
import { readPlan } from '../db/repos/planRepo';
import type { ImportRunner } from '../jobs/importRunner';
import { cancelFlag, readFileBytes, type JobFile } from '../jobs/importJob';
import { resolveUnit } from '../units/resolve';
import type { StagingArea } from './staging';

export interface ImportServiceDeps {
  db: Db;
  runner: ImportRunner;
  staging: StagingArea;
  user: string;
  now: () => Date;
  emit?: <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;
  /** Runs before a batch writes (a copy of the workspace into its 备份 folder); a failure stops the batch. */
  beforeWrite?: () => Promise<unknown>;
}

export function submissionView(s: SubmissionRow, coverage: CoverageRow[] = []): SubmissionView {
  return {
    id: s.id,
    file: s.file_name,
    format: s.format,
    kind: s.kind,
    submitter: s.submitter,
    period: s.period,
    status: s.status,
    supersedesId: s.supersedes_id,
    supersededById: s.superseded_by_id,
    supersededAt: s.superseded_at,
    importedBy: s.imported_by,
    importedAt: s.imported_at,
    sha256: s.sha256,
    size: s.size,
    rows: { total: s.rows_total, accepted: s.rows_accepted, warned: s.rows_warned, rejected: s.rows_rejected },
    withdrawn: s.withdrawn_at ? { at: s.withdrawn_at, by: s.withdrawn_by ?? '', reason: s.withdrawn_reason ?? '' } : null,
    units: coverage.map((c) => ({
      unit: c.unit,
      rows: c.rows_total,
      rejected: c.rows_rejected,
      status: c.status,
      replacesId: c.replaces_id,
      supersededById: c.superseded_by_id,
      supersededAt: c.superseded_at,
    })),
  };
}

function viewsOf(db: Db, rows: SubmissionRow[]): SubmissionView[] {
  const coverage = coverageOf(db, rows.map((s) => s.id));
  return rows.map((s) => submissionView(s, coverage.get(s.id)));
}

const STAGE_LABEL: Record<string, string> = { read: '读取文件', check: '检查数据', write: '写入工作区', done: '完成' };

function toJobFile(f: ImportFileInput, staging: StagingArea): { job: JobFile; stagingId?: string } {
  const overrides = f.overrides ? { overrides: f.overrides } : {};
  if ('path' in f) return { job: { name: f.name, path: f.path, ...overrides } };
  if ('stagingId' in f) {
    const staged = staging.get(f.stagingId);
    return { job: { name: staged.name, bytes: staged.bytes, ...overrides }, stagingId: f.stagingId };
  }
  const bytes = Buffer.from(f.base64, 'base64');
  return { job: { name: f.name, bytes, ...overrides }, stagingId: staging.put(f.name, bytes) };
}

export function resolveUnitOrFail(db: Db, written: string): string {
  const unit = resolveUnit(db, written);
  if (!unit) throw new ApiError('unknown_unit', `单位“${written}”不在单位表中。`);
  return unit;
}

export function createImportService(d: ImportServiceDeps) {
  /** The cancel flags of the jobs in hand, for imports.cancel. */
  const running = new Set<Int32Array>();
  const runJob = async (req: ApiParsedRequest<'imports.run'>, dryRun: boolean): Promise<{ submissions: ImportResultView[] }> => {
    const files = req.files.map((f) => toJobFile(f, d.staging));
    if (!dryRun) await d.beforeWrite?.();
    const jobId = crypto.randomBytes(6).toString('hex');
    const cancel = cancelFlag();
    running.add(cancel);
    let results: Awaited<ReturnType<ImportRunner['run']>>;
    try {
      results = await d.runner.run(
        {
          files: files.map((f) => f.job),
          cancel,
          ...(req.kind ? { kind: req.kind } : {}),
          ...(req.unit ? { unit: req.unit } : {}),
          ...(req.period ? { period: req.period } : {}),
          dryRun,
          user: d.user,
          at: d.now().toISOString(),
        },
        (p) =>
          d.emit?.('progress', {
            jobId,
            ...p,
            message: `${p.count > 1 ? `（${p.index + 1}/${p.count}）` : ''}${p.file}：${STAGE_LABEL[p.stage] ?? p.stage}${p.total > 1 ? ` ${p.done.toLocaleString('zh-CN')}/${p.total.toLocaleString('zh-CN')} 行` : ''}`,
          }),
      );
    } finally {
      running.delete(cancel);
    }
    return {
      submissions: results.map((r, i) => {
        const stagingId = files[i]!.stagingId;
        if (stagingId && !dryRun && r.status === 'imported') d.staging.drop(stagingId);
        return stagingId && (dryRun || r.status === 'refused' || r.status === 'cancelled') ? { ...r, stagingId } : r;
      }),
    };
  };

  return {
    /** A file handed over as a path, bytes or a staging handle, as its name and bytes. */
    fileBytes(f: FileInput): { name: string; bytes: Uint8Array } {
      if ('path' in f) return { name: path.basename(f.path), bytes: readFileBytes(f.path) };
      if ('stagingId' in f) return d.staging.get(f.stagingId);
      return { name: f.name, bytes: Buffer.from(f.base64, 'base64') };
    },
    check: (req: ApiParsedRequest<'imports.check'>) => runJob(req, true),
    run: (req: ApiParsedRequest<'imports.run'>) => runJob(req, false),
    /** Files already begun finish (each lands whole or not at all); the rest come back as cancelled. */
    cancel(): { cancelled: number } {
      for (const flag of running) Atomics.store(flag, 0, 1);
      return { cancelled: running.size };
    },

    async returnWorkbook(req: ApiParsedRequest<'imports.returnWorkbook'>): Promise<FileBlob> {
      if ('stagingId' in req || 'path' in req) {
        const staged = 'stagingId' in req ? d.staging.get(req.stagingId) : { name: path.basename(req.path), bytes: readFileBytes(req.path) };
        const [r] = await d.runner.run({
          files: [{ name: staged.name, bytes: staged.bytes }],
          ...(req.kind ? { kind: req.kind } : {}),
          ...(req.unit ? { unit: req.unit } : {}),
          ...(req.period ? { period: req.period } : {}),
          dryRun: true,
          user: d.user,
          at: d.now().toISOString(),
        });
        if (!r || r.status === 'refused' || !r.kind || !r.submitter || !r.period || !r.format) {
          throw new ApiError(r?.error?.code ?? 'unreadable', `无法生成退回文件：${r?.error?.message ?? '文件无法读取。'}请直接把原因告知报送单位。`);
        }
        const { buildReturnWorkbook } = await import('./returnWorkbook');
      const out = await buildReturnWorkbook({
          fileName: staged.name,
          format: r.format,
          bytes: staged.bytes,
          kind: r.kind,
          submitter: r.submitter,
          period: r.period,
          counts: r.rows,
          findings: r.findings,
        });
        return { fileName: out.fileName, base64: out.bytes.toString('base64') };
      }
      const submissionId = req.submissionId;
      const s = getSubmission(d.db, submissionId);
      if (!s) throw new ApiError('not_found', `没有编号为 ${submissionId} 的报送记录。`);
      const { buildReturnWorkbook } = await import('./returnWorkbook');
      const out = await buildReturnWorkbook({
        fileName: s.file_name,
        format: s.format,
        bytes: fileBytes(d.db, s.file_id),
        kind: s.kind,
        submitter: s.submitter,
        period: s.period,
        counts: { total: s.rows_total, accepted: s.rows_accepted, warned: s.rows_warned, rejected: s.rows_rejected },
        findings: findingsOf(d.db, s.id),
      });
      return { fileName: out.fileName, base64: out.bytes.toString('base64') };
    },

    async template(kind: (typeof LEDGER_KINDS)[number]): Promise<FileBlob> {
      const plan = readPlan(d.db);
      const targets = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
      const units = listUnits(d.db)
        .filter((u) => (kind === 'indicator' || kind === 'milestone' ? u.kind !== 'group' : u.kind === 'county'))
        .map((u) => u.name);
      // ExcelJS loads with the first workbook the importer writes, not with the importer
      const { buildTemplate } = await import('./template');
      const out = await buildTemplate(kind, { units, targets });
      return { fileName: out.fileName, base64: out.bytes.toString('base64') };
    },

    list(req: ApiParsedRequest<'submissions.list'>): SubmissionView[] {
      const submitterId = req.unit ? findUnitByName(d.db, resolveUnitOrFail(d.db, req.unit))?.id : undefined;
      return viewsOf(
        d.db,
        listSubmissions(d.db, {
          ...(req.kind ? { kind: req.kind } : {}),
          ...(submitterId ? { submitterId } : {}),
          ...(req.period ? { period: req.period } : {}),
          includeSuperseded: req.includeSuperseded ?? false,
        }),
      );
    },

    withdraw(id: number, reason: string): SubmissionView {
      const s = getSubmission(d.db, id);
      if (!s) throw new ApiError('not_found', `没有编号为 ${id} 的报送记录。`);
      if (s.withdrawn_at) throw new ApiError('already_withdrawn', `报送 ${id} 已于 ${s.withdrawn_at.slice(0, 10)} 撤回。`);
      if (reason.trim().length < 2) throw new ApiError('reason_required', '请写明撤回的理由（如“误作9月台账导入”）。');
      withdrawSubmission(d.db, id, d.user, d.now().toISOString(), reason.trim());
      return viewsOf(d.db, [getSubmission(d.db, id)!])[0]!;
    },

    get(id: number) {
      const s = getSubmission(d.db, id);
      if (!s) throw new ApiError('not_found', `没有编号为 ${id} 的报送记录。`);
      const detection = JSON.parse(s.detection) as { sheets?: ImportResultView['sheets'] } & NonNullable<ImportResultView['detection']>;
      const { sheets, ...rest } = detection;
      return { submission: viewsOf(d.db, [s])[0]!, findings: findingsOf(d.db, id), sheets, detection: rest };
    },
  };
}
