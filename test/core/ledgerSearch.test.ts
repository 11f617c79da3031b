// 台账浏览's search: one row by plate, VIN, company name, credit code or boiler number, across ledgers and months.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { createApi } from '../../main/core/api';
import { searchLedgers } from '../../main/core/ledgers/search';
import { withdrawSubmission } from '../../main/core/db/repos/submissionsRepo';
import { BOILER_HEADERS, MINE_HEADERS, PERMIT_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, permitRows, vehicleRows } from '../fixtures/ledgerRows';
import { fullWidth, xlsx, type Cell } from '../fixtures/workbooks';
import { check, imp, newWorkspace, tableCounts } from '../support/importHarness';
import { tmpDir } from '../support/tmp';
import { UNDO_0010, UNDO_0011 } from '../support/undoMigrations';
import { indexSearchBacklog } from '../../main/core/ledgers/searchBacklog';
import { indexQueued, searchBacklog } from '../../main/core/db/repos/ledgerSearchRepo';
import { openWorkspace as reopen } from '../../main/core/workspace';

const book = (title: string, header: readonly string[], rows: Cell[][]) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...header], rows }] });
const vehicles = (county: string, period: string, rows: Cell[][]) => book(`${county}${period.replace('-', '年')}月老旧车淘汰台账`, VEHICLE_HEADERS, rows);

async function twoMonthsOfReturns() {
  const ws = newWorkspace();
  const sep = vehicleRows({ county: '城区', count: 40, seed: 11, period: '2020-09' });
  const aug = vehicleRows({ county: '城区', count: 30, seed: 12, period: '2020-08' });
  // the same truck, retired in August, is still listed in September
  sep[5] = [...aug[3]!];
  imp(ws, '城区-机动车-2020年8月.xlsx', await vehicles('城区', '2020-08', aug), { unit: '城区', period: '2020-08' });
  imp(ws, '城区-机动车-2020年9月.xlsx', await vehicles('城区', '2020-09', sep), { unit: '城区', period: '2020-09' });
  const boilers = boilerRows({ county: '盂县', count: 25, seed: 13, period: '2020-09' });
  imp(ws, '盂县-锅炉-2020年9月.xlsx', await book('盂县2020年9月燃煤锅炉台账', BOILER_HEADERS, boilers), { unit: '盂县', period: '2020-09' });
  const permits = permitRows({ county: '郊区', count: 20, seed: 14, period: '2020-09' });
  imp(ws, '郊区-排污许可-2020年9月.xlsx', await book('郊区2020年9月排污许可台账', PERMIT_HEADERS, permits), { unit: '郊区', period: '2020-09' });
  return { ws, sep, aug, boilers, permits };
}

describe('searching the ledgers', () => {
  it('finds a plate in every month it was reported, newest first, and says where each row came from', async () => {
    const { ws, aug } = await twoMonthsOfReturns();
    const plate = aug[3]![1] as string;
    const found = searchLedgers(ws.db, plate);
    expect(found.rows.map((r) => [r.kind, r.period, r.values.plate, r.version.state])).toEqual([
      ['vehicle', '2020-09', plate, 'current'],
      ['vehicle', '2020-08', plate, 'current'],
    ]);
    expect(found.rows[0]!.file).toBe('城区-机动车-2020年9月.xlsx');
    expect(found.rows[0]!.rowNo).toBeGreaterThan(1);
  });

  it('finds a VIN typed in lower case, a plate typed in full width with a space, and the last digits of a plate', async () => {
    const { ws, sep } = await twoMonthsOfReturns();
    const row = sep[20]!;
    const [plate, vin] = [row[1] as string, row[2] as string];
    expect(searchLedgers(ws.db, vin.toLowerCase()).rows.map((r) => r.values.vin)).toEqual([vin]);
    expect(searchLedgers(ws.db, fullWidth(`${plate.slice(0, 2)} ${plate.slice(2)}`)).rows.map((r) => r.values.plate)).toContain(plate);
    expect(searchLedgers(ws.db, vin.slice(-6)).rows.map((r) => r.values.vin)).toContain(vin);
  });

  it('finds a company by part of its name, its credit code, or a boiler number, in the boiler and permit ledgers', async () => {
    const { ws, boilers, permits } = await twoMonthsOfReturns();
    const boiler = boilers[7]!;
    const name = boiler[1] as string;
    const part = name.replace(/^阳泉市/u, '').slice(0, 4);
    const byName = searchLedgers(ws.db, part);
    expect(byName.rows.length).toBeGreaterThan(0);
    expect(byName.rows.every((r) => String(r.values.orgName).includes(part))).toBe(true);
    expect(searchLedgers(ws.db, boiler[2] as string).rows.some((r) => r.kind === 'boiler' && r.values.uscc === boiler[2])).toBe(true);
    expect(searchLedgers(ws.db, boiler[3] as string).rows.map((r) => r.values.boilerNo)).toContain(boiler[3]);
    const permit = permits[4]!;
    expect(searchLedgers(ws.db, permit[2] as string).rows.map((r) => [r.kind, r.unit])).toContainEqual(['permit', '郊区']);
  });

  it('answers a two-character query from the stored texts, page by page, without pretending to count them all', async () => {
    const { ws } = await twoMonthsOfReturns();
    const found = searchLedgers(ws.db, '晋C', { limit: 10 });
    expect(found.rows).toHaveLength(10);
    expect(found.capped).toBe(true);
    expect(found.rows.every((r) => String(r.values.plate).toUpperCase().includes('晋C'))).toBe(true);
    expect(searchLedgers(ws.db, '  ').rows).toEqual([]);
  });

  it('shows the current version only, unless old versions are asked for; each row names its submission and version', async () => {
    const { ws, sep } = await twoMonthsOfReturns();
    const plate = sep[9]![1] as string;
    const fixed = sep.map((r) => [...r]);
    fixed[9]![10] = 12000;
    const correction = imp(ws, '城区-机动车-2020年9月（更正）.xlsx', await vehicles('城区', '2020-09', fixed), { unit: '城区', period: '2020-09' });
    const now = searchLedgers(ws.db, plate);
    expect(now.rows.map((r) => [r.submissionId, r.version.no, r.version.state])).toEqual([[correction.id, 2, 'current']]);
    const all = searchLedgers(ws.db, plate, { allVersions: true });
    expect(all.rows.map((r) => [r.file, r.version.no, r.version.state, r.version.supersededById])).toEqual([
      ['城区-机动车-2020年9月（更正）.xlsx', 2, 'current', null],
      ['城区-机动车-2020年9月.xlsx', 1, 'superseded', correction.id],
    ]);
    // withdrawn, the correction stops counting and the first file's row is current again
    withdrawSubmission(ws.db, correction.id!, '测试分析员', '2020-10-09T02:00:00.000Z', '误导入');
    expect(searchLedgers(ws.db, plate).rows.map((r) => [r.file, r.version.state])).toEqual([['城区-机动车-2020年9月.xlsx', 'current']]);
    expect(searchLedgers(ws.db, plate, { allVersions: true }).rows.map((r) => r.version.state)).toEqual(['withdrawn', 'current']);
  });

  it('indexes a file with its rows or not at all: a refused file leaves the index as it was', async () => {
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const rows = vehicleRows({ county: '城区', count: 5, seed: 21, period: '2020-09' });
    const bytes = await vehicles('城区', '2020-09', rows);
    // the write fails after the rows and their place on the index's list went in (as a full disk would)
    ws.db.exec(`CREATE TEMP TRIGGER fail_coverage BEFORE INSERT ON main.submission_units BEGIN SELECT RAISE(ABORT, '磁盘已满'); END`);
    expect(() => imp(ws, '城区-机动车-2020年9月.xlsx', bytes, { unit: '城区', period: '2020-09' })).toThrow(/磁盘已满/);
    expect(tableCounts(ws)).toEqual(before);
    expect(searchLedgers(ws.db, rows[0]![2] as string).rows).toEqual([]);
    ws.db.exec('DROP TRIGGER fail_coverage');
    imp(ws, '城区-机动车-2020年9月.xlsx', bytes, { unit: '城区', period: '2020-09' });
    expect(searchLedgers(ws.db, rows[0]![2] as string).rows).toHaveLength(1);
  });

  it('finds a refused row too, by what was written in it', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '郊区', count: 10, seed: 24, period: '2020-09' });
    rows[3]![2] = 'LFV2A21K0X3';
    const r = imp(ws, '郊区-机动车-2020年9月.xlsx', await vehicles('郊区', '2020-09', rows), { unit: '郊区', period: '2020-09' });
    expect(r.rows.rejected).toBe(1);
    const found = searchLedgers(ws.db, 'LFV2A21K0X3');
    expect(found.rows.map((x) => [x.status, x.values.vin ?? x.raw?.vin])).toEqual([['rejected', 'LFV2A21K0X3']]);
  });

  it('the API takes the query as typed, spaces around it included', async () => {
    const { ws, sep } = await twoMonthsOfReturns();
    const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });
    const page = await api['ledgers.search']({ query: ` ${sep[2]![2] as string} `, limit: 50 });
    expect(page.rows.map((r) => r.kind)).toEqual(['vehicle']);
  });
});

describe('rows reach the search index after their import, never missed by a search', () => {
  const indexed = (ws: { db: ReturnType<typeof newWorkspace>['db'] }) => (ws.db.prepare('SELECT COUNT(*) AS n FROM ledger_search').get() as { n: number }).n;

  it('an import lists its file for the index instead of indexing in its transaction; a search reads the listed rows and writes nothing', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '平定县', count: 30, seed: 41, period: '2020-09' });
    const r = imp(ws, '平定县-机动车-2020年9月.xlsx', await vehicles('平定县', '2020-09', rows), { unit: '平定县', period: '2020-09' });
    expect(searchBacklog(ws.db)).toEqual([r.id]);
    expect(indexed(ws)).toBe(0);
    // a check (dry run) lists nothing
    check(ws, '平定县-机动车-2020年9月.xlsx', await vehicles('平定县', '2020-09', rows), { unit: '平定县', period: '2020-09' });
    expect(searchBacklog(ws.db)).toHaveLength(1);
    const before = searchLedgers(ws.db, rows[17]![2] as string);
    expect(before.rows.map((x) => [x.unit, x.values.vin])).toEqual([['平定县', rows[17]![2]]]);
    // read only: it did not wait for, or take, the write lock an import may hold
    expect(searchBacklog(ws.db)).toEqual([r.id]);
    expect(indexed(ws)).toBe(0);
    expect(indexSearchBacklog(ws.db)).toBe(1);
    expect(indexed(ws)).toBe(30);
    expect(searchLedgers(ws.db, rows[17]![2] as string)).toEqual(before);
  });

  it('finds the same rows, in the same order and count, whether they are indexed, half indexed or not yet indexed', async () => {
    const { ws, sep, aug, boilers, permits } = await twoMonthsOfReturns();
    // a correction of September replaces the first file's rows: old versions are told apart as before
    const corrected = sep.map((row) => [...row]);
    corrected[8]![1] = '晋C9Z999';
    imp(ws, '城区-机动车-2020年9月（更正）.xlsx', await vehicles('城区', '2020-09', corrected), { unit: '城区', period: '2020-09' });
    const queries = [sep[2]![2] as string, (sep[5]![1] as string).slice(-4), '晋C', 'C9Z', boilers[3]![1] as string, (permits[2]![2] as string).slice(0, 6), aug[0]![7] as string, '阳泉'];
    const all = (limit: number) =>
      queries.flatMap((q) => [false, true].map((allVersions) => ({ q, allVersions, page: searchLedgers(ws.db, q, { allVersions, limit }) })));
    const pending = all(5).concat(all(200));
    expect(searchBacklog(ws.db).length).toBeGreaterThan(3);
    expect(pending.some((p) => p.page.rows.length > 0 && p.page.total > 5)).toBe(true);
    // half: the first file in parts of 7 rows, two parts done
    const [first] = searchBacklog(ws.db);
    indexQueued(ws.db, first!, 7);
    indexQueued(ws.db, first!, 7);
    expect(all(5).concat(all(200))).toEqual(pending);
    indexSearchBacklog(ws.db);
    expect(searchBacklog(ws.db)).toEqual([]);
    expect(all(5).concat(all(200))).toEqual(pending);
  });

  it('a large file is indexed in parts, each its own transaction, and every row is in the index exactly once', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '郊区', count: 45, seed: 42, period: '2020-09' });
    const r = imp(ws, '郊区-机动车-2020年9月.xlsx', await vehicles('郊区', '2020-09', rows), { unit: '郊区', period: '2020-09' });
    const through = () => (ws.db.prepare('SELECT indexed_through AS t FROM search_backlog').get() as { t: number } | undefined)?.t;
    const parts: number[] = [];
    for (let n = indexQueued(ws.db, r.id!, 20); n > 0; n = indexQueued(ws.db, r.id!, 20)) parts.push(n);
    expect(parts).toEqual([20, 20, 5]);
    expect(through()).toBeUndefined();
    expect(indexed(ws)).toBe(45);
    // the last row of each part and the first of the next are both found
    for (const i of [19, 20, 39, 40, 44]) expect(searchLedgers(ws.db, rows[i]![2] as string).rows).toHaveLength(1);
  });

  it('two connections bringing the index up to date at once (the app’s import worker and browser mode’s) never index a row twice', async () => {
    const ws = newWorkspace();
    const a = vehicleRows({ county: '城区', count: 25, seed: 43, period: '2020-09' });
    const b = vehicleRows({ county: '矿区', count: 15, seed: 44, period: '2020-09' });
    const ra = imp(ws, '城区-机动车-2020年9月.xlsx', await vehicles('城区', '2020-09', a), { unit: '城区', period: '2020-09' });
    imp(ws, '矿区-机动车-2020年9月.xlsx', await vehicles('矿区', '2020-09', b), { unit: '矿区', period: '2020-09' });
    const other = reopen(ws.file);
    try {
      // the other connection is part-way through the first file when this one takes over
      expect(indexQueued(other.db, ra.id!, 10)).toBe(10);
      expect(indexSearchBacklog(ws.db)).toBe(2);
      expect(indexQueued(other.db, ra.id!, 10)).toBe(0);
      expect(indexSearchBacklog(other.db)).toBe(0);
    } finally {
      other.db.close();
    }
    expect(indexed(ws)).toBe(40);
    expect(ws.db.prepare('SELECT COUNT(DISTINCT rowid) AS n FROM ledger_search').get()).toEqual({ n: 40 });
  });
});

describe('migration 0009 builds the index for rows imported before it', () => {
  it('finds rows of a workspace last opened by the previous version', async () => {
    const file = path.join(tmpDir(), 'old.sqlite');
    const ws = openWorkspace(file, { create: true });
    const rows = vehicleRows({ county: '矿区', count: 12, seed: 31, period: '2020-09' });
    rows[6]![1] = '晋Z';
    imp(ws, '矿区-机动车-2020年9月.xlsx', await vehicles('矿区', '2020-09', rows), { unit: '矿区', period: '2020-09' });
    imp(ws, '矿区-锅炉-2020年9月.xlsx', await book('矿区2020年9月锅炉台账', BOILER_HEADERS, boilerRows({ county: '矿区', count: 9, seed: 32, period: '2020-09' })), { unit: '矿区', period: '2020-09' });
    imp(ws, '矿区-排污许可-2020年9月.xlsx', await book('矿区2020年9月排污许可台账', PERMIT_HEADERS, permitRows({ county: '矿区', count: 7, seed: 33, period: '2020-09' })), { unit: '矿区', period: '2020-09' });
    imp(ws, '矿区-矿山-2020年9月.xlsx', await book('矿区2020年9月露天矿山台账', MINE_HEADERS, mineRows({ county: '矿区', count: 8, seed: 34, period: '2020-09' })), { unit: '矿区', period: '2020-09' });
    const index = (db: typeof ws.db) => db.prepare('SELECT rowid, text FROM ledger_search ORDER BY rowid').all();
    indexSearchBacklog(ws.db);
    const written = index(ws.db);
    expect(written.length).toBe(12 + 9 + 7 + 8);
    ws.db.exec(`${UNDO_0011} ${UNDO_0010} DROP TABLE ledger_search; PRAGMA user_version = 8;`);
    ws.db.close();
    const again = openWorkspace(file);
    expect(again.migration).toMatchObject({ from: 8 });
    // the migration indexes exactly what indexing after an import does
    expect(index(again.db)).toEqual(written);
    expect(searchLedgers(again.db, rows[4]![1] as string).rows.map((r) => r.unit)).toEqual(['矿区']);
    again.db.close();
  });
});
