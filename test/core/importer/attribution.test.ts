// Whose rows are in a file, as departments really send them: multi-county files that name nobody, one sheet
// per county, corrections that cover some counties only, and files from another city.
import { describe, expect, it } from 'vitest';
import { csv, xls, xlsx, type Cell, type SheetSpec } from '../../fixtures/workbooks';
import { rng } from '../../fixtures/ids';
import {
  BOILER_HEADERS,
  INDICATOR_HEADERS,
  MINE_HEADERS,
  PERMIT_HEADERS,
  VEHICLE_HEADERS,
  boilerRows,
  indicatorRow,
  mineRows,
  permitRows,
  vehicleRows,
} from '../../fixtures/ledgerRows';
import { check, imp, newWorkspace, tableCounts } from '../../support/importHarness';
import { ledgerSummary } from '../../../main/core/ledgers/totals';
import type { ImportResult } from '../../../main/core/importer/importFile';

type Kind = 'mine' | 'boiler' | 'vehicle' | 'permit';
const LEDGER: Record<Kind, { headers: readonly string[]; rows: typeof mineRows; title: string; lead: string }> = {
  mine: { headers: MINE_HEADERS, rows: mineRows, title: '露天矿山台账汇总', lead: '市规划和自然资源局' },
  boiler: { headers: BOILER_HEADERS, rows: boilerRows, title: '锅炉台账汇总', lead: '市生态环境局' },
  vehicle: { headers: VEHICLE_HEADERS, rows: vehicleRows, title: '老旧车辆淘汰台账', lead: '市交通运输局' },
  permit: { headers: PERMIT_HEADERS, rows: permitRows, title: '排污许可台账', lead: '市行政审批服务管理局' },
};
const COUNTY_HEADERS = ['县区', '所在县区', '县（区）', '县(市、区)'];

/** Rows of several counties in one table, as a department compiles them. */
function multiCounty(kind: Kind, counties: string[], seed: number, period = '2020-09'): Cell[][] {
  return counties.flatMap((county, i) => LEDGER[kind].rows({ county, count: 2 + ((seed + i) % 3), seed: seed * 10 + i, period }));
}

const unitsOf = (r: ImportResult) => Object.keys(r.units).sort();
const rowsFor = (rows: Cell[][], county: string) => rows.filter((r) => r[0] === county).length;

describe('a multi-county file that names no submitter', () => {
  // every ledger kind, with its county column spelled as departments spell it, in .xlsx, .xls and .csv
  const shapes = (['mine', 'boiler', 'vehicle', 'permit'] as Kind[]).flatMap((kind, k) =>
    COUNTY_HEADERS.map((countyHeader, h) => ({ kind, countyHeader, seed: k * 7 + h + 1, format: (['xlsx', 'xls', 'csv'] as const)[(k + h) % 3] })),
  );

  it.each(shapes)('$kind with “$countyHeader” ($format): rows go to their counties, the lead department is the submitter', async ({ kind, countyHeader, seed, format }) => {
    const r = rng(seed);
    const counties = ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'].filter(() => r.next() < 0.7).slice(0, 4);
    if (counties.length < 2) counties.push('盂县', '矿区');
    const rows = multiCounty(kind, [...new Set(counties)], seed);
    const headers = [countyHeader, ...LEDGER[kind].headers.slice(1)];
    const spec = { sheets: [{ name: '汇总', titleRows: [`${LEDGER[kind].title}（2020年9月）`], header: headers, rows }] };
    const bytes = format === 'csv' ? csv([headers, ...rows], 'gbk') : format === 'xls' ? xls(spec) : await xlsx(spec);
    const ws = newWorkspace();
    // the CSV has no title: the month comes from the file name
    const name = format === 'csv' ? `${LEDGER[kind].title}-2020年9月.csv` : `${LEDGER[kind].title}.${format}`;
    const checked = check(ws, name, bytes);
    expect(checked).toMatchObject({ status: 'checked', submitter: LEDGER[kind].lead, period: '2020-09', detection: { submitter: { source: 'lead' } } });
    expect(checked.detection!.submitter.text).toContain('牵头单位');
    const imported = imp(ws, name, bytes);
    expect(imported).toMatchObject({ status: 'imported', submitter: LEDGER[kind].lead, detection: { submitter: { source: 'lead' } } });
    const present = [...new Set(rows.map((x) => x[0] as string))];
    expect(unitsOf(imported)).toEqual([...present].sort());
    // check said what import did: the same units, rows and nothing replaced
    expect(checked.coverage).toEqual(imported.coverage);
    for (const c of imported.coverage!) expect(c).toMatchObject({ rows: rowsFor(rows, c.unit), replaces: null });
  });

  it('the analyst can name the submitter, and --unit overrides what was inferred', async () => {
    const rows = multiCounty('vehicle', ['城区', '郊区', '盂县'], 3);
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['老旧车辆淘汰台账', '截至2020年9月底'], header: [...VEHICLE_HEADERS], rows }] });
    const ws = newWorkspace();
    expect(check(ws, '车辆.xlsx', bytes)).toMatchObject({ submitter: '市交通运输局', detection: { submitter: { source: 'lead' } } });
    const r = imp(ws, '车辆.xlsx', bytes, { unit: '市交警支队' });
    expect(r).toMatchObject({ status: 'imported', submitter: '市交警支队', detection: { submitter: { source: 'flag' } } });
    expect(unitsOf(r)).toEqual(['城区', '盂县', '郊区'].sort());
  });

  it('rows of one county alone: that county’s own ledger, unless the title says it is a 汇总 (a department’s compilation)', async () => {
    const rows = mineRows({ county: '郊区', count: 3, seed: 8, period: '2020-09' });
    const make = (title: string) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...MINE_HEADERS], rows }] });
    expect(check(newWorkspace(), '矿山.xlsx', await make('露天矿山台账（2020年9月）'))).toMatchObject({ submitter: '郊区', detection: { submitter: { source: 'rows' } } });
    expect(check(newWorkspace(), '矿山.xlsx', await make('露天矿山台账汇总（2020年9月）'))).toMatchObject({ submitter: '市规划和自然资源局', detection: { submitter: { source: 'lead' } } });
    expect(check(newWorkspace(), '全市露天矿山台账.xlsx', await make('2020年9月'))).toMatchObject({ submitter: '市规划和自然资源局' });
  });

  it('a file that names its department keeps it, whatever the lead', async () => {
    const rows = multiCounty('boiler', ['平定县', '盂县'], 5);
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['2020年9月锅炉台账汇总'], header: [...BOILER_HEADERS], rows, notes: ['填报单位：市市场监督管理局    填报日期：2020年10月5日'] }] });
    expect(check(newWorkspace(), 'x.xlsx', bytes)).toMatchObject({ submitter: '市市场监督管理局', detection: { submitter: { source: 'title' } } });
  });

  it('an indicator return for several units infers the lead of the targets it reports', async () => {
    const rows = [
      indicatorRow('市交通运输局', 'T13-nev-buses', '2020-09', 85, '%'),
      indicatorRow('盂县', 'T13-nev-buses', '2020-09', 70, '%'),
      indicatorRow('平定县', 'T13-nev-taxis', '2020-09', 60, '%'),
    ];
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['新能源车辆指标报送（2020年9月）'], header: [...INDICATOR_HEADERS], rows }] });
    const r = check(newWorkspace(), '指标.xlsx', bytes);
    expect(r).toMatchObject({ status: 'checked', submitter: '市交通运输局', detection: { submitter: { source: 'lead' } } });
  });
});

describe('one sheet per county', () => {
  const sheetNames = [
    ['城区', '矿区', '开发区'],
    ['1.城区', '2.矿区', '3.开发区'],
    ['城区锅炉', '矿区锅炉', '经开区锅炉'],
  ];

  it.each(sheetNames.map((names, i) => ({ names, i })))('sheets $names: each sheet’s rows are its county’s; the 汇总 sheet is checked against them', async ({ names, i }) => {
    const counties = ['城区', '矿区', '开发区'];
    const perCounty = counties.map((county, k) => boilerRows({ county, count: 3 + k, seed: 40 + i * 5 + k, period: '2020-09' }).map((r) => r.slice(1)));
    const headers = BOILER_HEADERS.slice(1) as string[];
    const capacity = headers.indexOf('额定蒸发量（蒸吨/小时）');
    const summary: SheetSpec = {
      name: '汇总',
      titleRows: ['2020年9月锅炉台账汇总'],
      header: ['县区', '锅炉数量', '额定蒸发量（蒸吨/小时）'],
      rows: counties.map((c, k) => [c, perCounty[k]!.length, perCounty[k]!.reduce((s, r) => s + (r[capacity] as number), 0)]),
    };
    // 开发区's total is off by one boiler: that and nothing else is a finding
    summary.rows[2]![1] = (summary.rows[2]![1] as number) + 1;
    const detail = names.map((name, k): SheetSpec => ({ name, titleRows: [`市生态环境局2020年9月锅炉台账`], header: headers, rows: perCounty[k]! }));
    const bytes = await xlsx({ sheets: [summary, ...detail] });
    const ws = newWorkspace();
    const r = imp(ws, '锅炉台账.xlsx', bytes);
    expect(r).toMatchObject({ status: 'imported', submitter: '市生态环境局' });
    expect(r.units).toEqual({
      城区: expect.objectContaining({ accepted: perCounty[0]!.length }),
      矿区: expect.objectContaining({ accepted: perCounty[1]!.length }),
      开发区: expect.objectContaining({ accepted: perCounty[2]!.length }),
    });
    const mismatches = r.findings.filter((f) => f.code === 'total_mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.message).toContain('开发区');
    const summaryNow = ledgerSummary(ws.db, '2020-09-30').units;
    expect(Object.keys(summaryNow).sort()).toEqual(['城区', '开发区', '矿区']);
    expect(summaryNow['市生态环境局']).toBeUndefined();
  });

  it('sheets named Sheet1… whose titles name the county; a row naming another county is flagged', async () => {
    const counties = ['平定县', '盂县'];
    const perCounty = counties.map((county, k) => mineRows({ county, count: 4, seed: 60 + k, period: '2020-09' }));
    // the 县区 column is there but left blank, as a county sheet needs no county; one row says 郊区
    perCounty.forEach((rows) => rows.forEach((row) => (row[0] = null)));
    perCounty[1]![2]![0] = '郊区';
    const bytes = await xlsx({
      sheets: counties.map((county, k): SheetSpec => ({ name: `Sheet${k + 1}`, titleRows: [`${county}露天矿山台账（截至2020年9月底）`], header: [...MINE_HEADERS], rows: perCounty[k]! })),
    });
    const r = imp(newWorkspace(), '矿山.xlsx', bytes);
    expect(r).toMatchObject({ status: 'imported', submitter: '市规划和自然资源局', detection: { submitter: { source: 'lead' } } });
    expect(r.units).toEqual({ 平定县: expect.objectContaining({ accepted: 4 }), 盂县: expect.objectContaining({ accepted: 3 }), 郊区: expect.objectContaining({ accepted: 1 }) });
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'unit_mismatch', sheet: 'Sheet2', row: 5, message: expect.stringContaining('与工作表“Sheet2”所属的盂县不一致') }));
  });
});

describe('a correction replaces only what it covers', () => {
  const boilers = (county: string, seed: number) => boilerRows({ county, count: 3, seed, period: '2020-09' });
  const file = (rows: Cell[][]) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['市生态环境局2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows }] });

  it('a department’s second file for other counties leaves the first file’s counties current', async () => {
    const ws = newWorkspace();
    const first = imp(ws, '第一批.xlsx', await file([...boilers('城区', 1), ...boilers('矿区', 2)]));
    const second = imp(ws, '第二批.xlsx', await file([...boilers('郊区', 3), ...boilers('盂县', 4)]));
    expect(second.supersedes).toBeNull();
    expect(second.coverage!.map((c) => c.replaces)).toEqual([null, null]);
    expect(second.findings.filter((f) => f.code === 'dropped_rows')).toEqual([]);
    const units = ledgerSummary(ws.db, '2020-09-30').units;
    for (const c of ['城区', '矿区', '郊区', '盂县']) expect(units[c]!.boiler.reported).toBe(true);
    const status = ws.db.prepare('SELECT id, status FROM submissions ORDER BY id').all();
    expect(status).toEqual([
      { id: first.id, status: 'current' },
      { id: second.id, status: 'current' },
    ]);
  });

  it('a correction covering only 城区 replaces 城区’s rows and nothing else; check says so first; withdrawing it restores exactly that', async () => {
    const ws = newWorkspace();
    const cityRows = boilers('城区', 11).map((r) => [...r]);
    const first = imp(ws, '全市锅炉.xlsx', await file([...cityRows, ...boilers('矿区', 12), ...boilers('平定县', 13)]));
    const before = ledgerSummary(ws.db, '2020-09-30').units;
    // the correction drops one of 城区's boilers and adds two
    const corrected = [...cityRows.slice(1), ...boilerRows({ county: '城区', count: 2, seed: 99, period: '2020-09' })];
    const bytes = await file(corrected);
    const checked = check(ws, '城区更正.xlsx', bytes);
    expect(checked.coverage).toEqual([{ unit: '城区', rows: 4, rejected: 0, replaces: expect.objectContaining({ id: first.id, file: '全市锅炉.xlsx', rows: 3 }) }]);
    expect(checked.supersedes).toMatchObject({ id: first.id });
    expect(checked.findings).toContainEqual(expect.objectContaining({ code: 'dropped_rows', message: expect.stringContaining('城区少了 1 条记录') }));
    const counts = tableCounts(ws);
    const fix = imp(ws, '城区更正.xlsx', bytes);
    expect(tableCounts(ws).submissions).toBe(counts.submissions! + 1);
    expect(fix.coverage).toEqual(checked.coverage);
    const after = ledgerSummary(ws.db, '2020-09-30').units;
    expect(after['矿区']).toEqual(before['矿区']);
    expect(after['平定县']).toEqual(before['平定县']);
    const cityBoilers = ws.db
      .prepare(`SELECT COUNT(*) AS n FROM boiler_rows r JOIN submission_units c ON c.submission_id = r.submission_id AND c.unit_id = r.unit_id WHERE c.status = 'current' AND r.unit_id = (SELECT id FROM units WHERE name = '城区')`)
      .get() as { n: number };
    expect(cityBoilers.n).toBe(4);
    const coverage = ws.db
      .prepare(`SELECT c.submission_id AS id, u.name AS unit, c.status, c.replaces_id, c.superseded_by_id FROM submission_units c JOIN units u ON u.id = c.unit_id ORDER BY c.submission_id, u.sort_order`)
      .all();
    expect(coverage).toEqual([
      { id: first.id, unit: '城区', status: 'superseded', replaces_id: null, superseded_by_id: fix.id },
      { id: first.id, unit: '矿区', status: 'current', replaces_id: null, superseded_by_id: null },
      { id: first.id, unit: '平定县', status: 'current', replaces_id: null, superseded_by_id: null },
      { id: fix.id, unit: '城区', status: 'current', replaces_id: first.id, superseded_by_id: null },
    ]);

    const { withdrawSubmission } = await import('../../../main/core/db/repos/submissionsRepo');
    withdrawSubmission(ws.db, fix.id!, '测试分析员', '2020-10-09T01:00:00.000Z', '误报');
    expect(ledgerSummary(ws.db, '2020-09-30').units).toEqual(before);
    expect(ws.db.prepare('SELECT status FROM submissions WHERE id = ?').get(first.id)).toEqual({ status: 'current' });
  });

  it('corrections that overlap: each unit follows its newest file; withdrawing the newest restores each unit to what it replaced', async () => {
    const ws = newWorkspace();
    const a = imp(ws, 'a.xlsx', await file([...boilers('城区', 21), ...boilers('矿区', 22)]));
    const b = imp(ws, 'b.xlsx', await file([...boilers('城区', 23)]));
    const c = imp(ws, 'c.xlsx', await file([...boilers('城区', 24), ...boilers('矿区', 25)]));
    expect(c.coverage!.map((x) => [x.unit, x.replaces?.id])).toEqual([
      ['城区', b.id],
      ['矿区', a.id],
    ]);
    expect(ws.db.prepare('SELECT id, status FROM submissions ORDER BY id').all()).toEqual([
      { id: a.id, status: 'superseded' },
      { id: b.id, status: 'superseded' },
      { id: c.id, status: 'current' },
    ]);
    const { withdrawSubmission } = await import('../../../main/core/db/repos/submissionsRepo');
    withdrawSubmission(ws.db, c.id!, '测试分析员', '2020-10-09T01:00:00.000Z', '误报');
    const current = ws.db
      .prepare(`SELECT u.name AS unit, c.submission_id AS id FROM submission_units c JOIN units u ON u.id = c.unit_id WHERE c.status = 'current' ORDER BY u.sort_order`)
      .all();
    expect(current).toEqual([
      { unit: '城区', id: b.id },
      { unit: '矿区', id: a.id },
    ]);
  });

  it('a county’s own ledger still wins over a department’s copy of it', async () => {
    const ws = newWorkspace();
    imp(ws, '市局.xlsx', await file([...boilers('城区', 31), ...boilers('盂县', 32)]));
    const own = boilerRows({ county: '盂县', count: 5, seed: 33, period: '2020-09' });
    imp(ws, '盂县.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['盂县2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: own }] }));
    const rows = ws.db
      .prepare(`SELECT COUNT(*) AS n FROM boiler_rows r WHERE r.unit_id = (SELECT id FROM units WHERE name = '盂县')`)
      .get() as { n: number };
    expect(rows.n).toBe(8);
    // the totals count 盂县's own five, not the department's three on top
    const { boilerTotals, submissionSet } = await import('../../../main/core/db/repos/ledgerTotalsRepo');
    const t = boilerTotals(ws.db, submissionSet(ws.db, '2020-09').boiler).find((x) => x.unit === '盂县')!;
    expect(t.rows).toBe(5);
  });
});

describe('a name that contains a unit’s name is not that unit', () => {
  it('a file from another city’s bureau with no rows of ours is refused naming the place', async () => {
    const rows = boilerRows({ county: '城区', count: 3, seed: 70, period: '2020-09' }).map((r) => ['昔阳县', ...r.slice(1)]);
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows, notes: ['填报单位：昔阳县市场监督管理局'] }] });
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const r = imp(ws, '锅炉台账.xlsx', bytes);
    expect(r.status).toBe('refused');
    expect(r.error).toMatchObject({ code: 'unknown_unit', message: expect.stringContaining('昔阳县') });
    expect(r.error!.message).not.toContain('市市场监督管理局');
    expect(tableCounts(ws)).toEqual(before);
  });

  it('…and with rows for our counties, those rows alone count, never under a city department', async () => {
    const ours = boilerRows({ county: '平定县', count: 3, seed: 71, period: '2020-09' });
    const theirs = boilerRows({ county: '城区', count: 2, seed: 72, period: '2020-09' }).map((r) => ['昔阳县', ...r.slice(1)]);
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['昔阳县市场监督管理局2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: [...ours, ...theirs] }] });
    const ws = newWorkspace();
    const r = imp(ws, '锅炉台账.xlsx', bytes);
    expect(r).toMatchObject({ status: 'imported', detection: { submitter: { source: 'foreign' } } });
    expect(r.submitter).not.toBe('市市场监督管理局');
    expect(r.units).toEqual({ 平定县: expect.objectContaining({ accepted: 3 }) });
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'foreign_unit', message: expect.stringContaining('昔阳县') }));
    const cells = r.findings.filter((f) => f.code === 'unknown_unit');
    expect(cells).toHaveLength(2);
    expect(cells[0]!.message).toBe('“昔阳县”不是本市的县区或单位，本行不计入。');
  });

  it.each([
    ['填报单位：昔阳县市场监督管理局', '昔阳县'],
    ['长治市城区生态环境局', '长治市'],
    ['晋中市平定县', '晋中市'],
  ])('“%s” names %s, not one of ours', async (title, place) => {
    const rows = boilerRows({ county: '城区', count: 2, seed: 73, period: '2020-09' }).map((r) => r.slice(1));
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title, '2020年9月'], header: BOILER_HEADERS.slice(1) as string[], rows }] });
    const r = imp(newWorkspace(), '台账.xlsx', bytes);
    expect(r.error).toMatchObject({ code: 'unknown_unit', message: expect.stringContaining(place) });
  });

  it('our own names still resolve: 阳泉市市场监督管理局, 盂县生态环境局, 阳泉市城区', async () => {
    const rows = boilerRows({ county: '盂县', count: 2, seed: 74, period: '2020-09' });
    const make = (title: string) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...BOILER_HEADERS], rows }] });
    expect(check(newWorkspace(), 'a.xlsx', await make('阳泉市市场监督管理局2020年9月锅炉台账'))).toMatchObject({ submitter: '市市场监督管理局' });
    expect(check(newWorkspace(), 'a.xlsx', await make('盂县生态环境局2020年9月锅炉台账'))).toMatchObject({ submitter: '盂县' });
    expect(check(newWorkspace(), 'a.xlsx', await make('阳泉市城区2020年9月锅炉台账'))).toMatchObject({ submitter: '城区' });
  });

  it('a sheet of another city’s county in a department workbook is left out, the rest counts', async () => {
    const headers = BOILER_HEADERS.slice(1) as string[];
    const bytes = await xlsx({
      sheets: [
        { name: '矿区', titleRows: ['市生态环境局2020年9月锅炉台账'], header: headers, rows: boilerRows({ county: '矿区', count: 3, seed: 75, period: '2020-09' }).map((r) => r.slice(1)) },
        { name: '昔阳县', titleRows: ['市生态环境局2020年9月锅炉台账'], header: headers, rows: boilerRows({ county: '城区', count: 2, seed: 76, period: '2020-09' }).map((r) => r.slice(1)) },
      ],
    });
    const r = imp(newWorkspace(), '锅炉.xlsx', bytes);
    expect(r).toMatchObject({ status: 'imported', submitter: '市生态环境局', units: { 矿区: expect.objectContaining({ accepted: 3 }) } });
    expect(Object.keys(r.units)).toEqual(['矿区']);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'foreign_unit', sheet: '昔阳县' }));
  });

  it('a workbook whose every sheet is another city’s county is refused naming it, writing nothing', async () => {
    const headers = BOILER_HEADERS.slice(1) as string[];
    const rows = boilerRows({ county: '城区', count: 2, seed: 77, period: '2020-09' }).map((r) => r.slice(1));
    const bytes = await xlsx({ sheets: [{ name: '昔阳县', titleRows: ['2020年9月锅炉台账'], header: headers, rows }, { name: '寿阳县', titleRows: ['2020年9月锅炉台账'], header: headers, rows }] });
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const r = imp(ws, '锅炉.xlsx', bytes);
    expect(r.error).toMatchObject({ code: 'unknown_unit', message: expect.stringContaining('昔阳县、寿阳县') });
    expect(tableCounts(ws)).toEqual(before);
  });
});
