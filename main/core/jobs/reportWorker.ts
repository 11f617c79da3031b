// Worker-thread entry: building a styled workbook or a Word file takes a second or two of CPU, off the window's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { buildReport, type BuildJob } from '../reports/buildReport';

buildReport((workerData as { job: BuildJob }).job).then(
  (bytes) => parentPort!.postMessage({ type: 'done', bytes }),
  (err: unknown) => parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
