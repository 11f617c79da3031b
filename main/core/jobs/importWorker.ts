// Worker-thread entry: imports run here so a 100,000-row ledger never blocks the window or the bridge.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { runImportJob, type ImportJob } from './importJob';

interface WorkerInput {
  dbFile: string;
  job: ImportJob;
}

const { dbFile, job } = workerData as WorkerInput;
const db = openDatabase(dbFile);
try {
  const results = runImportJob(db, job, (p) => parentPort!.postMessage({ type: 'progress', progress: p }));
  parentPort!.postMessage({ type: 'done', results });
} catch (err) {
  parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? 'internal' });
} finally {
  db.close();
}
