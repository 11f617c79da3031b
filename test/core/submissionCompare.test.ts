// A correction against the version it replaced: rows added, removed and changed, field by field.
import { describe, expect, it } from 'vitest';
import { compareSubmission } from '../../main/core/ledgers/compare';
import { createApi } from '../../main/core/api';
import { BOILER_HEADERS, MINE_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, vehicleRows } from '../fixtures/ledgerRows';
import { COMPARE_LIST_MAX } from '../../shared/ledgerModels';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { imp, newWorkspace } from '../support/importHarness';

const book = (title: string, header: readonly string[], rows: Cell[][]) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...header], rows }] });

describe('comparing a correction with the version it replaced', () => {
  it('lists the boilers added, removed and changed, and for a changed one only the fields that differ', async () => {
    const ws = newWorkspace();
    const first = boilerRows({ county: '平定县', count: 30, seed: 41, period: '2020-09' });
    const old = imp(ws, '平定县-锅炉台账-2020年9月.xlsx', await book('平定县2020年9月锅炉台账', BOILER_HEADERS, first), { unit: '平定县', period: '2020-09' });
    const fixed = first.map((r) => [...r]);
    const dropped = fixed.splice(12, 1)[0]!;
    fixed[3]![7] = '已淘汰';
    fixed[3]![8] = new Date(Date.UTC(2020, 8, 21));
    const extra = boilerRows({ county: '平定县', count: 1, seed: 99, period: '2020-09' })[0]!;
    fixed.push(extra);
    const corr = imp(ws, '平定县-锅炉台账-2020年9月（更正）.xlsx', await book('平定县2020年9月锅炉台账（更正）', BOILER_HEADERS, fixed), { unit: '平定县', period: '2020-09' });

    const c = compareSubmission(ws.db, corr.id!);
    expect(c.kind).toBe('boiler');
    expect(c.units).toEqual([{ unit: '平定县', replaced: expect.objectContaining({ id: old.id, file: '平定县-锅炉台账-2020年9月.xlsx' }) }]);
    expect(c.removed.map((r) => r.values.boilerNo)).toEqual([dropped[3]]);
    expect(c.added.map((r) => r.values.boilerNo)).toEqual([extra[3]]);
    expect(c.changed).toHaveLength(1);
    expect(c.changed[0]!.key).toContain(String(first[3]![3]));
    expect(c.changed[0]!.fields.map((f) => [f.field, f.after])).toEqual(
      expect.arrayContaining([
        ['status', '已淘汰'],
        ['retiredOn', '2020-09-21'],
      ]),
    );
    expect(c.changed[0]!.fields.every((f) => ['status', 'retiredOn'].includes(f.field))).toBe(true);
    // each side says where the row is in its own file
    expect(c.changed[0]!.before.rowNo).toBe(c.changed[0]!.after.rowNo);
    expect(c.removed[0]!.rowNo).toBeGreaterThan(c.changed[0]!.before.rowNo);
    expect(c.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 28 });
  });

  it('shows what a refused row said before it was corrected, not an empty value', async () => {
    const ws = newWorkspace();
    const first = boilerRows({ county: '矿区', count: 12, seed: 43, period: '2020-09' });
    first[4]![4] = '煤改气';
    imp(ws, '矿区-锅炉台账-2020年9月.xlsx', await book('矿区2020年9月锅炉台账', BOILER_HEADERS, first), { unit: '矿区', period: '2020-09' });
    const fixed = first.map((r) => [...r]);
    fixed[4]![4] = '燃气';
    const corr = imp(ws, '矿区-锅炉台账-2020年9月（更正）.xlsx', await book('矿区2020年9月锅炉台账', BOILER_HEADERS, fixed), { unit: '矿区', period: '2020-09' });
    const c = compareSubmission(ws.db, corr.id!);
    expect(c.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 11 });
    expect(c.changed[0]!.before.status).toBe('rejected');
    expect(c.changed[0]!.after.status).not.toBe('rejected');
    expect(c.changed[0]!.fields).toEqual([{ field: 'fuel', before: '煤改气', after: '燃气' }]);
  });

  it('matches mines by name whatever their order, and tells a new file from a correction', async () => {
    const ws = newWorkspace();
    const rows = mineRows({ county: '郊区', count: 15, seed: 51, period: '2020-09' });
    const first = imp(ws, '郊区-矿山-2020年9月.xlsx', await book('郊区2020年9月露天矿山台账', MINE_HEADERS, rows), { unit: '郊区', period: '2020-09' });
    const reordered = [...rows].reverse().map((r) => [...r]);
    reordered[0]![10] = '覆土绿化、边坡治理';
    const corr = imp(ws, '郊区-矿山-2020年9月（更正）.xlsx', await book('郊区2020年9月露天矿山台账', MINE_HEADERS, reordered), { unit: '郊区', period: '2020-09' });
    expect(corr.status).toBe('imported');
    const c = compareSubmission(ws.db, corr.id!);
    expect(c.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 14 });
    expect(c.changed[0]!.fields).toEqual([{ field: 'measures', before: rows.at(-1)![10] ?? null, after: '覆土绿化、边坡治理' }]);

    const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });
    await expect(async () => api['submissions.compare']({ id: first.id! })).rejects.toThrow(/没有替换任何此前的版本.*请在报送历史中选择一份更正文件/);
    await expect(async () => api['submissions.compare']({ id: 9999 })).rejects.toThrow(/没有编号为 9999 的报送/);
  });

  it('sums up a wholly rewritten ledger and lists only the first rows of each kind of change', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '城区', count: 620, seed: 52, period: '2020-09' });
    imp(ws, '城区-车辆-2020年9月.xlsx', await book('城区2020年9月老旧车淘汰台账', VEHICLE_HEADERS, rows), { unit: '城区', period: '2020-09' });
    // every truck's note rewritten, the subsidies left alone
    const fixed = rows.map((r) => {
      const x = [...r];
      x[11] = '已核实';
      return x;
    });
    const corr = imp(ws, '城区-车辆-2020年9月（更正）.xlsx', await book('城区2020年9月老旧车淘汰台账', VEHICLE_HEADERS, fixed), { unit: '城区', period: '2020-09' });
    const c = compareSubmission(ws.db, corr.id!);
    expect(c.counts.changed + c.counts.unchanged).toBe(620);
    expect(c.counts.changed).toBeGreaterThan(COMPARE_LIST_MAX);
    expect(c.changed).toHaveLength(COMPARE_LIST_MAX);
    expect(c.changed.every((x) => x.fields.every((f) => f.field === 'note' && f.after === '已核实'))).toBe(true);
  });
});
