import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/api';
import { buildReport, type BuildJob } from '../reports/buildReport';
import { workerScript } from './workerScript';

/** Where report files are built. The core does not care; the hosts choose. */
export interface ReportBuilder {
  build(job: BuildJob): Promise<Buffer>;
}

export const inlineBuilder: ReportBuilder = { build: buildReport };

/** One worker thread per report: the data goes in as a structured clone, the bytes come back. */
export const workerBuilder: ReportBuilder = {
  build: (job) =>
    new Promise<Buffer>((resolve, reject) => {
      const script = workerScript('report-worker.cjs', './reportWorker.ts');
      const worker = new Worker(script.file, { workerData: { job, ...(script.entry ? { entry: script.entry } : {}) } });
      let settled = false;
      worker.on('message', (m: { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string }) => {
        settled = true;
        if (m.type === 'done') resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
        else reject(new ApiError('report_failed', `报告生成失败：${m.message}`));
      });
      worker.on('error', (err) => {
        settled = true;
        reject(new ApiError('report_failed', `报告生成失败：${err.message}`));
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new ApiError('report_failed', `报告生成进程意外退出（代码 ${code}），请重试。`));
      });
    }),
};
