// A bound on the time one file's reading and checking may take, in whatever thread it runs (the CLI's, a test's,
// the app's import worker). node:vm's timeout stops the running JavaScript from a watchdog thread — whatever
// function it is in, a regular expression included — so a parser that loops on some input we never foresaw ends
// in a refusal instead of a hang, and the next file goes on. It costs well under a millisecond per file.
import vm from 'node:vm';
import { timedOut } from './sheetLimits';

/** Generous: a 100,000-row ledger (6 MB) takes 2–3 s; a slow PC is given 60 s plus 3 s per MB. */
export function defaultTimeLimitMs(bytes: number): number {
  return 60_000 + Math.ceil((bytes / (1024 * 1024)) * 3_000);
}

const context = vm.createContext(Object.create(null) as object);
const script = new vm.Script('run()');

/** Runs `fn`, refusing the file as unreadable if it takes longer than `ms`. */
export function withinTimeLimit<T>(fileName: string, ms: number, fn: () => T): T {
  const slot = context as { run?: () => T };
  const outer = slot.run;
  slot.run = fn;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.round(ms)), displayErrors: false }) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw timedOut(fileName, Math.ceil(ms / 1000));
    throw err;
  } finally {
    slot.run = outer;
  }
}
