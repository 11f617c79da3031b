// `npm run bench:import` — not part of `npm test`.
// Imports a 100,000-row vehicle ledger (.xlsx) into a fresh workspace — through the bundled CLI, start-up included, and
// through importFile alone — and compares that with SheetJS parsing the same file alone and with the pandas route
// (read_excel + to_sql). Every measured step runs in its own child process, so
// each peak RSS is that step's own.
//   --runs N     repeat each step N times and report the median time (default 1)
//   --rows N     ledger size (default 100000; the file is cached per size under test-output/bench/)
//   --regen      rebuild the cached workbook
//   --profile    afterwards, profile one import with node --cpu-prof and summarize it
//   --no-pandas  skip the pandas step
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { buildCli, cliImport } from './cliImport';
import { summarize, type CpuProfile } from './cpuProfileSummary';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'test-output', 'bench');
const PYTHON = '/usr/bin/python3';
const TITLE = '盂县2020年9月国三及以下营运柴油货车淘汰台账';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    rows: { type: 'string', default: '100000' },
    regen: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'no-pandas': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const ROWS = Number(args.rows);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error(`--rows must be a positive integer, got ${args.rows}`);

interface StepResult {
  step: string;
  ms: number;
  maxRssKb: number;
  [k: string]: unknown;
}

async function ensureWorkbook(): Promise<string> {
  const file = path.join(outDir, `${TITLE}（${ROWS}行）.xlsx`);
  if (!args.regen && fs.existsSync(file) && fs.statSync(file).size > 0) {
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
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${path.basename(argv.find((a) => /\.(ts|py)$/.test(a)) ?? cmd)} failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ''}`);
  }
  return JSON.parse(line) as StepResult;
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
function measure(label: string, once: () => StepResult): StepResult & { runs: number[] } {
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

function importOnce(file: string, nodeFlags: string[] = []): StepResult {
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

const file = await ensureWorkbook();
console.log(`node ${process.version}, ${os.cpus().length} CPU, ${RUNS} run(s) per step; each step in its own process\n`);

const sheetjs = measure('SheetJS XLSX.read, importer options', () => node('sheetjsChild.ts', [file, 'importer']));
const sheetjsDefault = measure('SheetJS XLSX.read, default options', () => node('sheetjsChild.ts', [file, 'default']));
const imp = measure('importFile into a fresh workspace', () => importOnce(file));
buildCli();
const cli = measure('bluesky import (bundled CLI, start-up included)', () => {
  const r = cliImport(file);
  if (r.rows.total !== ROWS) throw new Error(`the CLI imported ${r.rows.total} rows, expected ${ROWS}`);
  return { step: 'cli', ms: r.ms, maxRssKb: r.maxRssKb };
});
let pandas: (StepResult & { runs: number[] }) | null = null;
if (args['no-pandas']) console.log('  pandas: skipped (--no-pandas)');
else if (!pandasAvailable()) console.log(`  pandas: skipped — ${PYTHON} lacks pandas/openpyxl (apt-get install -y python3-pandas python3-openpyxl)`);
else {
  pandas = measure('pandas read_excel(openpyxl) + to_sql', () => {
    const ws = freshWorkspace();
    try {
      return runChild(PYTHON, [path.join('test', 'bench', 'pandas_import.py'), file, ws.file]);
    } finally {
      ws.cleanup();
    }
  });
}

const rowsInfo = imp.rows as { total: number; accepted: number; warned: number; rejected: number };
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const table: [string, StepResult | null][] = [
  ['CLI import, start-up included', cli],
  ['whole import (importFile)', imp],
  ['SheetJS alone, importer options', sheetjs],
  ['SheetJS alone, default options', sheetjsDefault],
  ['pandas read_excel + to_sql', pandas],
];
console.log(`\n${ROWS.toLocaleString('en-US')} rows, ${(fs.statSync(file).size / 1048576).toFixed(1)} MB .xlsx`);
console.log(`import: ${rowsInfo.accepted} accepted (${rowsInfo.warned} warned), ${rowsInfo.rejected} rejected, ${String(imp.findings)} findings\n`);
console.log(`${'step'.padEnd(34)}${'time'.padStart(10)}${'rows/s'.padStart(10)}${'peak RSS'.padStart(11)}`);
for (const [label, r] of table) {
  if (!r) continue;
  console.log(`${label.padEnd(34)}${`${(r.ms / 1000).toFixed(2)} s`.padStart(10)}${Math.round(ROWS / (r.ms / 1000)).toLocaleString('en-US').padStart(10)}${mb(r.maxRssKb).padStart(11)}`);
}
if (pandas) console.log(`  (pandas: read_excel ${((pandas.readMs as number) / 1000).toFixed(2)} s of it)`);

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
// issue 11, item 4: the CLI as the analyst runs it, start-up included, against SheetJS parsing alone and pandas
const ratioSheet = cli.ms / sheetjs.ms;
console.log('\ngoal (CLI, start-up included)               measured');
console.log(`≤ 0.7× SheetJS parsing alone                 ${ratioSheet.toFixed(2)}×  ${verdict(ratioSheet <= 0.7)}   (importFile alone: ${(imp.ms / sheetjs.ms).toFixed(2)}×)`);
if (pandas) {
  const speedup = pandas.ms / cli.ms;
  console.log(`≥ 4× faster than pandas                      ${speedup.toFixed(2)}×  ${verdict(speedup >= 4)}`);
} else console.log('≥ 4× faster than pandas                      not measured');
console.log(`peak RSS < 1 GB                              ${mb(cli.maxRssKb)}  ${verdict(cli.maxRssKb < 1024 * 1024)}`);

if (args.profile) {
  const dir = path.join(outDir, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.log('\nprofiling one import (node --cpu-prof) …');
  const r = importOnce(file, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=import.cpuprofile']);
  console.log(`  ${(r.ms / 1000).toFixed(2)} s under the profiler`);
  const prof = path.join(dir, 'import.cpuprofile');
  const summary = summarize(JSON.parse(fs.readFileSync(prof, 'utf8')) as CpuProfile);
  fs.writeFileSync(path.join(dir, 'import-summary.txt'), summary + '\n');
  console.log(`${summary}\n\nprofile: ${path.relative(root, prof)} (open in Chrome DevTools), summary: ${path.relative(root, path.join(dir, 'import-summary.txt'))}`);
}
