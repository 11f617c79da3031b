// Worker-thread entry: imports run here so a 100,000-row ledger never blocks the window or the bridge.
// The worker stays up between jobs, so its code loads once; each job opens the workspace afresh (a restored file
// is then the one written). Each file's result is posted as soon as it is known: if the worker dies on a file,
// the files before it stand.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { runImportJob, type ImportJob } from './importJob';
import { machineError } from '../machineErrors';
import { ApiError } from '../../../shared/api';

const { dbFile } = workerData as { dbFile: string };

function runJob(job: ImportJob): void {
  let db: ReturnType<typeof openDatabase> | null = null;
  try {
    db = openDatabase(dbFile);
    runImportJob(
      db,
      job,
      (p) => parentPort!.postMessage({ type: 'progress', progress: p }),
      (result, index) => parentPort!.postMessage({ type: 'result', index, result }),
    );
    parentPort!.postMessage({ type: 'done' });
  } catch (err) {
    const known = err instanceof ApiError ? err : machineError(err, { file: dbFile });
    parentPort!.postMessage(
      known
        ? { type: 'error', code: known.code, message: known.message, details: known.details }
        : { type: 'error', code: 'internal', message: `工作台内部错误（导入）：${err instanceof Error ? err.message : String(err)}` },
    );
  } finally {
    db?.close();
  }
}

parentPort!.on('message', (m: { type: 'job'; job: ImportJob }) => {
  if (m.type === 'job') runJob(m.job);
});
