import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import type { BuildJob } from '../reports/buildReport';
import { workerScript } from './workerScript';

/** Where report files are built. The core does not care; the hosts choose. */
export interface ReportBuilder {
  build(job: BuildJob): Promise<Buffer>;
}

/** In the calling thread (CLI, tests); ExcelJS, docx and ECharts load with the first report, not with the core. */
export const inlineBuilder: ReportBuilder = { build: async (job) => (await import('../reports/buildReport')).buildReport(job) };

type Reply = { type: 'done'; id: number; bytes: Uint8Array } | { type: 'error'; id: number; message: string };

/**
 * One report worker kept warm between reports: ExcelJS, docx, ECharts and the chart fonts load once, not for every report. Reports
 * are built one after another; a worker that dies fails the report in hand, and the next report starts a fresh one.
 */
export function createWorkerBuilder(): ReportBuilder & { warm(): void; close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();

  const spawn = (): Worker => {
    const script = workerScript('report-worker.cjs', './reportWorker.ts');
    const w = new Worker(script.file, { workerData: script.entry ? { entry: script.entry } : {} });
    w.unref();
    let failure: Error | null = null;
    w.on('message', (m: Reply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.type === 'done') p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else p.reject(new ApiError('report_failed', `报告生成失败：${m.message}`));
    });
    w.on('error', (err) => {
      failure = err;
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      const why = failure ? `报告生成失败：${failure.message}` : `报告生成进程意外退出（代码 ${code}），请重试。`;
      for (const p of pending.values()) p.reject(new ApiError('report_failed', why));
      pending.clear();
    });
    return w;
  };

  return {
    build(job) {
      const w = (worker ??= spawn());
      const id = nextId++;
      // a report in hand keeps the process alive; an idle worker does not
      w.ref();
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, job });
      });
    },
    /** Starts the worker ahead of the first report (libraries and chart fonts loaded), so that one is as quick as the rest. */
    warm() {
      worker ??= spawn();
    },
    async close() {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}

/** The hosts' report worker (the app, browser mode). */
export const workerBuilder = createWorkerBuilder();
