// `npx tsx test/bench/readerBench.ts [--runs N] [file.xlsx]` — not part of `npm test`.
// Times the SheetJS reader against the fast .xlsx reader on the cached 100,000-row vehicle workbook
// (test-output/bench/*.xlsx; `npm run bench:import -- --no-pandas` makes it). Every read runs in a fresh child
// process, so each peak RSS is that read's own; the runs alternate between the readers and the median is reported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');

interface ChildResult {
  reader: string;
  ms: number;
  maxRssKb: number;
  baseRssKb: number;
  sheets: number;
  rows: number;
  cellCount: number;
}

async function child(reader: string, file: string): Promise<void> {
  const { sheetJsReader } = await import('../../main/core/importer/workbookReader');
  const { fastXlsxReader } = await import('../../main/core/importer/xlsxReader');
  const r = reader === 'sheetjs' ? sheetJsReader : reader === 'fast' ? fastXlsxReader : null;
  if (!r) throw new Error(`unknown reader ${reader}`);
  const bytes = fs.readFileSync(file);
  const baseRssKb = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const wb = r.read(bytes, path.basename(file));
  const ms = performance.now() - t0;
  const out: ChildResult = {
    reader,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    baseRssKb,
    sheets: wb.sheets.length,
    rows: wb.sheets.reduce((n, s) => n + s.rows.length, 0),
    cellCount: wb.cellCount,
  };
  console.log(JSON.stringify(out));
}

function runChild(reader: string, file: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'bench', 'readerBench.ts'), '--child', reader, file], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${reader} child failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ''}`);
  return JSON.parse(line) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, child: { type: 'string' } },
});

if (args.child) {
  await child(args.child, positionals[0]!);
} else {
  const benchDir = path.join(root, 'test-output', 'bench');
  const file =
    positionals[0] ?? (fs.existsSync(benchDir) ? fs.readdirSync(benchDir).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(benchDir, f))[0] : undefined);
  if (!file || !fs.existsSync(file)) {
    console.error('no benchmark workbook: run `npm run bench:import -- --no-pandas` once, or pass a file');
    process.exit(2);
  }
  const runs = Math.max(1, Number(args.runs));
  console.log(`${path.relative(root, file)} (${(fs.statSync(file).size / 1048576).toFixed(1)} MB)`);
  console.log(`node ${process.version}, ${os.cpus().length} CPU, ${runs} run(s) per reader, each in a fresh process\n`);
  const results: Record<string, ChildResult[]> = { sheetjs: [], fast: [] };
  for (let i = 0; i < runs; i++) {
    for (const reader of i % 2 ? ['fast', 'sheetjs'] : ['sheetjs', 'fast']) {
      const r = runChild(reader, file);
      console.log(`  ${reader.padEnd(8)} ${r.ms.toFixed(0).padStart(6)} ms  peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB (${(r.baseRssKb / 1024).toFixed(0)} MB before reading)`);
      results[reader]!.push(r);
    }
  }
  const [a, b] = [results.sheetjs!, results.fast!];
  if (a[0]!.cellCount !== b[0]!.cellCount || a[0]!.rows !== b[0]!.rows) throw new Error(`the readers disagree: ${JSON.stringify(a[0])} vs ${JSON.stringify(b[0])}`);
  const row = (label: string, rs: ChildResult[]) => {
    const ms = median(rs.map((r) => r.ms));
    const rss = Math.max(...rs.map((r) => r.maxRssKb)) / 1024;
    const grow = Math.max(...rs.map((r) => r.maxRssKb - r.baseRssKb)) / 1024;
    return { label, ms, rss, grow };
  };
  const rows = [row('SheetJS reader', a), row('fast .xlsx reader', b)];
  console.log(`\n${a[0]!.rows.toLocaleString('en-US')} rows, ${a[0]!.cellCount.toLocaleString('en-US')} cells`);
  console.log(`${'reader'.padEnd(20)}${'median'.padStart(10)}${'peak RSS'.padStart(11)}${'of it, reading'.padStart(16)}`);
  for (const r of rows) console.log(`${r.label.padEnd(20)}${`${r.ms.toFixed(0)} ms`.padStart(10)}${`${r.rss.toFixed(0)} MB`.padStart(11)}${`+${r.grow.toFixed(0)} MB`.padStart(16)}`);
  const speedup = rows[0]!.ms / rows[1]!.ms;
  console.log(`\nfast reader ${speedup.toFixed(1)}× faster than SheetJS (goal ≥ 2×: ${speedup >= 2 ? 'met' : 'NOT met'})`);
}
