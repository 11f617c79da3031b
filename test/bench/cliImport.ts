// One import through the CLI as an analyst runs it (`npm run bluesky -- import`, the esbuild bundle), into a fresh
// workspace, timed from process start to exit: start-up included. The peak RSS comes from test/bench/peakRss.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(root, 'scripts', 'bluesky.cjs');
const PROBE = pathToFileURL(path.join(root, 'test', 'bench', 'peakRss.mjs')).href;

export interface CliImport {
  ms: number;
  maxRssKb: number;
  status: string;
  rows: { total: number; accepted: number; warned: number; rejected: number };
}

function cli(args: string[], probe = false): { ms: number; stdout: string; stderr: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(probe ? ['--import', PROBE] : []), CLI, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t0, stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

/** Builds the CLI bundle if its sources changed, so no measured run pays for esbuild. */
export function buildCli(): void {
  const r = cli(['--help']);
  if (r.status !== 0) throw new Error(`bluesky --help failed:\n${r.stderr}`);
}

/** Imports `file` into a new workspace through the bundled CLI. */
export function cliImport(file: string): CliImport {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-bench-'));
  try {
    const db = path.join(dir, 'ws.sqlite');
    const init = cli(['init', '--db', db]);
    if (init.status !== 0) throw new Error(`bluesky init failed:\n${init.stderr}`);
    const r = cli(['import', file, '--db', db], true);
    const rss = /BENCH_PEAK_RSS_KB (\d+)/.exec(r.stderr);
    const counts = /共 (\d+) 行：接收 (\d+) 行（其中 (\d+) 行有警告），拒收 (\d+) 行/.exec(r.stdout);
    const status = /：(已导入|拒收|重复文件，未导入|已取消，未导入)/.exec(r.stdout.split('\n')[0] ?? '')?.[1] ?? 'unknown';
    if (!rss || !counts || status !== '已导入') throw new Error(`bluesky import did not go through (exit ${r.status}):\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(-2000)}`);
    const [total, accepted, warned, rejected] = counts.slice(1).map(Number) as [number, number, number, number];
    return { ms: r.ms, maxRssKb: Number(rss[1]), status, rows: { total, accepted, warned, rejected } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
