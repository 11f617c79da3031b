// `npx tsx test/bench/appImportBench.ts [--month 2020-09]` — not part of `npm test`.
// Issue 11 item 2: the demo month's ledgers through the app's path (upload, check, then import, in the import worker
// the bridge and the app use) against the same files through the CLI (start-up included). Target: app ≤ 1.5 × CLI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApi } from '../../main/core/api';
import { workerRunner } from '../../main/core/jobs/importRunner';
import { openWorkspace } from '../../main/core/workspace';
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface AppImportBenchResult {
  month: string;
  files: number;
  imported: number;
  /** The CLI importing every file in one command, start-up included (init not counted). */
  cliMs: number;
  /** The app's path: upload and check, then import, in the import worker. */
  appMs: number;
  checkMs: number;
}

/** The demo month's ledgers through the CLI and through the app's path, one after the other. */
export async function runAppImportBench(month = '2020-09'): Promise<AppImportBenchResult> {
  const folder = path.join(repoRoot, 'seeds', 'demo', month);
  const names = fs.readdirSync(folder).filter((f) => /\.(xlsx|xls|csv)$/i.test(f)).sort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-app-import-bench-'));
  try {
    const cliDb = path.join(dir, 'cli.sqlite');
    let t = performance.now();
    execFileSync('npm', ['run', '-s', 'bluesky', '--', 'init', '--db', cliDb], { cwd: repoRoot, stdio: 'ignore' });
    const initMs = performance.now() - t;
    t = performance.now();
    execFileSync('npm', ['run', '-s', 'bluesky', '--', 'import', ...names.map((n) => path.join(folder, n)), '--db', cliDb], { cwd: repoRoot, stdio: 'ignore' });
    const cliMs = performance.now() - t;

    const ws = openWorkspace(path.join(dir, 'app.sqlite'), { create: true });
    const runner = workerRunner(ws.file);
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date() }, user: 'bench', runner });
    t = performance.now();
    // as the page does: upload and check, then import what was staged
    const files = names.map((n) => ({ name: n, base64: fs.readFileSync(path.join(folder, n)).toString('base64') }));
    const { submissions: checked } = await api['imports.check']({ files });
    const checkMs = performance.now() - t;
    const staged = checked.map((r) => ({ name: r.file, stagingId: r.stagingId! }));
    const { submissions } = await api['imports.run']({ files: staged });
    const appMs = performance.now() - t;
    await runner.close?.();
    ws.db.close();
    const imported = submissions.filter((r) => r.status === 'imported').length;
    console.log(`CLI init ${seconds(initMs)} (not counted)`);
    return { month, files: names.length, imported, cliMs, appMs, checkMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// run directly (`npm run bench:app-import`): measure and print; `npm run bench` calls runAppImportBench
if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  const { values: args } = parseArgs({ options: { month: { type: 'string', default: '2020-09' } } });
  runAppImportBench(args.month).then(
    (r) => {
      console.log(`${r.files} demo ledgers of ${r.month} (${r.imported} imported through the app's path)`);
      console.log(`CLI import (start-up included): ${seconds(r.cliMs)}`);
      console.log(`app path, check + import: ${seconds(r.appMs)} (check ${seconds(r.checkMs)}) = ${(r.appMs / r.cliMs).toFixed(2)} × CLI (target ≤ 1.5)`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
