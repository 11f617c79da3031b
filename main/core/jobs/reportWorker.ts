// Worker-thread entry: building a styled workbook or a Word file takes a second or two of CPU, off the window's thread.
// The worker stays up between reports, so its libraries load once.
import { parentPort } from 'node:worker_threads';
import { buildReport, type BuildJob } from '../reports/buildReport';
import { warmChartFonts } from '../reports/chartImage';

// before any job: a worker started by warm() has its chart fonts ready for the first briefing
warmChartFonts();

parentPort!.on('message', (m: { id: number; job: BuildJob }) => {
  buildReport(m.job).then(
    (bytes) => parentPort!.postMessage({ type: 'done', id: m.id, bytes }),
    (err: unknown) => parentPort!.postMessage({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
