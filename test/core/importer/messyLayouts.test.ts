import { describe, expect, it } from 'vitest';
import { csv, hasLibreOffice, libreOfficeXls, sumFormula, xls, xlsx, type Cell, type SheetSpec } from '../../fixtures/workbooks';
import { boilerRows, mineRows, utcDate } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';

// 锅炉 columns: 0 县区 1 单位名称 2 信用代码 3 锅炉编号 4 燃料类型 5 额定蒸发量 6 用途 7 状态 8 淘汰时间 9 是否低氮 10 低氮时间 11 NOx 12 备注
function messyBoilerSheet(): SheetSpec {
  const rows = boilerRows({ county: '盂县', count: 12, seed: 3, period: '2020-09' }).map((r) => {
    const row = [...r];
    row[5] = Math.round(((row[5] as number) * 0.7) * 100) / 100; // the header says MW: write MW figures
    return row;
  });
  // one gas boiler retrofitted, with the date written the Chinese way
  rows[2]![4] = '燃气';
  rows[2]![7] = '在用';
  rows[2]![9] = '√';
  rows[2]![10] = utcDate(2020, 6, 18);
  rows[2]![11] = 28;
  const spec: SheetSpec = {
    name: '燃煤燃气锅炉',
    titleRows: ['盂县2020年9月燃煤锅炉台账', '填报单位：盂县生态环境局（盖章）            截至2020年9月底'],
    header: {
      groups: [
        { text: '县区', span: 1 },
        { text: '使用单位', span: 2 },
        { text: '锅炉编号（使用登记证号）', span: 1 },
        { text: '燃料类型', span: 1 },
        { text: '额定蒸发量（MW）', span: 1 },
        { text: '用途', span: 1 },
        { text: '状态', span: 1 },
        { text: '淘汰时间', span: 1 },
        { text: '低氮改造', span: 3 },
        { text: '备注', span: 1 },
      ],
      sub: ['单位名称', '统一社会信用代码', '是否完成', '完成时间', '改造后氮氧化物浓度（mg/m³）'],
    },
    rows,
    serialColumn: true,
    mergeDown: [{ col: 0, from: 0, to: 11 }],
    hiddenRows: [4],
    numbersAsText: [5],
    dateStyle: { 8: 'dotted', 10: 'chinese' },
    blankRowsAfter: [6],
    notes: ['注：额定蒸发量单位为兆瓦（MW）。', '填报人：王芳    审核人：李强    联系电话：0353-6012345'],
  };
  spec.totalRow = { label: '合计', values: { 5: sumFormula(spec, 5) } };
  return spec;
}

function boilerValues(ws: ReturnType<typeof newWorkspace>) {
  return ws.db.prepare('SELECT sheet, row_no, boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on, nox_after, unit_id FROM boiler_rows ORDER BY row_no').all() as {
    sheet: string;
    row_no: number;
    boiler_no: string;
    fuel: string;
    capacity: number;
    status: string;
    retired_on: string | null;
    low_nox: number | null;
    low_nox_on: string | null;
    nox_after: number | null;
    unit_id: number;
  }[];
}

describe('a messy boiler ledger as counties send it', () => {
  it('finds the two-row header under two title rows, fills the merged 县区, converts MW, skips blank, total and note rows', async () => {
    const ws = newWorkspace();
    const spec = messyBoilerSheet();
    const r = imp(ws, '附件2.xlsx', await xlsx({ sheets: [spec, { name: '填报说明', hidden: true, header: ['说明'], rows: [['请如实填报']] }] }));
    expect(r).toMatchObject({ status: 'imported', kind: 'boiler', submitter: '盂县', period: '2020-09' });
    expect(r.detection).toMatchObject({ submitter: { source: 'title' }, period: { source: 'title' } });
    expect(r.rows).toEqual({ total: 12, accepted: 12, warned: expect.any(Number), rejected: 0 });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // no total_mismatch: the 合计 formula's cached value agrees with the rows
    expect(r.findings.map((f) => f.code)).not.toContain('total_mismatch');

    const sheet = r.sheets!.find((s) => s.name === '燃煤燃气锅炉')!;
    expect(sheet.headerRows).toEqual([3, 4]);
    expect(sheet.columns.find((c) => c.field === 'lowNoxOn')).toMatchObject({ header: '低氮改造/完成时间' });
    expect(sheet.columns.find((c) => c.field === 'capacity')!.factor).toBeCloseTo(1 / 0.7);

    const rows = boilerValues(ws);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((x) => x.unit_id)).size).toBe(1); // merged 县区 reached every row
    expect(rows[0]!.row_no).toBe(5); // two title rows + two header rows above
    const source = spec.rows.map((x) => x[5] as number);
    rows.forEach((x, i) => expect(x.capacity).toBeCloseTo(source[i]! / 0.7, 6));
    const gas = rows[2]!;
    expect(gas).toMatchObject({ fuel: '燃气', low_nox: 1, low_nox_on: '2020-06-18', nox_after: 28 });

    // the hidden row and the hidden sheet are read but said
    expect(r.findings).toContainEqual(expect.objectContaining({ severity: 'info', code: 'hidden', sheet: '燃煤燃气锅炉', message: expect.stringContaining('1 行数据在 Excel 中被隐藏') }));
    expect(r.findings).toContainEqual(expect.objectContaining({ severity: 'info', code: 'sheet_skipped', sheet: '填报说明' }));
  });

  it('reads the same ledger from legacy .xls and from GBK and UTF-8 CSV into the same rows', async () => {
    const spec = messyBoilerSheet();
    const fromXlsx = newWorkspace();
    imp(fromXlsx, 'a.xlsx', await xlsx({ sheets: [spec] }));
    const expected = boilerValues(fromXlsx).map(({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }) => ({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }));

    const fromXls = newWorkspace();
    const rx = imp(fromXls, '盂县锅炉台账.xls', xls({ sheets: [spec] }));
    expect(rx).toMatchObject({ status: 'imported', submitter: '盂县', period: '2020-09' });
    expect(boilerValues(fromXls).map(({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }) => ({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }))).toEqual(expected);

    // a CSV has no title, merges or MW header: write canonical columns, the unit and month go in the file name
    const header: Cell[] = ['县区', '单位名称', '统一社会信用代码', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '用途', '状态', '淘汰时间', '是否完成低氮改造', '低氮改造完成时间', '改造后氮氧化物浓度（mg/m3）', '备注'];
    const data = spec.rows.map((row) => row.map((v, c) => (c === 5 ? Math.round(((v as number) / 0.7) * 1e6) / 1e6 : v)));
    for (const encoding of ['gbk', 'utf8', 'utf8-bom'] as const) {
      const ws = newWorkspace();
      const rc = imp(ws, `盂县-锅炉台账-2020年9月-${encoding}.csv`, csv([header, ...data], encoding));
      expect(rc, encoding).toMatchObject({ status: 'imported', submitter: '盂县', period: '2020-09', rows: { total: 12, rejected: 0 } });
      const got = boilerValues(ws).map(({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }) => ({ boiler_no, fuel, capacity, status, retired_on, low_nox, low_nox_on }));
      got.forEach((g, i) => {
        expect(g.capacity).toBeCloseTo(expected[i]!.capacity, 5);
        expect({ ...g, capacity: 0 }).toEqual({ ...expected[i]!, capacity: 0 });
      });
    }
  });

  it.skipIf(!hasLibreOffice())('reads an .xls written by LibreOffice', async () => {
    const bytes = libreOfficeXls(await xlsx({ sheets: [messyBoilerSheet()] }))!;
    const r = imp(newWorkspace(), '盂县锅炉.xls', bytes);
    expect(r).toMatchObject({ status: 'imported', rows: { total: 12, rejected: 0 } });
  });
});

describe('a mine ledger with areas in 公顷 under a group header, dates in every form', () => {
  it('converts hectares to 亩 and parses each date form', async () => {
    const rows = mineRows({ county: '平定县', count: 6, seed: 11, period: '2020-09' }).map((r) => [...r]);
    // 需治理 and 已完成 in hectares: 15 亩 each
    rows.forEach((row) => {
      row[7] = Math.round(((row[7] as number) / 15) * 100) / 100;
      row[8] = Math.min(row[7] as number, Math.round(((row[8] as number) / 15) * 100) / 100);
    });
    const forms: Cell[] = ['2020.9.30', '2020/9/30', '2020-9-30', '2020年9月30日', '2020年9月', 44104];
    forms.forEach((f, i) => {
      rows[i]![4] = '已关闭';
      rows[i]![6] = f;
    });
    const spec: SheetSpec = {
      name: 'Sheet1',
      titleRows: ['平定县露天矿山综合整治台账（2020年9月）'],
      header: {
        groups: [
          { text: '县（区）', span: 1 },
          { text: '矿山名称', span: 1 },
          { text: '矿种', span: 1 },
          { text: '是否位于建成区及周边', span: 1 },
          { text: '矿山状态', span: 1 },
          { text: '责任主体是否灭失', span: 1 },
          { text: '关闭时间', span: 1 },
          { text: '治理面积（公顷）', span: 2 },
          { text: '治理完成时间', span: 1 },
          { text: '治理措施', span: 1 },
          { text: '备注', span: 1 },
        ],
        sub: ['需治理', '已完成'],
      },
      rows,
      numbersAsText: [7, 8],
    };
    const ws = newWorkspace();
    const r = imp(ws, 'mines.xlsx', await xlsx({ sheets: [spec] }));
    expect(r).toMatchObject({ status: 'imported', submitter: '平定县', period: '2020-09' });
    const got = ws.db.prepare('SELECT closed_on, area_to_restore, area_restored FROM mine_rows ORDER BY row_no').all() as { closed_on: string; area_to_restore: number; area_restored: number }[];
    expect(got.map((g) => g.closed_on)).toEqual(['2020-09-30', '2020-09-30', '2020-09-30', '2020-09-30', '2020-09-30', '2020-09-30']);
    got.forEach((g, i) => {
      expect(g.area_to_restore).toBeCloseTo((rows[i]![7] as number) * 15, 6);
      expect(g.area_restored).toBeCloseTo((rows[i]![8] as number) * 15, 6);
    });
  });
});

describe('a workbook saved in the 1904 date system (old Mac Excel)', () => {
  it('reads its dates as the dates they show', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['平定县2020年9月露天矿山台账']);
    ws.addRow(['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '关闭时间']);
    ws.addRow(['平定县', '甲石料厂', '是', '已关闭', new Date(Date.UTC(2020, 8, 30))]);
    ws.getCell('E3').numFmt = 'yyyy-mm-dd';
    const w = newWorkspace();
    const r = imp(w, 'mac.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(w.db.prepare('SELECT closed_on FROM mine_rows').get()).toEqual({ closed_on: '2020-09-30' });
  });
});
