// `npm run bench:assess` — not part of `npm test`.
// Builds a workspace with about 1,000,000 ledger rows over twelve months (six counties, every ledger kind,
// inserted straight into the tables: this measures the assessment, not the importer), then times one full
// assessment with ranking, return status and escalation proposals, and prints the plan of its heaviest query.
//   --rows N    approximate number of ledger rows (default 1000000)
//   --runs N    assessments to time (median reported, default 3)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from '../../main/core/workspace';
import { createApi } from '../../main/core/api';
import { LEDGER_COLUMNS } from '../../main/core/db/repos/ledgerRowsRepo';
import { countedRows, submissionSet } from '../../main/core/db/repos/ledgerTotalsRepo';
import type { LedgerKind } from '../../shared/models';

const COUNTIES = ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'];
const MONTHS = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`);
// share of each county-month's rows per ledger: vehicles dominate, as they do in real returns
const SHARE: Record<'mine' | 'boiler' | 'vehicle' | 'permit', number> = { mine: 0.04, boiler: 0.16, vehicle: 0.64, permit: 0.16 };

export interface AssessBenchResult {
  rows: number;
  months: number;
  counties: number;
  buildMs: number;
  medianMs: number;
  times: number[];
  results: number;
  ranked: number;
  returns: number;
  proposals: number;
  /** EXPLAIN QUERY PLAN of the heaviest query (vehicle totals of the latest month). */
  plan: string[];
}

/** Builds the workspace of about `rows` ledger rows and times `runs` full assessments (median reported). */
export async function runAssessBench(opts: { rows: number; runs: number }): Promise<AssessBenchResult> {
  const TARGET_ROWS = opts.rows;
  const RUNS = Math.max(1, opts.runs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-bench-assess-'));
  const ws = openWorkspace(path.join(dir, 'bench.sqlite'), { create: true });
  const db = ws.db;
  const unitId = new Map((db.prepare('SELECT id, name FROM units').all() as { id: number; name: string }[]).map((r) => [r.name, r.id]));

  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

  const perCountyMonth = Math.round(TARGET_ROWS / (COUNTIES.length * MONTHS.length));
  const t0 = performance.now();
  const fileId = Number(db.prepare('INSERT INTO files (sha256, size, bytes) VALUES (?, 0, ?)').run('bench', Buffer.alloc(0)).lastInsertRowid);
  const insertSubmission = db.prepare(
    `INSERT INTO submissions (file_id, file_name, format, kind, submitter_id, period, status, imported_by, imported_at, rows_total, rows_accepted, rows_warned, rows_rejected, detection)
     VALUES (?, ?, 'xlsx', ?, ?, ?, 'current', 'bench', ?, ?, ?, 0, 0, '{}')`,
  );
  // which units each submission covers: here each county's own files, current
  const insertCoverage = db.prepare(
    `INSERT INTO submission_units (submission_id, unit_id, submitter_id, kind, period, rows_total, rows_rejected, status) VALUES (?, ?, ?, ?, ?, ?, 0, 'current')`,
  );
  const cover = (sid: number, uid: number, kind: LedgerKind, month: string, n: number) => insertCoverage.run(sid, uid, uid, kind, month, n);
  db.transaction(() => {
    for (const month of MONTHS) {
      const importedAt = `${month}-28T01:00:00.000Z`;
      for (const county of COUNTIES) {
        const uid = unitId.get(county)!;
        for (const kind of ['mine', 'boiler', 'vehicle', 'permit'] as const) {
          const n = Math.round(perCountyMonth * SHARE[kind]);
          const sid = Number(insertSubmission.run(fileId, `${county}-${kind}-${month}.xlsx`, kind, uid, month, importedAt, n, n).lastInsertRowid);
          cover(sid, uid, kind, month, n);
          const spec = LEDGER_COLUMNS[kind];
          const cols = ['submission_id', 'sheet', 'row_no', 'row_status', 'unit_id', ...spec.columns.map((c) => c.column)];
          const stmt = db.prepare(`INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
          for (let i = 0; i < n; i++) {
            const common = [sid, 'Sheet1', i + 3, rnd() < 0.02 ? 'rejected' : 'ok', uid];
            let values: (string | number | null)[];
            if (kind === 'mine') {
              const area = Math.round(rnd() * 500);
              values = [`${county}矿山${i}`, `${county}矿山${i}`, '石灰岩', rnd() < 0.2 ? 1 : 0, pick(['在产', '停产', '已关闭', '废弃']), rnd() < 0.3 ? 1 : 0, '2020-05-01', area, Math.round(area * rnd()), null, null, null];
            } else if (kind === 'boiler') {
              const no = `1114${uid}${String(i).padStart(8, '0')}`;
              values = [`${county}单位${i}`, null, no, no, pick(['燃煤', '燃气', '燃气', '电']), Math.round(rnd() * 40), '供暖', pick(['在用', '在用', '已淘汰', '已拆除']), null, rnd() < 0.7 ? 1 : 0, null, 30, null];
            } else if (kind === 'vehicle') {
              values = [`晋C${uid}${String(i).padStart(5, '0')}`, null, pick(['重型货车', '中型货车', '轻型货车']), '柴油', pick(['国二', '国三', '国三', '国四']), pick(['营运', '营运', '非营运']), '某运输公司', '报废', `${month}-15`, 30000, null];
            } else {
              values = [`${county}企业${i}`, `91140${uid}${String(i).padStart(11, '0')}`.slice(0, 18), '热力生产和供应', '简化管理', null, '2020-03-01', '2025-02-28', pick(['已发证', '已登记', '未发证']), null];
            }
            stmt.run([...common, ...values]);
          }
        }
        // indicator and milestone returns: small, one a month
        const ind = Number(insertSubmission.run(fileId, `${county}-指标-${month}.xlsx`, 'indicator', uid, month, importedAt, 3, 3).lastInsertRowid);
        cover(ind, uid, 'indicator', month, 3);
        const insInd = db.prepare(`INSERT INTO indicator_rows (submission_id, sheet, row_no, row_status, unit_id, indicator, month, value, measure) VALUES (?, 'S', ?, 'ok', ?, ?, ?, ?, ?)`);
        insInd.run(ind, 3, uid, 'T17-dustfall', month, 5 + rnd() * 6, '吨/月·平方公里');
        insInd.run(ind, 4, uid, 'T08-coal-sampling-monthly', month, 10 + rnd() * 20, '%');
        insInd.run(ind, 5, uid, 'G4-so2-annual', month, 10 + rnd() * 20, 'μg/m³');
        const ms = Number(insertSubmission.run(fileId, `${county}-销号-${month}.xlsx`, 'milestone', uid, month, importedAt, 2, 2).lastInsertRowid);
        cover(ms, uid, 'milestone', month, 2);
        const insMs = db.prepare(`INSERT INTO milestone_rows (submission_id, sheet, row_no, row_status, unit_id, task_no, progress, done_on) VALUES (?, 'S', ?, 'ok', ?, ?, ?, ?)`);
        insMs.run(ms, 3, uid, 'T21-list-revision', pick(['推进中', '已完成']), '2020-08-20');
        insMs.run(ms, 4, uid, 'T14-mine-ledger', '已完成', '2020-04-01');
      }
    }
  })();
  db.exec('ANALYZE');
  const buildMs = performance.now() - t0;

  const api = createApi({ db, file: ws.file, clock: { now: () => new Date('2021-01-10T02:00:00Z') }, user: 'bench' });
  const times: number[] = [];
  let result: Awaited<ReturnType<(typeof api)['assess.compute']>> | null = null;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    result = await api['assess.compute']({ asOf: '2020-12-31' });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;

  // the heaviest query: vehicle totals over the latest month's submissions, with the rule of which rows count
  const ids = submissionSet(db, '2020-12');
  const heaviest = (kind: LedgerKind) =>
    db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT u.id, COUNT(*) FROM ${LEDGER_COLUMNS[kind].table} r JOIN units u ON u.id = r.unit_id
         WHERE r.submission_id IN (SELECT value FROM json_each(@ids)) AND ${countedRows('@ids')}
           AND r.row_status != 'rejected' GROUP BY u.id`,
      )
      .all({ ids: JSON.stringify(ids[kind]) }) as { detail: string }[];

  const total = (db.prepare(`SELECT (SELECT COUNT(*) FROM mine_rows) + (SELECT COUNT(*) FROM boiler_rows) + (SELECT COUNT(*) FROM vehicle_rows) + (SELECT COUNT(*) FROM permit_rows) + (SELECT COUNT(*) FROM indicator_rows) + (SELECT COUNT(*) FROM milestone_rows) AS n`).get() as { n: number }).n;
  const plan = heaviest('vehicle').map((r) => r.detail);
  ws.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    rows: total,
    months: MONTHS.length,
    counties: COUNTIES.length,
    buildMs,
    medianMs: median,
    times,
    results: result!.results.length,
    ranked: result!.ranking.length,
    returns: result!.submissions.length,
    proposals: result!.proposals.length,
    plan,
  };
}

// run directly (`npm run bench:assess`): parse the flags, measure, print; `npm run bench` calls runAssessBench
if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
  const r = await runAssessBench({ rows: Number(args.rows), runs: Number(args.runs) });
  console.log(`workspace: ${r.rows.toLocaleString('en-US')} ledger rows over ${r.months} months, ${r.counties} counties (built in ${(r.buildMs / 1000).toFixed(1)} s)`);
  console.log(`assessment at 2020-12-31: ${r.results} results, ${r.ranked} counties ranked, ${r.returns} return statuses, ${r.proposals} proposals`);
  console.log(`time: median ${r.medianMs.toFixed(0)} ms over ${r.times.length} run(s) [${r.times.map((t) => t.toFixed(0)).join(', ')}]   goal < 1000 ms: ${r.medianMs < 1000 ? 'met' : 'NOT met'}`);
  console.log('query plan of the heaviest query (vehicle totals of the latest month):');
  for (const line of r.plan) console.log(`  ${line}`);
}
