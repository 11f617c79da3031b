// One step of `npm run bench`, in its own process so its peak RSS is its own:
//   node --import tsx test/bench/benchStep.ts <step> '<json options>'
// The step's own messages go to stderr; stdout carries one line, `BENCH_RESULT {...}`, with the result and the peak RSS.
import { runAppImportBench } from './appImportBench';
import { runAssessBench } from './assessBench';
import { runImportBench } from './importBench';
import { runReportsBench } from './reportsBench';

const steps: Record<string, (opts: Record<string, unknown>) => Promise<unknown>> = {
  appImport: (o) => runAppImportBench((o.month as string | undefined) ?? '2020-09'),
  reports: (o) => runReportsBench({ runs: Number(o.runs ?? 3) }),
  import: (o) => runImportBench({ rows: Number(o.rows ?? 100000), runs: Number(o.runs ?? 1), pandas: o.pandas !== false }),
  assess: (o) => runAssessBench({ rows: Number(o.rows ?? 1000000), runs: Number(o.runs ?? 3) }),
};

const [name, json] = process.argv.slice(2);
const step = name ? steps[name] : undefined;
if (!step) throw new Error(`usage: benchStep.ts ${Object.keys(steps).join('|')} [json options]`);
// progress (console.log and partial lines alike) goes to stderr, so stdout holds nothing but the result line
const writeResult = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const result = await step(json ? (JSON.parse(json) as Record<string, unknown>) : {});
writeResult(`BENCH_RESULT ${JSON.stringify({ result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
