import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import type { Db } from '../db/connection';
import type { ImportResult } from '../importer/importFile';
import { workerScript } from './workerScript';
import { runImportJob, type ImportJob, type Progress } from './importJob';

/** Where import jobs run. The core does not care; the hosts choose. */
export interface ImportRunner {
  run(job: ImportJob, progress?: Progress): Promise<ImportResult[]>;
}

/** In the calling thread: the CLI, tests, and in-memory workspaces. */
export function inlineRunner(db: Db): ImportRunner {
  return { run: async (job, progress) => runImportJob(db, job, progress) };
}


/** In a worker thread with its own connection to the workspace file; one job at a time, in order. */
export function workerRunner(dbFile: string): ImportRunner {
  let queue: Promise<unknown> = Promise.resolve();
  const runOne = (job: ImportJob, progress?: Progress) =>
    new Promise<ImportResult[]>((resolve, reject) => {
      const script = workerScript('import-worker.cjs', './importWorker.ts');
      const worker = new Worker(script.file, { workerData: { dbFile, job, ...(script.entry ? { entry: script.entry } : {}) } });
      let settled = false;
      worker.on('message', (m: { type: string; progress?: Parameters<Progress>[0]; results?: ImportResult[]; message?: string; code?: string; details?: unknown }) => {
        if (m.type === 'progress' && m.progress) progress?.(m.progress);
        else if (m.type === 'done') {
          settled = true;
          resolve(m.results!);
        } else if (m.type === 'error') {
          settled = true;
          reject(new ApiError(m.code ?? 'internal', m.message ?? '导入失败。', m.details));
        }
      });
      worker.on('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new ApiError('internal', `导入进程意外退出（代码 ${code}），工作区未被改动。`));
      });
    });
  return {
    run(job, progress) {
      const next = queue.then(() => runOne(job, progress));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
