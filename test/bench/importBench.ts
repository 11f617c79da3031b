// `npm run bench:import` — not part of `npm test`.
// Imports a 100,000-row vehicle ledger (.xlsx) into a fresh workspace and compares it with SheetJS parsing the same
// file alone and with the pandas route (read_excel + to_sql). Every measured step runs in its own child process, so
// each peak RSS is that step's own.
//   --runs N     repeat each step N times and report the median time (default 1)
//   --rows N     ledger size (default 100000; the file is cached per size under test-output/bench/)
//   --regen      rebuild the cached workbook
//   --profile    afterwards, profile one import with node --cpu-prof and summarize it
//   --no-pandas  skip the pandas step
// The issue 11 ratios take each step whole, start-up included: the CLI bundle's import against SheetJS and pandas.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { summarize, type CpuProfile } from './cpuProfileSummary';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'test-output', 'bench');
const PYTHON = '/usr/bin/python3';
const TITLE = '盂县2020年9月国三及以下营运柴油货车淘汰台账';

interface StepResult {
  step: string;
  ms: number;
  maxRssKb: number;
  [k: string]: unknown;
}

/** The ROWS-row vehicle ledger, cached per size under test-output/bench/. */
export async function ensureWorkbook(ROWS: number, regen = false): Promise<string> {
  const file = path.join(outDir, `${TITLE}（${ROWS}行）.xlsx`);
  if (!regen && fs.existsSync(file) && fs.statSync(file).size > 0) {
    console.log(`workbook: ${path.relative(root, file)} (cached, ${(fs.statSync(file).size / 1048576).toFixed(1)} MB)`);
    return file;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  const rows = vehicleRows({ county: '盂县', count: ROWS, seed: 2020, period: '2020-09' });
  const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: [TITLE], header: [...VEHICLE_HEADERS], rows }] });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
  console.log(`workbook: ${path.relative(root, file)} (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(bytes.length / 1048576).toFixed(1)} MB)`);
  return file;
}

function runChild(cmd: string, argv: string[]): StepResult {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${path.basename(argv.find((a) => /\.(ts|mjs|py)$/.test(a)) ?? cmd)} failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ''}`);
  }
  // wallMs: the whole child, start-up included
  return { ...(JSON.parse(line) as StepResult), wallMs: performance.now() - t0 };
}

function node(script: string, argv: string[], nodeFlags: string[] = []): StepResult {
  return runChild(process.execPath, [...nodeFlags, '--import', 'tsx', path.join('test', 'bench', script), ...argv]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs a step RUNS times; the median time, the largest peak RSS and the last run's details. */
function measure(RUNS: number, label: string, once: () => StepResult): StepResult & { runs: number[] } {
  const results: StepResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    process.stdout.write(`  ${label}${RUNS > 1 ? ` (${i + 1}/${RUNS})` : ''} … `);
    const r = once();
    console.log(`${(r.ms / 1000).toFixed(2)} s, ${(r.maxRssKb / 1024).toFixed(0)} MB`);
    results.push(r);
  }
  return { ...results[results.length - 1]!, ms: median(results.map((r) => r.ms)), maxRssKb: Math.max(...results.map((r) => r.maxRssKb)), runs: results.map((r) => r.ms) };
}

function freshWorkspace(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-bench-'));
  return { file: path.join(dir, 'ws.sqlite'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function importOnce(ROWS: number, file: string, nodeFlags: string[] = []): StepResult {
  const ws = freshWorkspace();
  try {
    const r = node('importChild.ts', [file, ws.file], nodeFlags);
    const rows = r.rows as { total: number; accepted: number; warned: number; rejected: number };
    if (r.status !== 'imported' || rows.total !== ROWS) {
      throw new Error(`import did not go through: status ${String(r.status)}, ${rows.total} rows (expected ${ROWS}) ${JSON.stringify(r.error)}`);
    }
    return r;
  } finally {
    ws.cleanup();
  }
}

function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas, openpyxl'], { stdio: 'ignore' }).status === 0;
}

export interface ImportBenchOptions {
  rows: number;
  runs: number;
  regen?: boolean;
  pandas?: boolean;
  profile?: boolean;
}

type Measured = StepResult & { runs: number[]; wallMs: number };

export interface ImportBenchResult {
  rows: number;
  fileMb: number;
  /** importFile in-process, and the CLI bundle importing the file into a fresh workspace, start-up included. */
  import: Measured;
  cli: { wallMs: number; maxRssKb: number | null };
  sheetjs: Measured;
  sheetjsDefault: Measured;
  pandas: Measured | null;
  pandasSkipped: string | null;
}

/** `bluesky import` of the file through the CLI bundle, start-up included; peak RSS through GNU time when there is one. */
function cliImportOnce(ROWS: number, file: string): StepResult & { wallMs: number } {
  const ws = freshWorkspace();
  const rssFile = path.join(path.dirname(ws.file), 'time.txt');
  try {
    const bundle = path.join(root, 'dist', 'cli', 'bluesky.cjs');
    const gnuTime = fs.existsSync('/usr/bin/time');
    const argv = [bundle, 'import', file, '--db', ws.file, '--json'];
    spawnSync(process.execPath, [bundle, 'init', '--db', ws.file], { cwd: root, stdio: 'ignore' }); // not timed, as importChild's
    const t0 = performance.now();
    const r = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }) : spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`bluesky import failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
    const maxRssKb = gnuTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : Number.NaN;
    const out = JSON.parse(r.stdout) as { submissions: { status: string; rows: { total: number } }[] };
    if (out.submissions[0]?.status !== 'imported' || out.submissions[0].rows.total !== ROWS) throw new Error(`bluesky import did not go through: ${r.stdout.slice(0, 500)}`);
    return { step: 'cli-import', ms: wallMs, wallMs, maxRssKb };
  } finally {
    ws.cleanup();
  }
}

/** The 100k-row comparison: each step in its own process, RUNS times (median time, largest peak RSS). */
export async function runImportBench(opts: ImportBenchOptions): Promise<ImportBenchResult> {
  const { rows: ROWS, runs: RUNS } = opts;
  if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error(`--rows must be a positive integer, got ${ROWS}`);
  const file = await ensureWorkbook(ROWS, opts.regen);
  // the CLI bundle is built (or rebuilt after a source change) on first use, not in a timed run
  spawnSync(process.execPath, [path.join(root, 'scripts', 'bluesky.cjs'), '--help'], { cwd: root, stdio: 'ignore' });
  console.log(`node ${process.version}, ${os.cpus().length} CPU, ${RUNS} run(s) per step; each step in its own process\n`);
  const withWall = (label: string, once: () => StepResult & { wallMs: number }): Measured => {
    const walls: number[] = [];
    const m = measure(RUNS, label, () => {
      const r = once();
      walls.push(r.wallMs);
      return r;
    });
    return { ...m, wallMs: median(walls) };
  };
  const sheetjs = withWall('SheetJS XLSX.read, importer options', () => runChild(process.execPath, [path.join('test', 'bench', 'sheetjsChild.mjs'), file, 'importer']) as StepResult & { wallMs: number });
  const sheetjsDefault = withWall('SheetJS XLSX.read, default options', () => runChild(process.execPath, [path.join('test', 'bench', 'sheetjsChild.mjs'), file, 'default']) as StepResult & { wallMs: number });
  const imp = withWall('importFile into a fresh workspace', () => importOnce(ROWS, file) as StepResult & { wallMs: number });
  const cli = withWall('bluesky import (CLI bundle, start-up included)', () => cliImportOnce(ROWS, file));
  let pandas: Measured | null = null;
  let pandasSkipped: string | null = null;
  if (opts.pandas === false) pandasSkipped = '--no-pandas';
  else if (!pandasAvailable()) pandasSkipped = `${PYTHON} lacks pandas/openpyxl (apt-get install -y python3-pandas python3-openpyxl)`;
  else {
    pandas = withWall('pandas read_excel(openpyxl) + to_sql', () => {
      const ws = freshWorkspace();
      try {
        return runChild(PYTHON, [path.join('test', 'bench', 'pandas_import.py'), file, ws.file]) as StepResult & { wallMs: number };
      } finally {
        ws.cleanup();
      }
    });
  }
  if (pandasSkipped) console.log(`  pandas: skipped — ${pandasSkipped}`);
  if (opts.profile) profileOnce(ROWS, file);
  return {
    rows: ROWS,
    fileMb: fs.statSync(file).size / 1048576,
    import: imp,
    cli: { wallMs: cli.wallMs, maxRssKb: Number.isNaN(cli.maxRssKb) ? null : cli.maxRssKb },
    sheetjs,
    sheetjsDefault,
    pandas,
    pandasSkipped,
  };
}

function profileOnce(ROWS: number, file: string): void {
  const dir = path.join(outDir, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log('\nprofiling one import (node --cpu-prof) …');
  const r = importOnce(ROWS, file, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=import.cpuprofile']);
  console.log(`  ${(r.ms / 1000).toFixed(2)} s under the profiler`);
  const prof = path.join(dir, 'import.cpuprofile');
  const summary = summarize(JSON.parse(fs.readFileSync(prof, 'utf8')) as CpuProfile);
  fs.writeFileSync(path.join(dir, 'import-summary.txt'), summary + '\n');
  console.log(`${summary}\n\nprofile: ${path.relative(root, prof)} (open in Chrome DevTools), summary: ${path.relative(root, path.join(dir, 'import-summary.txt'))}`);
}

function printImportBench(r: ImportBenchResult): void {
  const ROWS = r.rows;
  const rowsInfo = r.import.rows as { total: number; accepted: number; warned: number; rejected: number };
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const table: [string, number | null, number, number | null][] = [
    ['importFile (in a tsx child)', r.import.ms, r.import.wallMs, r.import.maxRssKb],
    ['bluesky import (CLI bundle)', null, r.cli.wallMs, r.cli.maxRssKb],
    ['SheetJS alone, importer options', r.sheetjs.ms, r.sheetjs.wallMs, r.sheetjs.maxRssKb],
    ['SheetJS alone, default options', r.sheetjsDefault.ms, r.sheetjsDefault.wallMs, r.sheetjsDefault.maxRssKb],
    ...(r.pandas ? [['pandas read_excel + to_sql', r.pandas.ms, r.pandas.wallMs, r.pandas.maxRssKb] as [string, number, number, number]] : []),
  ];
  console.log(`\n${ROWS.toLocaleString('en-US')} rows, ${r.fileMb.toFixed(1)} MB .xlsx`);
  if (typeof r.import.searchIndexMs === 'number') console.log(`after the import, its rows into the search index (idle worker or next search, not timed above): ${(r.import.searchIndexMs / 1000).toFixed(2)} s`);
  console.log(`import: ${rowsInfo.accepted} accepted (${rowsInfo.warned} warned), ${rowsInfo.rejected} rejected, ${String(r.import.findings)} findings\n`);
  const sec = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  console.log(`${'step'.padEnd(34)}${'work'.padStart(10)}${'process'.padStart(10)}${'rows/s'.padStart(10)}${'peak RSS'.padStart(11)}`);
  for (const [label, ms, wall, rss] of table) {
    console.log(`${label.padEnd(34)}${sec(ms).padStart(10)}${sec(wall).padStart(10)}${Math.round(ROWS / (wall / 1000)).toLocaleString('en-US').padStart(10)}${(rss === null ? '?' : mb(rss)).padStart(11)}`);
  }
  console.log('  (work: the step alone, timed inside its process; process: the whole child, start-up included)');
  if (r.pandas) console.log(`  (pandas: read_excel ${((r.pandas.readMs as number) / 1000).toFixed(2)} s of it)`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\ngoal (issue 11, start-up included)            measured');
  const vsSheet = r.cli.wallMs / r.sheetjs.wallMs;
  console.log(`CLI import ≤ 0.7× SheetJS parsing alone      ${vsSheet.toFixed(2)}×  ${verdict(vsSheet <= 0.7)}`);
  if (r.pandas) {
    const speedup = r.pandas.wallMs / r.cli.wallMs;
    console.log(`CLI import ≥ 4× faster than pandas           ${speedup.toFixed(2)}×  ${verdict(speedup >= 4)}`);
  } else console.log('CLI import ≥ 4× faster than pandas           not measured');
}

// run directly (`npm run bench:import`): parse the flags, measure, print; `npm run bench` calls runImportBench
if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  const { values: args } = parseArgs({
    options: {
      runs: { type: 'string', default: '1' },
      rows: { type: 'string', default: '100000' },
      regen: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-pandas': { type: 'boolean', default: false },
    },
  });
  printImportBench(await runImportBench({ rows: Number(args.rows), runs: Math.max(1, Number(args.runs)), regen: args.regen, pandas: !args['no-pandas'], profile: args.profile }));
}
