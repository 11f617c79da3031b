import { describe, expect, it } from 'vitest';
import { xlsx, type Cell } from '../../fixtures/workbooks';
import {
  BOILER_HEADERS,
  INDICATOR_HEADERS,
  MILESTONE_HEADERS,
  MINE_HEADERS,
  PERMIT_HEADERS,
  VEHICLE_HEADERS,
  boilerRows,
  indicatorRow,
  milestoneRow,
  mineRows,
  permitRows,
  utcDate,
  vehicleRows,
} from '../../fixtures/ledgerRows';
import { breakUscc } from '../../fixtures/ids';
import { imp, newWorkspace } from '../../support/importHarness';
import type { ImportResult } from '../../../main/core/importer/importFile';

const TITLE = (unit: string, what: string) => [`${unit}2020年9月${what}`];

function at(r: ImportResult, row: number, code: string) {
  return r.findings.filter((f) => f.row === row && f.code === code);
}

describe('cell-level findings', () => {
  it('vehicle ledger: required, plate, VIN, date range, domain, negative, standard — each located and explained', async () => {
    const rows = vehicleRows({ county: '郊区', count: 10, seed: 5, period: '2020-09' }).map((r) => [...r]);
    rows[0]![1] = '晋C-1234'; // too short
    rows[1]![2] = 'LZZ1CLVB0123'; // VIN too short
    rows[2]![9] = utcDate(2020, 11, 3); // retired after the reporting month
    rows[3]![5] = '国Ⅳ'; // not eligible, kept with a warning
    rows[4]![10] = -500; // negative subsidy
    rows[5]![6] = '出租'; // not a 使用性质
    rows[6]![1] = null; // plate missing
    rows[7]![9] = '2014年5月'; // before 2015
    rows[8]![1] = '晋ｃ１２３４５'; // full-width, lower-case: fine
    const r = imp(newWorkspace(), 'v.xlsx', await xlsx({ sheets: [{ name: '淘汰车辆', titleRows: TITLE('郊区', '车辆淘汰台账'), header: [...VEHICLE_HEADERS], rows }] }));
    expect(r.status).toBe('imported');
    // row numbers are Excel's: title on 1, header on 2, data from 3
    expect(at(r, 3, 'plate_format')[0]).toMatchObject({ severity: 'error', sheet: '淘汰车辆', column: '号牌号码', message: expect.stringContaining('晋C-1234') });
    expect(at(r, 4, 'vin_format')[0]).toMatchObject({ severity: 'error', column: '车辆识别代号', message: expect.stringContaining('应为17位，实际为12位') });
    expect(at(r, 5, 'date_range')[0]).toMatchObject({ severity: 'error', column: '淘汰日期', message: expect.stringContaining('2020-11-03') });
    expect(at(r, 6, 'standard_not_eligible')[0]).toMatchObject({ severity: 'warning', column: '排放标准', message: expect.stringContaining('国四') });
    expect(at(r, 7, 'negative')[0]).toMatchObject({ severity: 'error', column: '补贴金额（元）' });
    expect(at(r, 8, 'domain')[0]).toMatchObject({ severity: 'error', column: '使用性质', message: expect.stringContaining('营运、非营运') });
    expect(at(r, 9, 'required')[0]).toMatchObject({ severity: 'error', column: '号牌号码', message: '必填项“号牌号码”为空。' });
    // before 2015 is possible in a cumulative register: a warning, the row kept
    expect(at(r, 10, 'date_range')[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('早于 2015-01-01') });
    expect(r.findings.filter((f) => f.row === 11)).toEqual([]);
    expect(r.rows).toMatchObject({ total: 10, rejected: 6, warned: expect.any(Number) });
  });

  it('permit ledger: bad credit-code check character, expiry before issue', async () => {
    const rows = permitRows({ county: '城区', count: 6, seed: 8, period: '2020-09' }).map((r) => [...r]);
    rows[0]![2] = breakUscc(rows[0]![2] as string);
    rows[1]![6] = utcDate(2020, 5, 1);
    rows[1]![7] = utcDate(2019, 5, 1);
    rows[1]![8] = '已发证';
    const r = imp(newWorkspace(), 'p.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', titleRows: TITLE('城区', '排污许可台账'), header: [...PERMIT_HEADERS], rows }] }));
    expect(at(r, 3, 'uscc_checksum')[0]).toMatchObject({ severity: 'error', column: '统一社会信用代码', message: expect.stringMatching(/校验位应为“.”，实际为“.”/) });
    expect(at(r, 4, 'date_range')[0]).toMatchObject({ severity: 'error', column: '有效期至', message: '有效期至 2019-05-01 早于发证（登记）日期 2020-05-01。' });
  });

  it('mine ledger: restored area above the area to restore, closure without a date', async () => {
    const rows = mineRows({ county: '矿区', count: 5, seed: 2, period: '2020-09' }).map((r) => [...r]);
    rows[0]![7] = 100;
    rows[0]![8] = 120.5;
    rows[1]![4] = '已关闭';
    rows[1]![6] = null;
    const r = imp(newWorkspace(), 'm.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', titleRows: TITLE('矿区', '露天矿山台账'), header: [...MINE_HEADERS], rows }] }));
    expect(at(r, 3, 'area_exceeds')[0]).toMatchObject({ severity: 'error', column: '已完成治理面积（亩）', message: '已完成治理面积 120.5 亩大于需治理面积 100 亩。' });
    expect(at(r, 4, 'done_without_date')[0]).toMatchObject({ severity: 'warning', column: '关闭时间' });
  });

  it('an unknown unit is a finding, never a new unit', async () => {
    const rows = boilerRows({ county: '盂县', count: 3, seed: 1, period: '2020-09' }).map((r) => [...r]);
    rows[1]![0] = '太原市小店区';
    const ws = newWorkspace();
    const before = (ws.db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }).n;
    const r = imp(ws, 'b.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', titleRows: TITLE('盂县', '锅炉台账'), header: [...BOILER_HEADERS], rows }] }));
    expect(at(r, 4, 'unknown_unit')[0]).toMatchObject({ severity: 'error', column: '县区', message: expect.stringContaining('太原市小店区') });
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }).n).toBe(before);
  });
});

describe('indicator and milestone ledgers', () => {
  it('reads indicator rows against the plan’s targets, converting a measure that converts', async () => {
    const rows: Cell[][] = [
      indicatorRow('郊区', 'T17-dustfall', '2020-09', 8.2, '吨/月·平方公里'),
      indicatorRow('郊区', '月降尘量', '2020年8月', 9.6, '吨/月·平方公里'),
      indicatorRow('市工信局', '焦化产能淘汰压减量（累计）', '2020-09', 450000, '吨'),
      indicatorRow('郊区', '环境空气质量综合指数同比变化率', '2020-09', -3.5, '%'),
      indicatorRow('郊区', '降尘', '2020-09', 8, '吨'),
      indicatorRow('郊区', 'T17-dustfall', '2020-10', 8, '吨/月·平方公里'),
      indicatorRow('郊区', 'T08-coal-sampling-monthly', '2020-09', -20, '%'),
    ];
    const ws = newWorkspace();
    const r = imp(ws, '郊区指标报送2020年9月.xlsx', await xlsx({ sheets: [{ name: '指标', header: [...INDICATOR_HEADERS], rows }] }));
    expect(r).toMatchObject({ status: 'imported', kind: 'indicator', period: '2020-09' });
    const stored = ws.db.prepare('SELECT row_no, indicator, month, value, measure FROM indicator_rows WHERE row_status != ? ORDER BY row_no').all('rejected');
    expect(stored).toEqual([
      { row_no: 2, indicator: 'T17-dustfall', month: '2020-09', value: 8.2, measure: '吨/月·平方公里' },
      { row_no: 3, indicator: 'T17-dustfall', month: '2020-08', value: 9.6, measure: '吨/月·平方公里' },
      { row_no: 4, indicator: 'T01-coking-capacity-cut', month: '2020-09', value: 45, measure: '万吨' },
      { row_no: 5, indicator: 'G3-county-air-improve', month: '2020-09', value: -3.5, measure: '%' },
    ]);
    expect(at(r, 6, 'domain')[0]!.message).toContain('“降尘”不是方案中由指标报送台账报送的考核指标');
    expect(at(r, 7, 'date_range')[0]!.message).toBe('报送月份 2020-10 晚于本次报送的月份 2020-09。');
    expect(at(r, 8, 'negative')).toHaveLength(1);
  });

  it('reads milestone rows, and asks which one, by name, when a task has several milestones', async () => {
    const rows: Cell[][] = [
      milestoneRow('T21-list-revision', '郊区', '已完成', utcDate(2020, 8, 25), '郊环发〔2020〕12号'),
      milestoneRow('21', '郊区', '推进中', null, null),
      milestoneRow('任务7', '郊区', '推进中', null, null),
      milestoneRow('T07-coal-ban-zones', '城区', '已完成', null, '城政发〔2020〕3号'),
    ];
    const r = imp(newWorkspace(), '郊区2020年9月任务销号台账.xlsx', await xlsx({ sheets: [{ name: '销号', header: [...MILESTONE_HEADERS], rows }] }), { unit: '郊区' });
    expect(r.status).toBe('imported');
    expect(at(r, 3, 'domain')[0]!.message).toContain('“任务21 完成2019—2020年秋冬季重污染天气应急减排清单执行情况评估”');
    expect(at(r, 3, 'domain')[0]!.message).not.toMatch(/\bT\d\d-[a-z-]+/);
    expect(r.findings.filter((f) => f.row === 4)).toEqual([]);
    // 城区 is not held to the 禁煤区 milestone (only 平定县、盂县、郊区 are), and 已完成 needs a date
    expect(at(r, 5, 'unit_mismatch')).toHaveLength(2);
    expect(at(r, 5, 'done_without_date')).toHaveLength(1);
  });
});

describe('cells as Excel shows them', () => {
  it('reads a percentage-formatted 0.143 as 14.3 %, and does not call an unreadable date missing', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['矿区2020年9月指标报送']);
    ws.addRow(['单位', '指标', '报送月份', '数值', '计量单位']);
    ws.addRow(['矿区', '民用煤销售企业当月煤质抽检覆盖率', '2020年9月', 0.143, '%']);
    ws.getCell('D3').numFmt = '0.0%';
    const w = newWorkspace();
    const r = imp(w, 'i.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.rows).toMatchObject({ total: 1, rejected: 0 });
    expect(w.db.prepare('SELECT value, measure FROM indicator_rows').get()).toEqual({ value: 14.3, measure: '%' });

    const rows = boilerRows({ county: '盂县', count: 2, seed: 1, period: '2020-09' }).map((x) => [...x]);
    rows[0]![7] = '已淘汰';
    rows[0]![8] = '2020.9.31';
    const b = imp(newWorkspace(), 'b.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', titleRows: TITLE('盂县', '锅炉台账'), header: [...BOILER_HEADERS], rows }] }));
    expect(b.findings.filter((f) => f.row === 3).map((f) => f.code)).toEqual(['type']);
  });
});
