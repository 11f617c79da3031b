// `npm run bench` — every issue 11 target, measured in one run and printed side by side. Not part of `npm test`.
// Each step runs in its own process (peak RSS per step). Compare ratios rather than seconds on a shared machine.
//   --quick   skip the steps over a million rows (the assessment and the scale bench)
//   --runs N  rounds per timed step where a step repeats (default 3)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AppImportBenchResult } from './appImportBench';
import type { AssessBenchResult } from './assessBench';
import type { ImportBenchResult } from './importBench';
import type { ReportsBenchResult } from './reportsBench';
import { runScaleBench, type ScaleResult, type ScaleRun } from './scaleBench';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } } });
const RUNS = Math.max(1, Number(args.runs));
const DEMO_LEDGER = path.join(root, 'seeds', 'demo', '2020-09', '城区-锅炉台账-2020年9月（示例数据）.xlsx');

interface Row {
  item: string;
  measured: string;
  target: string;
  /** null: not measured (未测), or a figure given for reference with no target. */
  pass: boolean | null;
  reference?: true;
}
const rows: Row[] = [];
const notMeasured = (item: string, target: string, why: string) => rows.push({ item, measured: `未测（${why}）`, target, pass: null });

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const times = (x: number) => `${x.toFixed(2)}×`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A command run `runs` times under GNU time: median wall time, largest peak RSS of any process it started. */
function command(cmd: string, argv: string[], runs = RUNS): { ms: number; maxRssKb: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-bench-'));
  const out = path.join(dir, 'time.txt');
  const ms: number[] = [];
  let rss = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, cmd, ...argv], { cwd: root, stdio: 'ignore' });
      ms.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
      rss = Math.max(rss, Number(fs.readFileSync(out, 'utf8').trim().split('\n').pop()));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ms: median(ms), maxRssKb: rss };
}

/** One benchStep.ts step in its own process; its progress shows on stderr as it goes. */
function step<T>(name: string, opts: Record<string, unknown> = {}): { result: T; maxRssKb: number } {
  console.log(`\n— ${name} —`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'bench', 'benchStep.ts'), name, JSON.stringify(opts)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (r.status !== 0 || !line) throw new Error(`bench step ${name} failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as { result: T; maxRssKb: number };
}

/** Runs a step, and on failure records it as not measured rather than losing the rest of the table. */
function attempt(label: string, target: string, run: () => void): void {
  try {
    run();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    notMeasured(label, target, '出错，见上方输出');
  }
}

console.log(`npm run bench: node ${process.version}, ${os.cpus().length} CPU, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${args.quick ? ', --quick' : ''}`);
if (!fs.existsSync('/usr/bin/time')) throw new Error('npm run bench 需要 GNU time（/usr/bin/time）来测量峰值内存：请先 apt-get install time。');

// 1. CLI start-up. The first call builds the bundle if a source changed; it is not counted.
console.log('\n— CLI —');
spawnSync('npm', ['run', '-s', 'bluesky', '--', '--help'], { cwd: root, stdio: 'ignore' });
attempt('CLI --help（npm run -s bluesky -- --help）', '≤ 2.5× npm -v', () => {
  const npmV = command('npm', ['-v']);
  const help = command('npm', ['run', '-s', 'bluesky', '--', '--help']);
  const bundle = command(process.execPath, [path.join('dist', 'cli', 'bluesky.cjs'), '--help']);
  console.log(`npm -v ${sec(npmV.ms)}; npm run -s bluesky -- --help ${sec(help.ms)}, ${mb(help.maxRssKb)}; node dist/cli/bluesky.cjs --help ${sec(bundle.ms)}, ${mb(bundle.maxRssKb)}`);
  rows.push({ item: 'CLI --help（npm run -s bluesky -- --help）', measured: `${sec(help.ms)} = ${times(help.ms / npmV.ms)} npm -v（${sec(npmV.ms)}）`, target: '≤ 2.5× npm -v', pass: help.ms / npmV.ms <= 2.5 });
  rows.push({ item: '  同上，峰值内存', measured: mb(help.maxRssKb), target: '< 150 MB', pass: help.maxRssKb < 150 * 1024 });
  rows.push({ item: 'CLI --help（node dist/cli/bluesky.cjs）', measured: `${sec(bundle.ms)} = ${times(bundle.ms / npmV.ms)} npm -v`, target: '≤ 2.5× npm -v', pass: bundle.ms / npmV.ms <= 2.5 });
  rows.push({ item: '  同上，峰值内存', measured: mb(bundle.maxRssKb), target: '< 150 MB', pass: bundle.maxRssKb < 150 * 1024 });
});
attempt('check 一份示例台账', '< 1 s', () => {
  const check = command('npm', ['run', '-s', 'bluesky', '--', 'check', DEMO_LEDGER]);
  rows.push({ item: 'check 一份示例台账（npm run -s bluesky）', measured: `${sec(check.ms)}，${mb(check.maxRssKb)}`, target: '< 1 s', pass: check.ms < 1000 });
});

// 2. Bulk import in the app against the CLI, same files.
attempt('应用导入示例月份台账 vs CLI', '≤ 1.5× CLI', () => {
  const { result: r } = step<AppImportBenchResult>('appImport');
  rows.push({ item: `应用导入 ${r.files} 份示例台账 vs CLI`, measured: `${sec(r.appMs)} / ${sec(r.cliMs)} = ${times(r.appMs / r.cliMs)}`, target: '≤ 1.5× CLI', pass: r.appMs / r.cliMs <= 1.5 });
});

// 3. Reports, warm, as the app issues them.
attempt('月度通报（热）', '≤ 2 s', () => {
  const { result: r } = step<ReportsBenchResult>('reports', { runs: RUNS });
  rows.push({ item: '月度通报 .xlsx（热 worker，中位数）', measured: sec(r.briefingMs), target: '≤ 2 s', pass: r.briefingMs <= 2000 });
  rows.push({ item: '约谈材料 .docx（热 worker）', measured: sec(r.docxMs), target: '≤ 1 s', pass: r.docxMs <= 1000 });
  if (r.pdfMs === null) notMeasured('约谈材料 PDF（Chromium）', '≤ 3 s', '没有 Chromium');
  else rows.push({ item: '约谈材料 PDF（浏览器模式的 Chromium）', measured: sec(r.pdfMs), target: '≤ 3 s', pass: r.pdfMs <= 3000 });
});

// 4. Import at Excel's scale: 100k rows against pandas and SheetJS, start-up included.
attempt('10 万行车辆台账导入', '≥ 4× pandas', () => {
  // medians of RUNS runs: pandas' own time varies by a quarter from run to run on this machine
  const { result: r } = step<ImportBenchResult>('import', { rows: 100000, runs: RUNS });
  const rowsLabel = r.rows.toLocaleString('en-US');
  if (r.pandas) {
    const x = r.pandas.wallMs / r.cli.wallMs;
    rows.push({ item: `${rowsLabel} 行导入（CLI，含启动）vs pandas`, measured: `${sec(r.cli.wallMs)} vs ${sec(r.pandas.wallMs)}：快 ${times(x)}`, target: '≥ 4× pandas', pass: x >= 4 });
  } else notMeasured(`${rowsLabel} 行导入 vs pandas`, '≥ 4× pandas', r.pandasSkipped ?? '没有 pandas');
  const y = r.cli.wallMs / r.sheetjs.wallMs;
  rows.push({ item: `${rowsLabel} 行导入（CLI，含启动）/ SheetJS 解析`, measured: `${sec(r.cli.wallMs)} / ${sec(r.sheetjs.wallMs)} = ${times(y)}`, target: '≤ 0.7× SheetJS', pass: y <= 0.7 });
  if (r.cli.maxRssKb !== null) rows.push({ item: `  同上，CLI 峰值内存`, measured: mb(r.cli.maxRssKb), target: '（参考）', pass: null, reference: true });
});

// 500k and 1,048,576 sheet rows through the bundled CLI: each import in its own process (bench:scale).
const scaleTargets: [number, string, (r: ScaleRun) => boolean][] = [
  [500_000, '峰值内存 < 600 MB', (r) => r.peakRssMb < 600],
  [1_048_576, '导入成功，不内存溢出', () => true],
];
if (args.quick) for (const [n, target] of scaleTargets) notMeasured(`${n.toLocaleString('en-US')} 行导入`, target, '--quick');
else {
  console.log('\n— bench:scale —');
  let scale: ScaleResult | null = null;
  try {
    scale = await runScaleBench({ sizes: scaleTargets.map(([n]) => n), log: console.log });
  } catch (err) {
    console.log(`  bench:scale failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const [n, target, ok] of scaleTargets) {
    const label = `${n.toLocaleString('en-US')} 行导入`;
    const run = scale?.runs.find((x) => x.sheetRows === n);
    const failed = scale?.failures.find((x) => x.sheetRows === n);
    if (run) rows.push({ item: label, measured: `${sec(run.ms)}，峰值 ${mb(run.peakRssMb * 1024)}`, target, pass: ok(run) });
    else if (failed) rows.push({ item: label, measured: `失败：${failed.error.split('\n')[0]!.slice(0, 60)}`, target, pass: false });
    else notMeasured(label, target, 'bench:scale 没有给出');
  }
}

// The assessment over about a million rows.
if (args.quick) notMeasured('约 100 万行上的考核评估', '< 1 s', '--quick');
else {
  attempt('约 100 万行上的考核评估', '< 1 s', () => {
    const { result: r, maxRssKb } = step<AssessBenchResult>('assess', { rows: 1000000, runs: RUNS });
    rows.push({ item: `${r.rows.toLocaleString('en-US')} 行上的考核评估（中位数）`, measured: `${sec(r.medianMs)}，进程峰值 ${mb(maxRssKb)}`, target: '< 1 s', pass: r.medianMs < 1000 });
  });
}

// display width: a CJK character takes two columns
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const cols = [Math.max(4, ...rows.map((r) => width(r.item))), Math.max(4, ...rows.map((r) => width(r.measured))), Math.max(4, ...rows.map((r) => width(r.target)))];
console.log(`\n${pad('项目', cols[0]!)}  ${pad('实测', cols[1]!)}  ${pad('目标', cols[2]!)}  结论`);
for (const r of rows) console.log(`${pad(r.item, cols[0]!)}  ${pad(r.measured, cols[1]!)}  ${pad(r.target, cols[2]!)}  ${r.pass === null ? '—' : r.pass ? 'PASS' : 'MISS'}`);
const measured = rows.filter((r) => r.pass !== null);
const unmeasured = rows.filter((r) => r.pass === null && !r.reference).length;
console.log(`\n${measured.filter((r) => r.pass).length} PASS, ${measured.filter((r) => !r.pass).length} MISS, ${unmeasured} 未测`);
