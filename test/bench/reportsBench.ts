// `npx tsx test/bench/reportsBench.ts [--runs N]` — not part of `npm test`.
// Issue 11 item 3: the demo's September briefing, a 约谈 dossier as .docx and as PDF, issued as the app issues them —
// through one warm report worker (started with warm(), as the hosts do) and, for the PDF, the Chromium of browser
// mode. A first round warms up and is not counted; then the median of `runs` rounds. Targets: ≤ 2 s, ≤ 1 s, ≤ 3 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApi } from '../../main/core/api';
import { createDemoWorkspace } from '../../main/core/demo';
import { createWorkerBuilder } from '../../main/core/jobs/reportBuilder';
import { chromiumPath, createPdfPrinter } from '../../main/cli/pdf/chromiumPdf';

export interface ReportsBenchResult {
  runs: number;
  briefingMs: number;
  docxMs: number;
  /** null when there is no Chromium to print with. */
  pdfMs: number | null;
  /** Every timed round, in order: [briefing, docx, pdf]. */
  rounds: [number, number, number | null][];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runReportsBench(opts: { runs: number } = { runs: 3 }): Promise<ReportsBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-bench-reports-'));
  const builder = createWorkerBuilder();
  // as the hosts do: the worker starts (libraries and chart fonts) while the workspace opens
  builder.warm();
  // as browser mode does: one Chromium kept open and warmed with the dossier's fonts
  const printer = createPdfPrinter();
  if (chromiumPath() !== null) await printer.warm();
  const ws = createDemoWorkspace(path.join(dir, 'demo.sqlite'), undefined, { assessments: true });
  const canPrint = chromiumPath() !== null;
  try {
    const api = createApi({
      db: ws.db,
      file: ws.file,
      clock: { now: () => new Date('2020-10-12T02:00:00Z') },
      user: '市大气办分析员',
      reportBuilder: builder,
      pdf: (html) => printer.print(html),
    });
    // a dossier follows a decision: September's 约谈 and 挂牌督办 proposals for 平定县 are confirmed
    const september = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    for (const p of (await api['assess.open']({ runId: september.id })).proposals) {
      if (p.unit === '平定县' && p.level !== 'warning' && p.state === 'pending') await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '经领导组办公室研究，按建议处理' });
    }
    const time = async (issue: () => unknown) => {
      const t = performance.now();
      await issue();
      return performance.now() - t;
    };
    const round = async (): Promise<[number, number, number | null]> => [
      await time(() => api['reports.monthly']({ month: '2020-09', issuedOn: '2020-10-12' })),
      await time(() => api['reports.dossier']({ unit: '平定县', month: '2020-09', format: 'docx', issuedOn: '2020-10-12' })),
      canPrint ? await time(() => api['reports.dossier']({ unit: '平定县', month: '2020-09', format: 'pdf', issuedOn: '2020-10-12' })) : null,
    ];
    const warmUp = await round();
    console.log(`warm-up round (not counted): briefing ${(warmUp[0] / 1000).toFixed(2)} s, docx ${(warmUp[1] / 1000).toFixed(2)} s, PDF ${warmUp[2] === null ? '—' : `${(warmUp[2] / 1000).toFixed(2)} s`}`);
    const rounds: [number, number, number | null][] = [];
    for (let i = 0; i < Math.max(1, opts.runs); i++) rounds.push(await round());
    return {
      runs: rounds.length,
      briefingMs: median(rounds.map((r) => r[0])),
      docxMs: median(rounds.map((r) => r[1])),
      pdfMs: canPrint ? median(rounds.map((r) => r[2]!)) : null,
      rounds,
    };
  } finally {
    await builder.close();
    await printer.close();
    ws.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const r = await runReportsBench({ runs: Number(args.runs) });
  const s = (ms: number | null) => (ms === null ? 'not measured (no Chromium)' : `${(ms / 1000).toFixed(2)} s`);
  console.log(`median of ${r.runs} warm round(s): briefing ${s(r.briefingMs)} (≤ 2 s), dossier .docx ${s(r.docxMs)} (≤ 1 s), dossier PDF ${s(r.pdfMs)} (≤ 3 s)`);
}
