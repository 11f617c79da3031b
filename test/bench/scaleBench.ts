// `npm run bench:scale` — not part of `npm test`.
// Imports vehicle ledgers of 500,000 and 1,048,576 sheet rows (Excel's row limit: a title, the header and the rows
// under them) through the bundled CLI, each into a fresh workspace in its own process, and reports time and peak RSS.
// The workbooks are streamed to test-output/bench/ once (test/bench/bigLedger.ts) and reused.
//   --rows N[,N…]  other sizes (sheet rows)
//   --regen        rebuild the cached workbooks
// Prints a table, then one line `BENCH {json}` with the ScaleResult; `runScaleBench()` returns the same object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeBigLedger } from './bigLedger';
import { buildCli, cliImport, root } from './cliImport';

export const SCALE_SIZES = [500_000, 1_048_576];
const TITLE = '盂县2020年9月国三及以下营运柴油货车淘汰台账';
/** The goal for 500,000 rows (issue 11, item 4). */
const RSS_GOAL_500K_MB = 600;

export interface ScaleRun {
  sheetRows: number;
  dataRows: number;
  fileMb: number;
  ms: number;
  peakRssMb: number;
  rows: { total: number; accepted: number; warned: number; rejected: number };
}

export interface ScaleResult {
  bench: 'scale';
  node: string;
  cpus: number;
  runs: ScaleRun[];
  /** A run that could not import (out of memory, refused): its size and why. */
  failures: { sheetRows: number; error: string }[];
}

async function workbook(sheetRows: number, regen: boolean, log: (s: string) => void): Promise<string> {
  const file = path.join(root, 'test-output', 'bench', `${TITLE}（${sheetRows}行，流式生成）.xlsx`);
  if (!regen && fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const t0 = performance.now();
  await writeBigLedger(file, { title: TITLE, dataRows: sheetRows - 2 });
  log(`  workbook for ${sheetRows.toLocaleString('en-US')} rows generated in ${((performance.now() - t0) / 1000).toFixed(0)} s (${(fs.statSync(file).size / 1048576).toFixed(0)} MB)`);
  return file;
}

/** Imports each size once through the bundled CLI; `log` gets progress lines. */
export async function runScaleBench(opts: { sizes?: number[]; regen?: boolean; log?: (s: string) => void } = {}): Promise<ScaleResult> {
  const log = opts.log ?? (() => {});
  buildCli();
  const result: ScaleResult = { bench: 'scale', node: process.version, cpus: os.cpus().length, runs: [], failures: [] };
  for (const sheetRows of opts.sizes ?? SCALE_SIZES) {
    const file = await workbook(sheetRows, opts.regen ?? false, log);
    try {
      const r = cliImport(file);
      if (r.rows.total !== sheetRows - 2) throw new Error(`${r.rows.total} rows imported, expected ${sheetRows - 2}`);
      const run: ScaleRun = { sheetRows, dataRows: sheetRows - 2, fileMb: fs.statSync(file).size / 1048576, ms: r.ms, peakRssMb: r.maxRssKb / 1024, rows: r.rows };
      result.runs.push(run);
      log(`  ${sheetRows.toLocaleString('en-US')} rows: ${(r.ms / 1000).toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB peak RSS`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result.failures.push({ sheetRows, error });
      log(`  ${sheetRows.toLocaleString('en-US')} rows: FAILED — ${error.split('\n').slice(0, 3).join(' ')}`);
    }
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, regen: { type: 'boolean', default: false } } });
  const sizes = values.rows ? values.rows.split(',').map(Number) : SCALE_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 3 || n > 1_048_576)) throw new Error(`--rows: sheet rows between 3 and 1,048,576, got ${values.rows}`);
  console.log(`node ${process.version}, ${os.cpus().length} CPU; the bundled CLI, start-up included, one process per import\n`);
  const r = await runScaleBench({ sizes, regen: values.regen, log: console.log });
  console.log(`\n${'sheet rows'.padStart(12)}${'file'.padStart(9)}${'time'.padStart(10)}${'rows/s'.padStart(10)}${'peak RSS'.padStart(11)}  rows accepted / rejected`);
  for (const x of r.runs) {
    console.log(
      `${x.sheetRows.toLocaleString('en-US').padStart(12)}${`${x.fileMb.toFixed(0)} MB`.padStart(9)}${`${(x.ms / 1000).toFixed(1)} s`.padStart(10)}` +
        `${Math.round(x.dataRows / (x.ms / 1000)).toLocaleString('en-US').padStart(10)}${`${x.peakRssMb.toFixed(0)} MB`.padStart(11)}  ${x.rows.accepted} / ${x.rows.rejected}`,
    );
  }
  for (const f of r.failures) console.log(`${f.sheetRows.toLocaleString('en-US').padStart(12)}  failed: ${f.error.split('\n')[0]}`);
  const at500 = r.runs.find((x) => x.sheetRows === 500_000);
  if (at500) console.log(`\ngoal: 500,000 rows under ${RSS_GOAL_500K_MB} MB peak RSS — ${at500.peakRssMb.toFixed(0)} MB, ${at500.peakRssMb < RSS_GOAL_500K_MB ? 'met' : 'NOT met'}`);
  const atMax = r.runs.find((x) => x.sheetRows === 1_048_576);
  if (sizes.includes(1_048_576)) console.log(`goal: 1,048,576 rows import without running out of memory — ${atMax ? 'met' : 'NOT met'}`);
  console.log(`BENCH ${JSON.stringify(r)}`);
}
