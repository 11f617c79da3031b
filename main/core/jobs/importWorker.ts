// Worker-thread entry: imports run here so a 100,000-row ledger never blocks the window or the bridge.
// The worker stays up between jobs, so its code loads once; each job opens the workspace afresh (a restored file
// is then the one written). Each file's result is posted as soon as it is known: if the worker dies on a file,
// the files before it stand. Between jobs it adds the imported rows to the search index, a part at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { runImportJob, type ImportJob } from './importJob';
import { machineError } from '../machineErrors';
import { ApiError } from '../../../shared/api';
import { indexSearchBacklog } from '../ledgers/searchBacklog';

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

/** The search-index catch-up between jobs: its connection and its next step, while one is under way. */
let indexing: { db: ReturnType<typeof openDatabase>; next: NodeJS.Immediate | null } | null = null;

function stopIndexing(): void {
  if (!indexing) return;
  if (indexing.next) clearImmediate(indexing.next);
  indexing.db.close();
  indexing = null;
}

/**
 * One part (INDEX_PART_ROWS) per turn of the event loop, so a job posted meanwhile waits for one part at most. A failure
 * (the workspace busy, a full disk) leaves the list as it was: the next search indexes what is left.
 */
function indexWhileIdle(): void {
  const step = () => {
    if (!indexing) return;
    indexing.next = null;
    try {
      if (indexSearchBacklog(indexing.db, 1) > 0) {
        indexing.next = setImmediate(step);
        return;
      }
    } catch {
      // left for the next search
    }
    stopIndexing();
  };
  try {
    indexing = { db: openDatabase(dbFile), next: setImmediate(step) };
  } catch {
    indexing = null;
  }
}

parentPort!.on('message', (m: { type: 'job'; job: ImportJob } | { type: 'index' } | { type: 'stop' }) => {
  if (m.type === 'index') {
    if (!indexing) indexWhileIdle();
    return;
  }
  if (m.type === 'stop') {
    stopIndexing();
    parentPort!.postMessage({ type: 'stopped' });
    return;
  }
  stopIndexing();
  runJob(m.job);
  if (!m.job.dryRun) indexWhileIdle();
});
