// `npm run bench:search` — not part of `npm test`.
// Fills a workspace with about 1,000,000 ledger rows (6 counties × 12 months of vehicle, boiler and permit ledgers,
// with a correction for each county's last vehicle return), through the importer's own insert and index functions,
// then times searches of the kinds people make in 台账浏览. Prints the median of several runs per query.
//   --rows N   total rows, roughly (default 1000000)
//   --runs N   runs per query (default 5)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from '../../main/core/workspace';
import { writeTransaction, type Db } from '../../main/core/db/connection';
import { insertCoverage, insertFile, insertSubmission, refreshCurrent } from '../../main/core/db/repos/submissionsRepo';
import { insertRows, type RowWrite } from '../../main/core/db/repos/ledgerRowsRepo';
import { indexRowsForSearch } from '../../main/core/db/repos/ledgerSearchRepo';
import { searchLedgers } from '../../main/core/ledgers/search';
import { unitIdsByName } from '../../main/core/db/repos/unitsRepo';
import type { LedgerKind } from '../../shared/models';
import { COUNTIES, boilerRows, permitRows, vehicleRows } from '../fixtures/ledgerRows';
import type { Cell } from '../fixtures/workbooks';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'test-output', 'bench');
const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const TOTAL = Number(args.rows);
const RUNS = Math.max(1, Number(args.runs));
const MONTHS = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`);

const text = (c: Cell | undefined) => (c === null || c === undefined ? null : c instanceof Date ? c.toISOString().slice(0, 10) : String(c));
const num = (c: Cell | undefined) => (typeof c === 'number' ? c : null);

/** The fixtures' cells as the importer would store them (the bench times writing and searching, not parsing). */
const toValues: Record<'vehicle' | 'boiler' | 'permit', (r: Cell[]) => RowWrite['values']> = {
  vehicle: (r) => ({ plate: text(r[1]), vin: text(r[2]), vehicleType: text(r[3]), fuel: text(r[4]), standard: text(r[5]), usage: text(r[6]), owner: text(r[7]), method: text(r[8]), retiredOn: text(r[9]), subsidy: num(r[10]) }),
  boiler: (r) => ({ orgName: text(r[1]), uscc: text(r[2]), boilerNo: text(r[3]), fuel: text(r[4]), capacity: num(r[5]), use: text(r[6]), status: text(r[7]) }),
  permit: (r) => ({ orgName: text(r[1]), uscc: text(r[2]), industry: text(r[3]), mgmtClass: text(r[4]), permitNo: text(r[5]), status: text(r[8]) }),
};

let fileSeq = 0;
let indexMs = 0;
let indexedRows = 0;

function writeReturn(db: Db, kind: 'vehicle' | 'boiler' | 'permit', county: string, period: string, rows: Cell[][], replaces: number | null): number {
  const units = unitIdsByName(db);
  const unitId = units.get(county)!;
  return writeTransaction(db, () => {
    const fileId = insertFile(db, `bench-${++fileSeq}`.padEnd(64, '0'), new Uint8Array([fileSeq & 255]));
    const at = `${period}-28T02:00:00.000Z`;
    const id = insertSubmission(db, {
      fileId,
      fileName: `${county}-${kind}-${period}${replaces ? '（更正）' : ''}.xlsx`,
      format: 'xlsx',
      kind,
      submitterId: unitId,
      period,
      supersedesId: replaces,
      importedBy: 'bench',
      importedAt: at,
      counts: { total: rows.length, accepted: rows.length, warned: 0, rejected: 0 },
      detection: {},
    } as Parameters<typeof insertSubmission>[1]);
    insertRows(db, kind as LedgerKind, id, rows.map((r, i) => ({ sheet: 'Sheet1', rowNo: i + 4, status: 'ok' as const, unitId, values: toValues[kind](r), raw: null })));
    const t0 = performance.now();
    indexRowsForSearch(db, kind, id);
    indexMs += performance.now() - t0;
    indexedRows += rows.length;
    insertCoverage(db, { id, submitterId: unitId, kind, period, at }, [{ unitId, rows: rows.length, rejected: 0, replacesId: replaces }]);
    refreshCurrent(db, unitId, kind, period);
    return id;
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `search-${TOTAL}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const ws = openWorkspace(file, { create: true });
  const db = ws.db;
  // per county and month: 70 % vehicles, 15 % boilers, 15 % permits
  const per = TOTAL / (COUNTIES.length * MONTHS.length + COUNTIES.length * 0.7);
  const t0 = performance.now();
  const samples: { plate: string; vin: string; org: string; uscc: string; boilerNo: string }[] = [];
  COUNTIES.forEach((county, ci) => {
    MONTHS.forEach((period, mi) => {
      const seed = ci * 100 + mi;
      const v = vehicleRows({ county, count: Math.round(per * 0.7), seed, period });
      const b = boilerRows({ county, count: Math.round(per * 0.15), seed, period });
      const p = permitRows({ county, count: Math.round(per * 0.15), seed, period });
      const first = writeReturn(db, 'vehicle', county, period, v, null);
      writeReturn(db, 'boiler', county, period, b, null);
      writeReturn(db, 'permit', county, period, p, null);
      if (mi === MONTHS.length - 1) writeReturn(db, 'vehicle', county, period, v, first);
      if (mi === 5) samples.push({ plate: text(v[17]![1])!, vin: text(v[17]![2])!, org: text(b[3]![1])!, uscc: text(p[9]![2])!, boilerNo: text(b[4]![3])! });
    });
    process.stdout.write(`  ${county} written (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  });
  const rows = (['vehicle_rows', 'boiler_rows', 'permit_rows'] as const).reduce((n, t) => n + (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n, 0);
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`\n${rows.toLocaleString('en')} rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
    `index maintenance ${(indexMs / 1000).toFixed(1)} s in total = ${((indexMs / indexedRows) * 100_000).toFixed(0)} ms per 100,000 rows; ` +
    `workspace ${(fs.statSync(file).size / 1048576).toFixed(0)} MB`);
  const ftsPages = (db.prepare(`SELECT SUM(pgsize) AS b FROM dbstat WHERE name LIKE 'ledger_search%'`).get() as { b: number | null } | undefined)?.b;
  if (ftsPages) console.log(`search index: ${(ftsPages / 1048576).toFixed(0)} MB`);

  const s = samples[2]!;
  const orgPart = s.org.replace(/^阳泉市/u, '').slice(0, 4);
  const queries: [string, string][] = [
    ['full plate', s.plate],
    ['plate without 晋', s.plate.slice(1)],
    ['full VIN', s.vin],
    ['last 6 of a VIN', s.vin.slice(-6)],
    ['4 characters of a company name', orgPart],
    ['credit code', s.uscc],
    ['boiler number', s.boilerNo],
    ['common words 有限公司', '有限公司'],
    ['2 characters 晋C (scan, many hits)', '晋C'],
    ['2 characters, no hit (full scan)', '丑丑'],
    ['no hit, 8 characters', '不存在的单位名称'],
  ];
  console.log(`\n| query | text | current only: ms (hits) | all versions: ms (hits) |\n|---|---|---|---|`);
  for (const [label, q] of queries) {
    const cells = [false, true].map((allVersions) => {
      const times: number[] = [];
      let hits = '';
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const page = searchLedgers(db, q, { allVersions, limit: 200 });
        times.push(performance.now() - t);
        hits = `${page.rows.length}${page.capped ? `, ${page.total === 200 ? 'not counted' : `≥${page.total}`}` : `/${page.total}`}`;
      }
      return `${median(times).toFixed(1)} (${hits})`;
    });
    console.log(`| ${label} | ${q} | ${cells[0]} | ${cells[1]} |`);
  }
  // what opening an existing workspace of this size costs once: migration 0009 builds the index from its rows
  const migration = fs.readFileSync(path.join(root, 'main', 'core', 'db', 'migrations', '0009_ledger_search.sql'), 'utf8');
  db.exec('DROP TABLE ledger_search');
  const tm = performance.now();
  writeTransaction(db, () => db.exec(migration));
  console.log(`
migration 0009 on ${rows.toLocaleString('en')} rows: ${((performance.now() - tm) / 1000).toFixed(1)} s`);
  db.close();
}

main();
