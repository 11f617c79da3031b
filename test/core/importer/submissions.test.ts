import { describe, expect, it } from 'vitest';
import { xlsx, type Cell, type SheetSpec } from '../../fixtures/workbooks';
import { BOILER_HEADERS, MINE_HEADERS, PERMIT_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, permitRows, utcDate, vehicleRows } from '../../fixtures/ledgerRows';
import { imp, newWorkspace, tableCounts, NOW } from '../../support/importHarness';
import { ledgerSummary } from '../../../main/core/ledgers/totals';

const sheet = (title: string, headers: readonly string[], rows: Cell[][], extra: Partial<SheetSpec> = {}): SheetSpec => ({
  name: 'Sheet1',
  titleRows: [title],
  header: [...headers],
  rows,
  ...extra,
});

describe('submissions', () => {
  it('recognizes the same bytes again and imports nothing', async () => {
    const ws = newWorkspace();
    const bytes = await xlsx({ sheets: [sheet('盂县2020年9月锅炉台账', BOILER_HEADERS, boilerRows({ county: '盂县', count: 5, seed: 1, period: '2020-09' }))] });
    const first = imp(ws, '盂县锅炉.xlsx', bytes);
    const counts = tableCounts(ws);
    const second = imp(ws, '盂县锅炉（再发一次）.xlsx', bytes);
    expect(second).toMatchObject({ status: 'duplicate_file', id: null, duplicateOf: { id: first.id, file: '盂县锅炉.xlsx' } });
    expect(tableCounts(ws)).toEqual(counts);
  });

  it('a corrected file supersedes the earlier one, which stays in history; totals use the latest', async () => {
    const ws = newWorkspace();
    const rows = boilerRows({ county: '盂县', count: 8, seed: 4, period: '2020-09' }).map((r) => [...r]);
    rows.forEach((r) => {
      r[4] = '燃气';
      r[7] = '在用';
      r[9] = '否';
      r[10] = null;
    });
    const v1 = imp(ws, 'v1.xlsx', await xlsx({ sheets: [sheet('盂县2020年9月锅炉台账', BOILER_HEADERS, rows)] }));
    rows[0]![9] = '是';
    rows[0]![10] = utcDate(2020, 9, 20);
    rows[1]![9] = '是';
    rows[1]![10] = utcDate(2020, 9, 21);
    const v2 = imp(ws, 'v2（更正）.xlsx', await xlsx({ sheets: [sheet('盂县2020年9月锅炉台账', BOILER_HEADERS, rows)] }));
    expect(v2).toMatchObject({ status: 'imported', supersedes: { id: v1.id, file: 'v1.xlsx' } });
    const subs = ws.db.prepare('SELECT id, status, superseded_by_id, superseded_at, supersedes_id FROM submissions ORDER BY id').all();
    expect(subs).toEqual([
      { id: v1.id, status: 'superseded', superseded_by_id: v2.id, superseded_at: NOW.toISOString(), supersedes_id: null },
      { id: v2.id, status: 'current', superseded_by_id: null, superseded_at: null, supersedes_id: v1.id },
    ]);
    // the earlier rows are kept; the totals count only the current version
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM boiler_rows').get() as { n: number }).n).toBe(16);
    expect(ledgerSummary(ws.db, '2020-09-30').units['盂县']!.boiler).toEqual({ smallCoalTotal: 0, smallCoalRemaining: 0, gasTotal: 8, gasRetrofitted: 2, reported: true });
  });

  it('writes all or nothing: a failure mid-way leaves the workspace exactly as before', async () => {
    const ws = newWorkspace();
    imp(ws, 'aug.xlsx', await xlsx({ sheets: [sheet('城区2020年8月车辆淘汰台账', VEHICLE_HEADERS, vehicleRows({ county: '城区', count: 20, seed: 1, period: '2020-08' }))] }));
    const before = tableCounts(ws);
    // the disk fills up on the 50th row of the next import
    ws.db.exec(`CREATE TEMP TRIGGER disk_full BEFORE INSERT ON vehicle_rows WHEN (SELECT COUNT(*) FROM vehicle_rows) >= 69 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`);
    const sep = await xlsx({ sheets: [sheet('城区2020年9月车辆淘汰台账', VEHICLE_HEADERS, vehicleRows({ county: '城区', count: 100, seed: 2, period: '2020-09' }))] });
    expect(() => imp(ws, 'sep.xlsx', sep)).toThrow(/disk is full/);
    expect(tableCounts(ws)).toEqual(before);
    ws.db.exec('DROP TRIGGER disk_full');
    expect(imp(ws, 'sep.xlsx', sep).status).toBe('imported');
  });
});

describe('checks across rows and files', () => {
  it('the same object twice in one file: the second is refused and points at the first', async () => {
    const rows = vehicleRows({ county: '城区', count: 6, seed: 9, period: '2020-09' }).map((r) => [...r]);
    rows[4]![1] = rows[1]![1]!;
    rows[5]![2] = rows[0]![2]!;
    const r = imp(newWorkspace(), 'v.xlsx', await xlsx({ sheets: [sheet('城区2020年9月车辆淘汰台账', VEHICLE_HEADERS, rows)] }));
    const dups = r.findings.filter((f) => f.code === 'duplicate');
    expect(dups).toEqual([
      expect.objectContaining({ severity: 'error', row: 7, column: '号牌号码', message: '号牌号码与第 4 行重复，本行不计入。', related: { sheet: 'Sheet1', row: 4 } }),
      expect.objectContaining({ severity: 'error', row: 8, column: '车辆识别代号', message: '车辆识别代号与第 3 行重复，本行不计入。' }),
    ]);
  });

  it('the same plate reported by another county for the same month is a warning on the later file', async () => {
    const ws = newWorkspace();
    const a = vehicleRows({ county: '城区', count: 5, seed: 1, period: '2020-09' });
    const b = vehicleRows({ county: '矿区', count: 5, seed: 2, period: '2020-09' }).map((r) => [...r]);
    b[2]![1] = a[3]![1]!;
    imp(ws, '城区车辆.xlsx', await xlsx({ sheets: [sheet('城区2020年9月车辆淘汰台账', VEHICLE_HEADERS, a)] }));
    const r = imp(ws, '矿区车辆.xlsx', await xlsx({ sheets: [sheet('矿区2020年9月车辆淘汰台账', VEHICLE_HEADERS, b)] }));
    const dup = r.findings.find((f) => f.code === 'duplicate')!;
    expect(dup).toMatchObject({ severity: 'warning', row: 5, column: '号牌号码', related: { unit: '城区', file: '城区车辆.xlsx', row: 6 } });
    expect(dup.message).toContain('城区报送的2020年9月台账“城区车辆.xlsx”工作表“Sheet1”第 6 行重复');
    expect(r.rows.rejected).toBe(0);
    // the same county's own next-month ledger repeating its plates is normal (ledgers are cumulative);
    // only the plate 矿区 also reported is flagged again
    const again = imp(ws, '城区10月.xlsx', await xlsx({ sheets: [sheet('城区2020年10月车辆淘汰台账', VEHICLE_HEADERS, a)] }));
    expect(again.findings.filter((f) => f.code === 'duplicate').map((f) => [f.row, f.related?.unit])).toEqual([[6, '矿区']]);
  });

  it('a mine whose restored area falls since last month is flagged', async () => {
    const ws = newWorkspace();
    const aug = mineRows({ county: '郊区', count: 4, seed: 6, period: '2020-08' }).map((r) => [...r]);
    aug[1]![7] = 300;
    aug[1]![8] = 200;
    imp(ws, 'aug.xlsx', await xlsx({ sheets: [sheet('郊区2020年8月露天矿山台账', MINE_HEADERS, aug)] }));
    const sep = aug.map((r) => [...r]);
    sep[1]![8] = 150;
    const r = imp(ws, 'sep.xlsx', await xlsx({ sheets: [sheet('郊区2020年9月露天矿山台账', MINE_HEADERS, sep)] }));
    expect(r.findings.find((f) => f.code === 'cumulative_decrease')).toMatchObject({
      severity: 'warning',
      row: 4,
      column: '已完成治理面积（亩）',
      message: expect.stringContaining('已完成治理面积为 150 亩，少于2020年8月报送的 200 亩'),
    });
  });

  it('a 合计 row and a 汇总 sheet that disagree with the detail rows are findings, not crashes', async () => {
    const mines = mineRows({ county: '开发区', count: 3, seed: 3, period: '2020-09' }).map((r) => [...r]);
    mines.forEach((r, i) => {
      r[7] = 100 + i;
      r[8] = 50;
    });
    const detail: SheetSpec = { ...sheet('开发区2020年9月露天矿山台账', MINE_HEADERS, mines), name: '明细', totalRow: { label: '合计', values: { 7: 999, 8: 150 } } };
    const summary: SheetSpec = { name: '汇总', header: ['县区', '矿山数量', '需治理面积（亩）', '已完成治理面积（亩）'], rows: [['开发区', 4, 303, 150]] };
    const r = imp(newWorkspace(), 'mines.xlsx', await xlsx({ sheets: [summary, detail] }));
    const mism = r.findings.filter((f) => f.code === 'total_mismatch');
    expect(mism).toEqual([
      expect.objectContaining({ sheet: '明细', row: 6, column: '需治理面积（亩）', message: '“合计”行的“需治理面积（亩）”为 999，而上方 3 行明细合计为 303，相差 696。' }),
      expect.objectContaining({ sheet: '汇总', row: 2, column: '矿山数量', message: '汇总表中开发区的“矿山数量”为 4，而明细表中开发区共有 3 行。' }),
    ]);
    expect(r.status).toBe('imported');
  });
});

describe('ledger totals per unit (the summary command)', () => {
  it('adds up the latest ledgers exactly as defined, by hand', async () => {
    const ws = newWorkspace();
    const mine: Cell[][] = [
      ['平定县', '甲石料厂', '石灰岩', '是', '已关闭', '否', utcDate(2020, 8, 20), 0, 0, null, null, null],
      ['平定县', '乙石料厂', '石灰岩', '是', '已关闭', '否', utcDate(2020, 10, 5), 0, 0, null, null, null], // closed in October
      ['平定县', '丙石料厂', '石灰岩', '是', '在产', '否', null, 0, 0, null, null, null],
      ['平定县', '丁废弃矿', '铝土矿', '否', '废弃', '是', null, 300, 120.5, null, null, null],
      ['平定县', '戊关闭矿', '铝土矿', '否', '已关闭', '是', utcDate(2019, 4, 1), 80, 80, utcDate(2020, 6, 1), null, null], // ownerless → counts
      ['平定县', '己在产矿', '铝土矿', '否', '在产', '否', null, 50, 40, null, null, null], // not abandoned → not counted
    ];
    imp(ws, 'mine.xlsx', await xlsx({ sheets: [sheet('平定县2020年10月露天矿山台账', MINE_HEADERS, mine)] }));
    const boiler: Cell[][] = [
      ['平定县', '甲厂', null, 'B1', '燃煤', 10, '供暖', '在用', null, '否', null, null, null],
      ['平定县', '乙厂', null, 'B2', '燃煤', 20, '供暖', '已拆除', utcDate(2020, 5, 1), '否', null, null, null],
      ['平定县', '丙厂', null, 'B3', '燃煤', 35, '供暖', '在用', null, '否', null, null, null], // not under 35
      ['平定县', '丁厂', null, 'B4', '燃气', 2, '供暖', '在用', null, '是', utcDate(2020, 8, 1), 30, null],
      ['平定县', '戊厂', null, 'B5', '燃气', 2, '供暖', '停用', null, '否', null, null, null],
      ['平定县', '己厂', null, 'B6', '燃气', 2, '供暖', '已淘汰', utcDate(2020, 3, 1), '否', null, null, null],
    ];
    imp(ws, 'boiler.xlsx', await xlsx({ sheets: [sheet('平定县2020年9月锅炉台账', BOILER_HEADERS, boiler)] }));
    const vehicle: Cell[][] = [
      ['平定县', '晋C10001', null, '重型货车', '柴油', '国三', '营运', '甲', '报废', utcDate(2020, 5, 1), 30000, null],
      ['平定县', '晋C10002', null, '中型货车', '柴油', '国二', '营运', '乙', '报废', utcDate(2020, 9, 30), 18000, null],
      ['平定县', '晋C10003', null, '轻型货车', '柴油', '国三', '营运', '丙', '报废', utcDate(2020, 5, 1), 8000, null], // light
      ['平定县', '晋C10004', null, '重型货车', '柴油', '国四', '营运', '丁', '报废', utcDate(2020, 5, 1), 30000, null], // 国四
      ['平定县', '晋C10005', null, '重型货车', '柴油', '国三', '非营运', '戊', '报废', utcDate(2020, 5, 1), 18000, null], // 非营运
      ['平定县', '晋C10006', null, '重型货车', '天然气', '国三', '营运', '己', '报废', utcDate(2020, 5, 1), 18000, null], // not diesel
    ];
    imp(ws, 'vehicle.xlsx', await xlsx({ sheets: [sheet('平定县2020年9月车辆淘汰台账', VEHICLE_HEADERS, vehicle)] }));
    const p = permitRows({ county: '平定县', count: 3, seed: 1, period: '2020-09' }).map((r) => [...r]);
    p[0]![8] = '已发证';
    p[0]![6] = utcDate(2020, 6, 1);
    p[0]![7] = utcDate(2025, 5, 31);
    p[1]![8] = '未发证';
    p[1]![5] = null;
    p[1]![6] = null;
    p[1]![7] = null;
    p[2]![8] = '注销';
    imp(ws, 'permit.xlsx', await xlsx({ sheets: [sheet('平定县2020年9月排污许可台账', PERMIT_HEADERS, p)] }));

    const s = ledgerSummary(ws.db, '2020-09-30');
    // the October mine ledger is later than the as-of month: not used
    expect(s.units['平定县']!.mine).toEqual({ builtupTotal: 0, builtupClosed: 0, restoredMu: 0, reported: false });
    expect(s.units['平定县']!.boiler).toEqual({ smallCoalTotal: 2, smallCoalRemaining: 1, gasTotal: 2, gasRetrofitted: 1, reported: true });
    expect(s.units['平定县']!.vehicle).toEqual({ rows: 6, eligibleRetired: 2, reported: true });
    expect(s.units['平定县']!.permit).toEqual({ listed: 2, covered: 1, reported: true });
    const oct = ledgerSummary(ws.db, '2020-10-31');
    // by the end of October 乙石料厂 (closed 2020-10-05) counts as closed too
    expect(oct.units['平定县']!.mine).toEqual({ builtupTotal: 3, builtupClosed: 2, restoredMu: 200.5, reported: true });
  });
});

describe('withdrawing a misfiled submission', () => {
  it('stops it counting, keeps it in history, reinstates what it replaced, and lets the file in again rightly filed', async () => {
    const ws = newWorkspace();
    const { createApi } = await import('../../../main/core/api');
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => NOW }, user: '分析员' });
    const sep = await xlsx({ sheets: [sheet('盂县2020年9月锅炉台账', BOILER_HEADERS, boilerRows({ county: '盂县', count: 4, seed: 1, period: '2020-09' }))] });
    const oct = await xlsx({ sheets: [sheet('盂县锅炉台账', BOILER_HEADERS, boilerRows({ county: '盂县', count: 5, seed: 2, period: '2020-09' }))] });
    const first = imp(ws, 'sep.xlsx', sep);
    // the October file is filed under September by mistake and replaces the real September ledger
    const wrong = imp(ws, 'oct.xlsx', oct, { period: '2020-09' });
    expect(wrong.supersedes?.id).toBe(first.id);
    const w = await api['submissions.withdraw']({ id: wrong.id!, reason: '误作9月台账导入，应为10月' });
    expect(w.withdrawn).toMatchObject({ by: '分析员', reason: '误作9月台账导入，应为10月' });
    expect(ws.db.prepare('SELECT id, status FROM submissions ORDER BY id').all()).toEqual([
      { id: first.id, status: 'current' },
      { id: wrong.id, status: 'superseded' },
    ]);
    expect(ledgerSummary(ws.db, '2020-09-30').units['盂县']!.boiler.reported).toBe(true);
    const again = imp(ws, 'oct.xlsx', oct, { period: '2020-10' });
    expect(again).toMatchObject({ status: 'imported', period: '2020-10', supersedes: null });
    await expect(async () => api['submissions.withdraw']({ id: wrong.id!, reason: '再撤一次' })).rejects.toThrow(/已于/);
  });
});

describe('what a refused duplicate row said', () => {
  it('keeps the cells of a row refused only as a duplicate', async () => {
    const rows = vehicleRows({ county: '城区', count: 3, seed: 9, period: '2020-09' }).map((r) => [...r]);
    rows[2]![1] = rows[0]![1]!;
    const ws = newWorkspace();
    const r = imp(ws, 'v.xlsx', await xlsx({ sheets: [sheet('城区2020年9月车辆淘汰台账', VEHICLE_HEADERS, rows)] }));
    expect(r.problemRows!.find((p) => p.row === 5)!.cells.find((c) => c.header === '号牌号码')!.text).toBe(rows[0]![1]);
    const raw = (ws.db.prepare(`SELECT raw FROM vehicle_rows WHERE row_status = 'rejected'`).get() as { raw: string }).raw;
    expect(JSON.parse(raw).plate).toBe(rows[0]![1]);
  });
});
