import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import type { Db } from '../db/connection';
import type { ImportResult } from '../importer/importFile';
import { workerScript } from './workerScript';
import { refusedFile, runImportJob, type ImportJob, type Progress } from './importJob';

/** Where import jobs run. The core does not care; the hosts choose. */
export interface ImportRunner {
  run(job: ImportJob, progress?: Progress): Promise<ImportResult[]>;
  /** Lets go of what the runner keeps between jobs (a warm worker), after the jobs in hand. */
  close?(): Promise<void>;
  /** Adds imported rows still missing from the search index to it, off the caller's thread, between jobs. */
  indexInBackground?(): void;
}

/** In the calling thread: the CLI, tests, and in-memory workspaces. */
export function inlineRunner(db: Db): ImportRunner {
  return { run: async (job, progress) => runImportJob(db, job, progress) };
}

type WorkerMessage =
  | { type: 'progress'; progress: Parameters<Progress>[0] }
  | { type: 'result'; index: number; result: ImportResult }
  | { type: 'done' }
  | { type: 'error'; message?: string; code?: string; details?: unknown };

/** How one worker's run of (part of) a job ended. */
type Outcome = { done: true } | { done: false; crashed: string; started: number };

/** The file a worker died on, as a refusal: whatever killed it (memory, a native fault), that file is the cause. */
function crashedOn(name: string, why: string): ImportResult {
  return refusedFile(
    name,
    'unreadable',
    `读取文件“${name}”时导入进程意外停止（${why}），该文件未导入，可能已损坏或内容异常庞大。请用 Excel 或 WPS 打开确认后重新保存，再重新导入。`,
  );
}

export interface WorkerRunnerOptions {
  /** Heap limits of each import worker (tests); by default Node's. */
  resourceLimits?: ResourceLimits;
}

/**
 * In a worker thread kept warm between jobs (its code loads once, not per file), opening the workspace for each job
 * on its own connection; one job at a time, in order. A worker that dies on a file (out of memory, say) costs that
 * file only: it is refused, and a fresh worker takes the files after it.
 */
export function workerRunner(dbFile: string, opts: WorkerRunnerOptions = {}): ImportRunner {
  let queue: Promise<unknown> = Promise.resolve();
  let worker: Worker | null = null;
  /** What the running part listens with; null while the worker is idle. */
  let listener: { message(m: WorkerMessage): void; exit(code: number, failure: Error | null): void } | null = null;

  const spawn = (): Worker => {
    const script = workerScript('import-worker.cjs', './importWorker.ts');
    const w = new Worker(script.file, {
      workerData: { dbFile, ...(script.entry ? { entry: script.entry } : {}) },
      ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
    });
    let failure: Error | null = null;
    w.on('message', (m: WorkerMessage) => listener?.message(m));
    w.on('error', (err) => {
      failure = err;
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      listener?.exit(code, failure);
    });
    return w;
  };

  /** Runs `files` [from, …) of the job in the worker, putting each result at its index. */
  const runPart = (job: ImportJob, from: number, results: ImportResult[], progress?: Progress) =>
    new Promise<Outcome>((resolve, reject) => {
      const part: ImportJob = { ...job, files: job.files.slice(from) };
      let started = -1;
      const w = (worker ??= spawn());
      // an idle worker must not keep a finished CLI or test process alive
      w.ref();
      const settle = () => {
        listener = null;
        w.unref();
      };
      listener = {
        message(m) {
          if (m.type === 'progress') {
            started = Math.max(started, from + m.progress.index);
            progress?.({ ...m.progress, index: from + m.progress.index, count: job.files.length });
          } else if (m.type === 'result') results[from + m.index] = m.result;
          else if (m.type === 'done') {
            settle();
            resolve({ done: true });
          } else if (m.type === 'error') {
            settle();
            reject(new ApiError(m.code ?? 'internal', m.message ?? '导入失败。', m.details));
          }
        },
        exit(code, failure) {
          settle();
          const oom = (failure as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
          resolve({ done: false, crashed: oom ? '内存耗尽' : `代码 ${code}`, started });
        },
      };
      w.postMessage({ type: 'job', job: part });
    });

  const runOne = async (job: ImportJob, progress?: Progress): Promise<ImportResult[]> => {
    const results: ImportResult[] = [];
    let from = 0;
    for (;;) {
      const outcome = await runPart(job, from, results, progress);
      if (outcome.done) return results;
      // the first file without a result is the one the worker died on
      let at = from;
      while (results[at]) at++;
      const name = (i: number) => job.files[i]!.name.replace(/^.*[\\/]/, '');
      if (outcome.started < at) {
        // it died before it began a file: the worker itself is broken, not a file
        if (at === 0) throw new ApiError('internal', `导入进程意外退出（${outcome.crashed}），工作区未被改动。`);
        for (let i = at; i < job.files.length; i++) results[i] = crashedOn(name(i), outcome.crashed);
        return results;
      }
      results[at] = crashedOn(name(at), outcome.crashed);
      from = at + 1;
      if (from >= job.files.length) return results;
    }
  };

  return {
    run(job, progress) {
      const next = queue.then(() => runOne(job, progress));
      queue = next.catch(() => undefined);
      return next;
    },
    indexInBackground() {
      // after the jobs in hand, like any job; the worker stays unreferenced, so it keeps no process alive
      void queue.then(() => (worker ??= spawn()).postMessage({ type: 'index' }));
    },
    async close() {
      await queue;
      const w = worker;
      worker = null;
      if (!w) return;
      // an indexing step in hand finishes and closes its connection before the thread goes
      w.ref();
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 30_000);
        w.on('message', (m: { type: string }) => {
          if (m.type === 'stopped') done();
        });
        w.once('exit', done);
        w.postMessage({ type: 'stop' });
      });
      await w.terminate();
    },
  };
}
