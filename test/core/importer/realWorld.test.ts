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
    const { buildTemplate } = await import('../../../main/core/reports/template');
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
