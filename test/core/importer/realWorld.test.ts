import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { imp, newWorkspace } from '../../support/importHarness';

/** A workbook written cell by cell, the way a county clerk lays it out. */
async function book(rows: (string | number | Date | null)[][], opts: { merges?: string[]; sheet?: string; more?: { name: string; rows: (string | number | null)[][] }[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? 'Sheet1');
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  for (const extra of opts.more ?? []) {
    const s = wb.addWorksheet(extra.name);
    for (const r of extra.rows) s.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('headers read by their best match', () => {
  it('takes 号牌号码 for the plate even when 号牌种类 comes first', async () => {
    const bytes = await book([
      ['城区2020年9月车辆淘汰台账'],
      ['序号', '县区', '号牌种类', '号牌号码', '车辆类型', '燃料种类', '排放标准', '使用性质', '淘汰日期'],
      [1, '城区', '大型汽车', '晋C12345', '重型货车', '柴油', '国三', '营运', '2020-09-01'],
    ]);
    const r = imp(newWorkspace(), 'v.xlsx', bytes);
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(r.sheets![0]!.columns.find((c) => c.field === 'plate')!.header).toBe('号牌号码');
  });

  it('does not read 计划关闭时间 as the closing date, nor 所在地址 as the county', async () => {
    const bytes = await book([
      ['盂县2020年9月露天矿山台账'],
      ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '计划关闭时间', '实际关闭时间', '所在地址'],
      ['盂县', '甲石料厂', '是', '已关闭', '2020-12-31', '2020-08-20', '盂县秀水镇东街1号'],
    ]);
    const ws = newWorkspace();
    const r = imp(ws, 'm.xlsx', bytes);
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(ws.db.prepare('SELECT closed_on FROM mine_rows').get()).toEqual({ closed_on: '2020-08-20' });
    const noCounty = await book([
      ['盂县2020年9月锅炉台账'],
      ['单位名称', '所在地址', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
      ['盂县第一中学', '盂县秀水镇东街1号', '11140322201800770', '燃气', 2, '在用'],
    ]);
    expect(imp(newWorkspace(), 'b.xlsx', noCounty)).toMatchObject({ status: 'imported', rows: { total: 1, rejected: 0 }, units: { 盂县: { accepted: 1 } } });
  });
});

describe('measures stated outside the header text', () => {
  it('reads a row of measures under the header names', async () => {
    const bytes = await book([
      ['平定县2020年9月露天矿山台账'],
      ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '责任主体是否灭失', '需治理面积', '已完成治理面积'],
      ['', '', '', '', '', '公顷', '公顷'],
      ['平定县', '乙废弃矿', '否', '废弃', '是', 20, 10],
    ]);
    const ws = newWorkspace();
    expect(imp(ws, 'm.xlsx', bytes).rows).toMatchObject({ total: 1, rejected: 0 });
    expect(ws.db.prepare('SELECT area_to_restore, area_restored FROM mine_rows').get()).toEqual({ area_to_restore: 300, area_restored: 150 });
  });

  it('applies a “单位：公顷” line above the table to the columns it can mean', async () => {
    const bytes = await book([
      ['平定县2020年9月露天矿山台账'],
      ['填报单位：平定县自然资源局', '', '', '', '单位：公顷'],
      ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '责任主体是否灭失', '需治理面积', '已完成治理面积'],
      ['平定县', '乙废弃矿', '否', '废弃', '是', 20, 10],
    ]);
    const ws = newWorkspace();
    const r = imp(ws, 'm.xlsx', bytes);
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(ws.db.prepare('SELECT area_to_restore, area_restored FROM mine_rows').get()).toEqual({ area_to_restore: 300, area_restored: 150 });
  });
});

describe('which month and which unit', () => {
  it('does not take the filling-in date for the reporting month', async () => {
    const bytes = await book([
      ['盂县露天矿山治理工作台账'],
      ['填报单位：盂县自然资源局', '', '', '填报日期：2020年10月8日'],
      ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态'],
      ['盂县', '甲石料厂', '否', '在产'],
    ]);
    expect(imp(newWorkspace(), '盂县矿山台账20201008.xlsx', bytes)).toMatchObject({ status: 'refused', error: { code: 'no_period' } });
    expect(imp(newWorkspace(), '盂县矿山台账.xlsx', bytes, { period: '2020-09' })).toMatchObject({ status: 'imported', submitter: '盂县', period: '2020-09' });
  });

  it('imports one month of a workbook with a sheet per month, and says so', async () => {
    const header = ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态'];
    const bytes = await book([['郊区2020年露天矿山台账'], header, ['郊区', '甲石料厂', '否', '在产']], {
      sheet: '8月',
      more: [{ name: '9月', rows: [['郊区2020年露天矿山台账'], header, ['郊区', '甲石料厂', '否', '在产'], ['郊区', '乙石料厂', '否', '停产']] }],
    });
    const r = imp(newWorkspace(), 'm.xlsx', bytes);
    expect(r).toMatchObject({ status: 'imported', period: '2020-09', rows: { total: 2, rejected: 0 } });
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'sheet_skipped', sheet: '8月', message: expect.stringContaining('是2020年8月的台账') }));
  });

  it('takes the unit from a 填报单位 line, and not from 主城区 or 露天矿区 in a title', async () => {
    const rows = (title: string, filledBy?: string): (string | number | null)[][] => [
      [title],
      ...(filledBy ? [[filledBy]] : []),
      ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
      ['城区', '甲热力公司', '11140302201800001', '燃气', 10, '在用'],
      ['矿区', '乙医院', '11140303201800002', '燃气', 2, '在用'],
    ];
    expect(imp(newWorkspace(), '附件3.xlsx', await book(rows('城区、矿区2020年9月燃气锅炉台账', '填报单位：市生态环境局')))).toMatchObject({ status: 'imported', submitter: '市生态环境局' });
    const yu = await book([
      ['2020年9月主城区周边燃气锅炉低氮改造台账'],
      ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
      ['盂县', '甲热力公司', '11140322201800001', '燃气', 10, '在用'],
    ]);
    const r = imp(newWorkspace(), '盂县锅炉.xlsx', yu);
    expect(r).toMatchObject({ status: 'imported', submitter: '盂县' });
    expect(r.findings.filter((f) => f.code === 'unit_mismatch')).toEqual([]);
  });

  it('reads a blank 县区 cell in a county’s own ledger as that county', async () => {
    const bytes = await book([
      ['盂县2020年9月锅炉台账'],
      ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
      ['盂县', '甲热力公司', '11140322201800001', '燃气', 10, '在用'],
      ['', '乙医院', '11140322201800002', '燃气', 2, '在用'],
    ]);
    expect(imp(newWorkspace(), 'b.xlsx', bytes)).toMatchObject({ rows: { total: 2, rejected: 0 }, units: { 盂县: { accepted: 2 } } });
  });

  it('skips the instructions and drop-down sheets of its own template', async () => {
    const { buildTemplate } = await import('../../../main/core/importer/template');
    const t = await buildTemplate('milestone', { units: ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'], targets: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(t.bytes as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('任务销号台账')!;
    ws.getCell('A1').value = '城区2020年9月任务销号台账';
    ['T21-list-revision', '城区', '已完成', new Date(Date.UTC(2020, 7, 20)), '城环发〔2020〕12号'].forEach((v, i) => (ws.getCell(3, i + 1).value = v));
    const r = imp(newWorkspace(), '城区销号.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 1, rejected: 0 } });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('rows that are not records', () => {
  it('skips 城区小计 subtotals and 一、燃煤锅炉 headings, and checks the 全市合计 against the records only', async () => {
    const bytes = await book(
      [
        ['市生态环境局2020年9月锅炉台账'],
        ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
        ['一、燃气锅炉', '', '', '', '', ''],
        ['城区', '甲热力公司', '11140302201800001', '燃气', 10, '在用'],
        ['城区', '乙医院', '11140302201800002', '燃气', 20, '在用'],
        ['城区小计', '', '', '', 30, ''],
        ['矿区', '丙学校', '11140303201800003', '燃气', 30, '在用'],
        ['矿区小计', '', '', '', 30, ''],
        ['全市合计', '', '', '', 60, ''],
      ],
      { merges: ['A3:F3'] },
    );
    const r = imp(newWorkspace(), 'b.xlsx', bytes);
    expect(r.rows).toEqual({ total: 3, accepted: 3, warned: 0, rejected: 0 });
    expect(r.findings.filter((f) => f.code === 'total_mismatch')).toEqual([]);
  });
});

describe('values as counties write them', () => {
  it('reads 无 as no, date-time text as dates, 国三标准 as 国三, a serial stored as text, tons and kW as steam tons', async () => {
    const mines = await book([
      ['平定县2020年9月露天矿山台账'],
      ['县区', '矿山名称', '是否位于建成区及周边', '矿山状态', '关闭时间'],
      ['平定县', '甲石料厂', '无', '已关闭', '2020/9/15 0:00'],
      ['平定县', '乙石料厂', '有', '已关闭', '2020-09-30 00:00:00'],
      ['平定县', '丙石料厂', '否', '已关闭', '44100'],
    ]);
    const w1 = newWorkspace();
    expect(imp(w1, 'm.xlsx', mines).rows).toMatchObject({ total: 3, rejected: 0 });
    expect(w1.db.prepare('SELECT builtup, closed_on FROM mine_rows ORDER BY row_no').all()).toEqual([
      { builtup: 0, closed_on: '2020-09-15' },
      { builtup: 1, closed_on: '2020-09-30' },
      { builtup: 0, closed_on: '2020-09-26' },
    ]);
    const trucks = await book([
      ['城区2020年9月车辆淘汰台账'],
      ['县区', '号牌号码', '车辆类型', '燃料种类', '排放标准', '使用性质', '淘汰日期'],
      ['城区', '晋C10001', '重型半挂牵引车', '柴油', '国三标准', '营运', '2020-06-01'],
      ['城区', '晋C10002', '重型自卸货车', '柴油', '国Ⅲ标准', '营运', '2020-06-01'],
    ]);
    const w2 = newWorkspace();
    expect(imp(w2, 'v.xlsx', trucks).rows).toMatchObject({ total: 2, rejected: 0 });
    const { ledgerSummary } = await import('../../../main/core/ledgers/totals');
    expect(ledgerSummary(w2.db, '2020-09-30').units['城区']!.vehicle).toEqual({ rows: 2, eligibleRetired: 2, reported: true });
    for (const [header, value, tph] of [
      ['额定蒸发量（吨）', 4, 4],
      ['额定功率（kW）', 1400, 2],
    ] as const) {
      const w = newWorkspace();
      const b = await book([['城区2020年9月锅炉台账'], ['县区', '单位名称', '锅炉编号', '燃料类型', header, '状态'], ['城区', '甲厂', '11140302201800001', '燃气', value, '在用']]);
      expect(imp(w, 'b.xlsx', b).rows).toMatchObject({ total: 1, rejected: 0 });
      expect((w.db.prepare('SELECT capacity FROM boiler_rows').get() as { capacity: number }).capacity).toBeCloseTo(tph, 9);
    }
  });

  it('asks for a month written as the number 2020.1 (it may have been 2020.10), and converts mg/m³ to μg/m³', async () => {
    const bytes = await book([
      ['城区2020年9月指标报送'],
      ['单位', '指标', '报送月份', '数值', '计量单位'],
      ['城区', 'T17-dustfall', 2020.1, 7, '吨/月·平方公里'],
      ['城区', 'G4-so2-annual', '2020-09', 0.016, 'mg/m³'],
    ]);
    const w = newWorkspace();
    const r = imp(w, 'i.xlsx', bytes);
    expect(r.findings.find((f) => f.row === 3)).toMatchObject({ severity: 'error', code: 'type', message: expect.stringContaining('无法确定是2020年1月还是2020年10月') });
    expect(w.db.prepare(`SELECT value, measure FROM indicator_rows WHERE row_status != 'rejected'`).get()).toEqual({ value: 16, measure: 'μg/m³' });
  });
});

describe('identity and overlap', () => {
  it('keys a plant’s own boiler number (1#) together with the plant', async () => {
    const bytes = await book([
      ['盂县2020年9月锅炉台账'],
      ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'],
      ['盂县', '甲热力公司', '1#', '燃气', 10, '在用'],
      ['盂县', '乙医院', '1#', '燃气', 2, '在用'],
      ['盂县', '乙医院', '1#', '燃气', 2, '在用'],
    ]);
    const r = imp(newWorkspace(), 'b.xlsx', bytes);
    expect(r.findings.filter((f) => f.code === 'duplicate').map((f) => f.row)).toEqual([5]);
  });

  it('counts a county’s own ledger, not the same rows again from a department’s city-wide file', async () => {
    const ws = newWorkspace();
    const rows = [
      ['城区', '甲热力公司', '11140302201800001', '燃气', 10, '在用', '是'],
      ['城区', '乙医院', '11140302201800002', '燃气', 2, '在用', '否'],
    ];
    const header = ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态', '是否完成低氮改造'];
    imp(ws, 'a.xlsx', await book([['城区2020年9月锅炉台账'], header, ...rows]));
    imp(ws, 'b.xlsx', await book([['2020年9月全市燃气锅炉台账'], ['填报单位：市生态环境局'], header, ...rows, ['矿区', '丙学校', '11140303201800003', '燃气', 3, '在用', '是']]));
    const { ledgerSummary } = await import('../../../main/core/ledgers/totals');
    const s = ledgerSummary(ws.db, '2020-09-30');
    expect(s.units['城区']!.boiler).toMatchObject({ gasTotal: 2, gasRetrofitted: 1 });
    expect(s.units['矿区']!.boiler).toMatchObject({ gasTotal: 1, gasRetrofitted: 1 });
  });
});

describe('hostile layouts', () => {
  it('survives a merge that claims the whole sheet', async () => {
    // written by SheetJS: ExcelJS itself would build every cell of such a merge
    const XLSX = await import('xlsx');
    const sheet = XLSX.utils.aoa_to_sheet([['盂县2020年9月锅炉台账'], ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'], ['盂县', '甲厂', '11140322201800001', '燃气', 10, '在用']]);
    sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 1048575, c: 16383 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, 'Sheet1');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const before = process.memoryUsage().rss;
    const r = imp(newWorkspace(), 'b.xlsx', bytes);
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
