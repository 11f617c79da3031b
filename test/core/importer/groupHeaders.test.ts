import { describe, expect, it } from 'vitest';
import { columnLetter, xls, xlsx, type Cell, type SheetSpec } from '../../fixtures/workbooks';
import { BOILER_HEADERS, MINE_HEADERS, boilerRows, mineRows, utcDate } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';
import type { ImportResult } from '../../../main/core/importer/importFile';
import { matchUnderGroup } from '../../../main/core/importer/headers';

// Two-row headers whose children repeat under different groups (完成时间 under 低氮改造情况 and under 淘汰情况):
// each field must land on the column its group and child name together.

/** field → column letter, as the import report shows them. */
function mapped(r: ImportResult, sheet: string): Record<string, string> {
  const s = r.sheets!.find((x) => x.name === sheet)!;
  return Object.fromEntries(s.columns.map((c) => [c.field, c.letter]));
}

/** Data columns picked from canonical rows by index; null makes an extra column the ledger does not hold. */
function pick(rows: Cell[][], order: (number | ((row: Cell[], i: number) => Cell))[]): Cell[][] {
  return rows.map((row, i) => order.map((o) => (typeof o === 'number' ? (row[o] ?? null) : o(row, i))));
}

// boiler canonical columns: 0 县区 1 单位名称 2 信用代码 3 锅炉编号 4 燃料类型 5 额定蒸发量 6 用途 7 状态 8 淘汰时间
// 9 是否低氮 10 低氮时间 11 NOx 12 备注
function boilerData(): Cell[][] {
  const rows = boilerRows({ county: '盂县', count: 14, seed: 21, period: '2020-09' }).map((r) => [...r]);
  // make sure of a few of each: retrofitted gas boilers with a date, and retired coal boilers with one
  for (const i of [0, 3, 6]) {
    Object.assign(rows[i]!, { 4: '燃气', 7: '在用', 9: '是', 10: utcDate(2020, 5 + i / 3, 18), 11: 30 + i });
  }
  for (const i of [1, 4]) {
    Object.assign(rows[i]!, { 4: '燃煤', 5: 4, 7: '已淘汰', 8: utcDate(2019, 10, i), 9: '否', 10: null, 11: null });
  }
  return rows;
}

const whereTo = (row: Cell[]) => (row[8] ? '改为集中供热' : null);

interface Shape {
  name: string;
  spec: SheetSpec;
  /** field → 0-based data column (the 序号 column, if any, is added when checking) */
  expect: Record<string, number>;
}

function boilerShapes(data: Cell[][]): Shape[] {
  return [
    {
      name: '基本情况、淘汰情况、低氮改造情况',
      spec: {
        name: '锅炉台账',
        titleRows: ['盂县2020年9月燃气锅炉低氮改造及燃煤锅炉淘汰台账'],
        header: {
          groups: [
            { text: '锅炉基本情况', span: 8 },
            { text: '淘汰情况', span: 2 },
            { text: '低氮改造情况', span: 3 },
            { text: '备注', span: 1 },
          ],
          sub: ['县区', '单位名称', '统一社会信用代码', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '用途', '状态', '完成时间', '去向', '是否完成', '完成时间', '改造后氮氧化物浓度（mg/m³）'],
        },
        rows: pick(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, whereTo, 9, 10, 11, 12]),
      },
      expect: { county: 0, orgName: 1, uscc: 2, boilerNo: 3, fuel: 4, capacity: 5, use: 6, status: 7, retiredOn: 8, lowNox: 10, lowNoxOn: 11, noxAfter: 12, note: 13 },
    },
    {
      name: '低氮改造在淘汰之前，淘汰情况/时间，企业信息，序号列，县区合并单元格',
      spec: {
        name: 'Sheet1',
        titleRows: ['盂县锅炉台账（2020年9月）', '填报单位：盂县生态环境局'],
        header: {
          groups: [
            { text: '县区', span: 1 },
            { text: '企业信息', span: 2 },
            { text: '锅炉编号', span: 1 },
            { text: '燃料类型', span: 1 },
            { text: '额定蒸发量（蒸吨/小时）', span: 1 },
            { text: '状态', span: 1 },
            { text: '低氮改造情况', span: 3 },
            { text: '淘汰情况', span: 2 },
            { text: '用途', span: 1 },
            { text: '备注', span: 1 },
          ],
          sub: ['单位名称', '统一社会信用代码', '是否完成', '完成时间', '改造后氮氧化物浓度（mg/m³）', '时间', '去向'],
        },
        rows: pick(data, [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 8, whereTo, 6, 12]),
        serialColumn: true,
        mergeDown: [{ col: 0, from: 0, to: data.length - 1 }],
        dateStyle: { 8: 'chinese', 10: 'dotted' },
      },
      expect: { county: 0, orgName: 1, uscc: 2, boilerNo: 3, fuel: 4, capacity: 5, status: 6, lowNox: 7, lowNoxOn: 8, noxAfter: 9, retiredOn: 10, use: 12, note: 13 },
    },
    {
      name: '锅炉低氮改造有关情况、淘汰（拆除）情况/完成时间',
      spec: {
        name: '燃气锅炉',
        titleRows: ['盂县2020年9月锅炉台账'],
        header: {
          groups: [
            { text: '基本信息', span: 6 },
            { text: '锅炉低氮改造有关情况', span: 3 },
            { text: '淘汰（拆除）情况', span: 2 },
            { text: '锅炉状态', span: 1 },
          ],
          sub: ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '用途', '是否完成', '完成时间', '改造后氮氧化物浓度（mg/m³）', '去向', '完成时间'],
        },
        rows: pick(data, [0, 1, 3, 4, 5, 6, 9, 10, 11, whereTo, 8, 7]),
        dateStyle: { 7: 'slashed' },
      },
      expect: { county: 0, orgName: 1, boilerNo: 2, fuel: 3, capacity: 4, use: 5, lowNox: 6, lowNoxOn: 7, noxAfter: 8, retiredOn: 10, status: 11 },
    },
  ];
}

function boilerDates(ws: ReturnType<typeof newWorkspace>) {
  return ws.db.prepare('SELECT boiler_no, retired_on, low_nox, low_nox_on FROM boiler_rows ORDER BY row_no').all() as {
    boiler_no: string;
    retired_on: string | null;
    low_nox: number | null;
    low_nox_on: string | null;
  }[];
}

const iso = (v: Cell | undefined) => (v instanceof Date ? v.toISOString().slice(0, 10) : null);

describe('a boiler ledger with two header rows and group cells', () => {
  const data = boilerData();
  for (const shape of boilerShapes(data)) {
    it(`maps 完成时间 by its group: ${shape.name}`, async () => {
      const ws = newWorkspace();
      const r = imp(ws, '盂县锅炉台账.xlsx', await xlsx({ sheets: [shape.spec] }));
      expect(r).toMatchObject({ status: 'imported', kind: 'boiler', rows: { total: data.length, rejected: 0 } });
      const off = shape.spec.serialColumn ? 1 : 0;
      expect(mapped(r, shape.spec.name)).toEqual(Object.fromEntries(Object.entries(shape.expect).map(([f, c]) => [f, columnLetter(c + off)])));

      // every retrofitted boiler has its date, so none is reported as done without one
      expect(r.findings.filter((f) => f.code === 'done_without_date')).toEqual([]);
      const got = boilerDates(ws);
      expect(got.map((g) => g.low_nox_on)).toEqual(data.map((row) => iso(row[10])));
      expect(got.map((g) => g.retired_on)).toEqual(data.map((row) => iso(row[8])));
      expect(got.filter((g) => g.low_nox === 1)).toHaveLength(data.filter((row) => row[9] === '是').length);
    });
  }

  it('reads the same groups from a legacy .xls', async () => {
    const shape = boilerShapes(data)[1]!;
    const ws = newWorkspace();
    const r = imp(ws, '盂县锅炉台账.xls', xls({ sheets: [shape.spec] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: data.length, rejected: 0 } });
    expect(mapped(r, 'Sheet1')).toMatchObject({ lowNoxOn: 'J', retiredOn: 'L', status: 'H' });
    expect(r.findings.filter((f) => f.code === 'done_without_date')).toEqual([]);
    expect(boilerDates(ws).map((g) => g.low_nox_on)).toEqual(data.map((row) => iso(row[10])));
  });

  it('still warns a retrofitted boiler whose date is really missing, in the column the file has', async () => {
    const rows = data.map((r) => [...r]);
    rows[3]![10] = null;
    const shape = boilerShapes(rows)[0]!;
    const r = imp(newWorkspace(), '盂县锅炉台账.xlsx', await xlsx({ sheets: [shape.spec] }));
    // title on 1, two header rows, data from 4: the fourth boiler is on row 7
    expect(r.findings.filter((f) => f.code === 'done_without_date')).toEqual([
      expect.objectContaining({ severity: 'warning', row: 7, column: '低氮改造情况/完成时间', message: '已完成低氮改造，但未填低氮改造完成时间。' }),
    ]);
  });

  it('reads the canonical one-row header as before', async () => {
    const ws = newWorkspace();
    const r = imp(ws, '盂县锅炉台账.xlsx', await xlsx({ sheets: [{ name: '锅炉台账', titleRows: ['盂县2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: data }] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: data.length, rejected: 0 } });
    const keys = ['county', 'orgName', 'uscc', 'boilerNo', 'fuel', 'capacity', 'use', 'status', 'retiredOn', 'lowNox', 'lowNoxOn', 'noxAfter', 'note'];
    expect(mapped(r, '锅炉台账')).toEqual(Object.fromEntries(keys.map((k, i) => [k, columnLetter(i)])));
    expect(r.findings.filter((f) => f.code === 'done_without_date' || f.code === 'unmapped_columns')).toEqual([]);
  });
});

// mine canonical columns: 0 县区 1 矿山名称 2 矿种 3 是否位于建成区及周边 4 矿山状态 5 责任主体是否灭失 6 关闭时间
// 7 需治理面积 8 已完成治理面积 9 治理完成时间 10 治理措施 11 备注
function mineData(): Cell[][] {
  const rows = mineRows({ county: '平定县', count: 10, seed: 5, period: '2020-09' }).map((r) => [...r]);
  Object.assign(rows[0]!, { 4: '已关闭', 6: utcDate(2020, 8, 20), 7: 120, 8: 120, 9: utcDate(2020, 9, 15) });
  Object.assign(rows[1]!, { 4: '已关闭', 6: utcDate(2019, 12, 31), 7: 80, 8: 30, 9: null });
  return rows;
}

function mineDates(ws: ReturnType<typeof newWorkspace>) {
  return ws.db.prepare('SELECT closed_on, completed_on, area_to_restore, area_restored FROM mine_rows ORDER BY row_no').all() as {
    closed_on: string | null;
    completed_on: string | null;
    area_to_restore: number | null;
    area_restored: number | null;
  }[];
}

const docNo = (row: Cell[]) => (row[6] ? '平政办〔2019〕8号' : null);

describe('a mine ledger with two header rows and group cells', () => {
  const data = mineData();

  it('takes 关闭情况/完成时间 for the closing date and 治理情况/完成时间 for the restoration date', async () => {
    const spec: SheetSpec = {
      name: '露天矿山',
      titleRows: ['平定县2020年9月露天矿山综合整治台账'],
      header: {
        groups: [
          { text: '矿山基本情况', span: 6 },
          { text: '关闭情况', span: 2 },
          { text: '治理情况（亩）', span: 4 },
          { text: '备注', span: 1 },
        ],
        sub: ['县区', '矿山名称', '矿种', '是否位于建成区及周边', '矿山状态', '责任主体是否灭失', '完成时间', '关闭文号', '需治理面积', '已完成面积', '完成时间', '治理措施'],
      },
      rows: pick(data, [0, 1, 2, 3, 4, 5, 6, docNo, 7, 8, 9, 10, 11]),
    };
    const ws = newWorkspace();
    const r = imp(ws, '平定县矿山台账.xlsx', await xlsx({ sheets: [spec] }));
    expect(r).toMatchObject({ status: 'imported', kind: 'mine', rows: { total: data.length, rejected: 0 } });
    expect(mapped(r, '露天矿山')).toEqual({
      county: 'A', name: 'B', mineral: 'C', builtup: 'D', state: 'E', ownerless: 'F', closedOn: 'G', areaToRestore: 'I', areaRestored: 'J', completedOn: 'K', measures: 'L', note: 'M',
    });
    const got = mineDates(ws);
    expect(got.map((g) => g.closed_on)).toEqual(data.map((row) => iso(row[6])));
    expect(got.map((g) => g.completed_on)).toEqual(data.map((row) => iso(row[9])));
    expect(r.findings.filter((f) => f.code === 'done_without_date')).toEqual([]);
  });

  it('never takes 关闭情况/完成时间 for 治理完成时间, even when the file has no restoration date', async () => {
    // rows whose restoration is unfinished: a missing 治理完成时间 column would rightly warn about finished ones
    const rows = data.map((r) => [...r]).filter((row) => (row[8] as number) < (row[7] as number) || row[7] === 0);
    const spec: SheetSpec = {
      name: 'Sheet1',
      titleRows: ['平定县露天矿山台账（2020年9月）'],
      header: {
        groups: [
          { text: '基本信息', span: 4 },
          { text: '矿山关闭情况', span: 2 },
          { text: '治理面积（公顷）', span: 2 },
        ],
        sub: ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '完成时间', '关闭方式', '需治理', '已完成'],
      },
      rows: pick(rows, [0, 1, 3, 4, 6, (row) => (row[6] ? '拆除设备、封闭采坑' : null), (row) => (row[7] as number) / 15, (row) => (row[8] as number) / 15]),
    };
    const ws = newWorkspace();
    const r = imp(ws, '平定县矿山台账.xlsx', await xlsx({ sheets: [spec] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: rows.length, rejected: 0 } });
    const m = mapped(r, 'Sheet1');
    expect(m).toMatchObject({ closedOn: 'E', areaToRestore: 'G', areaRestored: 'H' });
    expect(m.completedOn).toBeUndefined();
    const got = mineDates(ws);
    expect(got.map((g) => g.closed_on)).toEqual(rows.map((row) => iso(row[6])));
    expect(got.every((g) => g.completed_on === null)).toBe(true);
    got.forEach((g, i) => expect(g.area_to_restore).toBeCloseTo(rows[i]![7] as number, 6));
  });

  it('prefers the group that names the field to a child alone under another group', async () => {
    // 验收情况/完成时间 comes first, but 治理情况/完成时间 is the restoration date
    const spec: SheetSpec = {
      name: '矿山',
      titleRows: ['平定县2020年9月露天矿山台账'],
      header: {
        groups: [
          { text: '县区', span: 1 },
          { text: '矿山名称', span: 1 },
          { text: '是否位于建成区及周边', span: 1 },
          { text: '矿山状态', span: 1 },
          { text: '关闭时间', span: 1 },
          { text: '验收情况', span: 2 },
          { text: '治理情况', span: 3 },
        ],
        sub: ['完成时间', '验收单位', '需治理面积（亩）', '已完成面积（亩）', '完成时间'],
      },
      rows: pick(data, [0, 1, 3, 4, 6, (row) => (row[9] ? utcDate(2020, 9, 28) : null), (row) => (row[9] ? '平定县自然资源局' : null), 7, 8, 9]),
    };
    const ws = newWorkspace();
    const r = imp(ws, '平定县矿山台账.xlsx', await xlsx({ sheets: [spec] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: data.length, rejected: 0 } });
    expect(mapped(r, '矿山')).toMatchObject({ closedOn: 'E', completedOn: 'J', areaToRestore: 'H', areaRestored: 'I' });
    expect(mineDates(ws).map((g) => g.completed_on)).toEqual(data.map((row) => iso(row[9])));
    expect(r.findings.find((f) => f.code === 'unmapped_columns')!.message).toBe(
      '工作表“矿山”中有 1 列未识别，未导入：“验收情况/验收单位”（G 列）；另有 1 列与已识别的列重复，未导入：“验收情况/完成时间”（F 列，与 J 列同为“治理完成时间”）。如其中有台账应填的内容，请对照模板修改表头。',
    );
  });

  it('reads the canonical one-row header as before', async () => {
    const ws = newWorkspace();
    const r = imp(ws, '平定县矿山台账.xlsx', await xlsx({ sheets: [{ name: '矿山', titleRows: ['平定县2020年9月露天矿山台账'], header: [...MINE_HEADERS], rows: data }] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: data.length, rejected: 0 } });
    const keys = ['county', 'name', 'mineral', 'builtup', 'state', 'ownerless', 'closedOn', 'areaToRestore', 'areaRestored', 'completedOn', 'measures', 'note'];
    expect(mapped(r, '矿山')).toEqual(Object.fromEntries(keys.map((k, i) => [k, columnLetter(i)])));
    expect(r.findings.filter((f) => f.code === 'unmapped_columns')).toEqual([]);
  });
});

describe('what a group lends its children', () => {
  it.each([
    ['boiler', '低氮改造情况', '完成时间', 'lowNoxOn'],
    ['boiler', '锅炉低氮改造情况', '是否完成', 'lowNox'],
    ['boiler', '淘汰情况', '完成时间', 'retiredOn'],
    ['boiler', '锅炉基本情况', '状态', 'status'],
    ['boiler', '使用单位', '统一社会信用代码', 'uscc'],
    ['boiler', '锅炉运行情况', '燃料类型', 'fuel'],
    ['mine', '关闭情况', '完成时间', 'closedOn'],
    ['mine', '关停情况', '完成时间', 'closedOn'],
    ['mine', '治理情况', '完成时间', 'completedOn'],
    ['mine', '治理面积（公顷）', '已完成', 'areaRestored'],
  ] as const)('%s: %s / %s → %s', (kind, group, child, key) => {
    expect(matchUnderGroup(kind, group, child)?.field.key).toBe(key);
  });

  it.each([
    // only the group holds a synonym: a concentration is not 是否完成低氮改造
    ['boiler', '低氮改造情况', '排放浓度'],
    // a tick per status is no status column
    ['boiler', '状态', '在用'],
    // the group is about closing: its 完成时间 is not the restoration date
    ['mine', '关闭验收情况', '完成时间'],
  ] as const)('%s: %s / %s names no field', (kind, group, child) => {
    expect(matchUnderGroup(kind, group, child)).toBeNull();
  });
});
