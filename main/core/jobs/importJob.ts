import path from 'node:path';
import type { Db } from '../db/connection';
import type { LedgerKind } from '../../../shared/models';
import { importFile, loadImportContext, type ImportResult } from '../importer/importFile';
import { ImportRefusal } from '../importer/refusal';
import { sha256 } from '../importer/analyze';
import { readInputFile } from '../importer/inputFile';
import { machineError } from '../machineErrors';
import { ApiError } from '../../../shared/api';

/** What the analyst set for one file on the import page; it wins over the job's own. */
export interface FileOverrides {
  kind?: LedgerKind;
  unit?: string;
  period?: string;
}

/** A file as it reaches the core: a path (CLI, Electron dialogs) or bytes (a browser upload). */
export type JobFile = ({ name: string; path: string } | { name: string; bytes: Uint8Array }) & { overrides?: FileOverrides };

export interface ImportJob {
  files: JobFile[];
  kind?: LedgerKind;
  unit?: string;
  period?: string;
  dryRun: boolean;
  user: string;
  /** ISO time the job was asked for: every submission of one job carries it. */
  at: string;
  /** How long reading and checking each file may take (tests); by default scaled with the file's size. */
  timeLimitMs?: number;
  /** Set to 1 (from another thread) to stop before the next file: the files not begun come back as cancelled. */
  cancel?: Int32Array;
}

/** A cancel flag the job and whoever cancels it share across threads. */
export function cancelFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

export type Progress = (p: { file: string; index: number; count: number; stage: string; done: number; total: number }) => void;

/** A file the user named (a regular file within the size cap), or a refusal saying why it cannot be read. */
export function readFileBytes(file: string): Uint8Array {
  return readInputFile(file);
}

function readJobFile(f: JobFile): Uint8Array {
  return 'bytes' in f ? f.bytes : readFileBytes(f.path);
}

/** A file refused before it was read at all, as the job reports it. */
export function refusedFile(name: string, code: string, message: string): ImportResult {
  return { id: null, file: name, status: 'refused', kind: null, submitter: null, period: null, sha256: '', rows: { total: 0, accepted: 0, warned: 0, rejected: 0 }, units: {}, findings: [], error: { code, message } };
}

function cancelledFile(name: string): ImportResult {
  return { ...refusedFile(name, 'cancelled', `已取消：“${name}”没有导入，仍可再导入。`), status: 'cancelled' };
}

/**
 * Runs an import job against an open workspace; the same code runs inline (CLI, tests) or in a worker thread.
 * `onResult` hears each file's result as soon as it is known (the worker passes them on one by one).
 */
export function runImportJob(db: Db, job: ImportJob, progress?: Progress, onResult?: (result: ImportResult, index: number) => void): ImportResult[] {
  const ctx = loadImportContext(db);
  const results: ImportResult[] = [];
  job.files.forEach((f, index) => {
    const name = path.basename(f.name);
    if (job.cancel && Atomics.load(job.cancel, 0) === 1) {
      results.push(cancelledFile(name));
      onResult?.(results[index]!, index);
      return;
    }
    const kind = f.overrides?.kind ?? job.kind;
    const unit = f.overrides?.unit ?? job.unit;
    const period = f.overrides?.period ?? job.period;
    let bytes: Uint8Array;
    try {
      bytes = readJobFile(f);
    } catch (err) {
      if (!(err instanceof ImportRefusal)) throw err;
      results.push(refusedFile(name, err.code, err.message));
      onResult?.(results[index]!, index);
      return;
    }
    progress?.({ file: name, index, count: job.files.length, stage: 'read', done: 0, total: 1 });
    let result: ImportResult;
    try {
      result = importFile(
        db,
        { fileName: name, bytes },
        {
          ...(kind ? { kind } : {}),
          ...(unit ? { unit } : {}),
          ...(period ? { period } : {}),
          user: job.user,
          now: new Date(job.at),
          dryRun: job.dryRun,
          ...(job.timeLimitMs ? { timeLimitMs: job.timeLimitMs } : {}),
          progress: (done, total, stage) => progress?.({ file: name, index, count: job.files.length, stage, done, total }),
        },
        ctx,
      );
    } catch (err) {
      throw job.dryRun || job.files.length === 1 ? err : batchStopped(err, results, job.files.slice(index).map((f) => path.basename(f.name)));
    }
    results.push(result);
    onResult?.(result, index);
    progress?.({ file: name, index, count: job.files.length, stage: 'done', done: 1, total: 1 });
  });
  return results;
}

/** A batch that stopped partway: which files are in the workspace, and which are not (each file lands whole or not at all). */
function batchStopped(err: unknown, done: ImportResult[], rest: string[]): ApiError {
  const reason = machineError(err) ?? (err instanceof ApiError ? err : null);
  const why = reason?.message ?? `工作台内部错误：${err instanceof Error ? err.message : String(err)}`;
  const committed = done.filter((r) => r.status === 'imported');
  const skipped = done.filter((r) => r.status !== 'imported');
  const lines = [`导入在“${rest[0]}”处停止：${why}`];
  lines.push(committed.length > 0 ? `已写入工作区（不需要重新导入）：${committed.map((r) => `“${r.file}”`).join('、')}。` : '此前没有文件写入工作区。');
  if (skipped.length > 0) lines.push(`已处理但未写入（重复或拒收，见各自的说明）：${skipped.map((r) => `“${r.file}”`).join('、')}。`);
  lines.push(`未写入工作区（请稍后重新导入）：${rest.map((f) => `“${f}”`).join('、')}。`);
  return new ApiError(reason?.code ?? 'batch_stopped', lines.join('\n'), {
    committed: committed.map((r) => ({ file: r.file, id: r.id })),
    skipped: skipped.map((r) => ({ file: r.file, status: r.status })),
    notCommitted: rest,
  });
}

export { sha256 };
