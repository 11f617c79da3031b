import { describe, expect, it } from 'vitest';
import { xlsx } from '../../fixtures/workbooks';
import { BOILER_HEADERS, MINE_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, vehicleRows } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';
import type { ImportResult } from '../../../main/core/importer/importFile';
import { LEDGERS } from '../../../main/core/ledgers';
import type { FieldDef } from '../../../main/core/ledgers/types';
import { readCell } from '../../../main/core/importer/rowReader';
import { SEPTEMBER_2020 } from '../../support/rowContext';

const ctx = SEPTEMBER_2020;
const field = (kind: keyof typeof LEDGERS, key: string): FieldDef => LEDGERS[kind].fields.find((f) => f.key === key)!;
const at = (r: ImportResult, row: number) => r.findings.filter((f) => f.row === row);

describe('sizes no ledger can hold', () => {
  it('refuses an area larger than a county, and 1e308, with the plausible range — never ∞', async () => {
    const rows = mineRows({ county: '盂县', count: 5, seed: 9, period: '2020-09' }).map((r) => [...r]);
    rows[0]![7] = 99_999_999;
    rows[1]![7] = 1e308;
    rows[1]![8] = 0;
    rows[2]![7] = 3_000_000; // a large county-wide figure, but possible
    rows[2]![8] = 0;
    const ws = newWorkspace();
    const r = imp(ws, 'm.xlsx', await xlsx({ sheets: [{ name: '矿山', titleRows: ['盂县2020年9月露天矿山台账'], header: [...MINE_HEADERS], rows }] }));
    expect(r.status).toBe('imported');
    expect(at(r, 3)).toContainEqual({
      severity: 'error',
      code: 'domain',
      sheet: '矿山',
      row: 3,
      column: '需治理面积（亩）',
      col: 7,
      message: '“需治理面积（亩）”99,999,999 亩超出合理范围：单个矿山的面积不会超过一个县的土地面积（约 378 万亩）。请核实数值和计量单位。',
    });
    expect(at(r, 4).find((f) => f.code === 'domain')!.message).toBe(
      '“需治理面积（亩）”1×10³⁰⁸ 亩超出合理范围：单个矿山的面积不会超过一个县的土地面积（约 378 万亩）。请核实数值和计量单位。',
    );
    expect(at(r, 5).filter((f) => f.code === 'domain')).toEqual([]);
    expect(r.rows).toMatchObject({ total: 5, rejected: 2 });
    expect(r.findings.filter((f) => /∞|Infinity|e\+/.test(f.message))).toEqual([]);
    const stored = ws.db.prepare('SELECT area_to_restore FROM mine_rows ORDER BY row_no').all() as { area_to_restore: number | null }[];
    expect(stored.slice(0, 3).map((s) => s.area_to_restore)).toEqual([null, null, 3_000_000]);
  });

  it('applies the bound after converting 公顷, and shows both figures', async () => {
    const header = MINE_HEADERS.map((h) => h.replace('（亩）', '（公顷）'));
    const rows = mineRows({ county: '平定县', count: 3, seed: 2, period: '2020-09' }).map((r) => [...r]);
    rows[0]![7] = 300_000; // 4,500,000 亩
    rows[0]![8] = 0;
    rows[1]![7] = 1e308; // ∞ once multiplied by 15
    rows[1]![8] = 0;
    rows[2]![7] = 200_000; // 3,000,000 亩: within the bound
    rows[2]![8] = 0;
    const r = imp(newWorkspace(), 'm.xlsx', await xlsx({ sheets: [{ name: '矿山', titleRows: ['平定县2020年9月露天矿山台账'], header, rows }] }));
    expect(at(r, 3).find((f) => f.code === 'domain')!.message).toBe(
      '“需治理面积（亩）”300,000 公顷（合 4,500,000 亩）超出合理范围：单个矿山的面积不会超过一个县的土地面积（约 378 万亩）。请核实数值和计量单位。',
    );
    expect(at(r, 4).find((f) => f.code === 'domain')!.message).toBe(
      '“需治理面积（亩）”1×10³⁰⁸ 公顷超出合理范围：单个矿山的面积不会超过一个县的土地面积（约 378 万亩）。请核实数值和计量单位。',
    );
    expect(at(r, 5).filter((f) => f.code === 'domain')).toEqual([]);
  });

  it('refuses a boiler larger than any boiler, MW converted, and an impossible NOx concentration', async () => {
    const rows = boilerRows({ county: '郊区', count: 4, seed: 6, period: '2020-09' }).map((r) => [...r]);
    rows[0]![5] = 5_000;
    rows[1]![5] = 2_000; // a big utility boiler: possible
    rows[2]![11] = 30_000; // μg/m³ typed as mg/m³
    rows[3]![11] = 1_200; // an untreated coal boiler: possible
    const r = imp(newWorkspace(), 'b.xlsx', await xlsx({ sheets: [{ name: '锅炉', titleRows: ['郊区2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows }] }));
    expect(at(r, 3).find((f) => f.code === 'domain')).toMatchObject({
      column: '额定蒸发量（蒸吨/小时）',
      message: '“额定蒸发量（蒸吨/小时）”5,000 蒸吨/小时超出合理范围：目前最大的电站锅炉额定蒸发量也只有约 3,000 蒸吨/小时。请核实数值和计量单位。',
    });
    expect(at(r, 4).filter((f) => f.code === 'domain')).toEqual([]);
    expect(at(r, 5).find((f) => f.code === 'domain')!.message).toBe(
      '“改造后氮氧化物浓度（mg/m³）”30,000 mg/m³超出合理范围：即使未经任何治理，锅炉烟气中的氮氧化物浓度也只有数百至约 2,000 mg/m³。请核实数值和计量单位。',
    );
    expect(at(r, 6).filter((f) => f.code === 'domain')).toEqual([]);

    const mw = BOILER_HEADERS.map((h) => (h.startsWith('额定蒸发量') ? '额定功率（MW）' : h));
    const one = [[...rows[1]!.slice(0, 5), 3_000, ...rows[1]!.slice(6)]];
    const rm = imp(newWorkspace(), 'b.xlsx', await xlsx({ sheets: [{ name: '锅炉', titleRows: ['郊区2020年9月锅炉台账'], header: mw, rows: one }] }));
    expect(at(rm, 3).find((f) => f.code === 'domain')!.message).toBe(
      '“额定蒸发量（蒸吨/小时）”3,000 MW（合 4,285.71 蒸吨/小时）超出合理范围：目前最大的电站锅炉额定蒸发量也只有约 3,000 蒸吨/小时。请核实数值和计量单位。',
    );
  });

  it('refuses a subsidy over a billion 元, in 元 or 万元', async () => {
    const rows = vehicleRows({ county: '城区', count: 2, seed: 8, period: '2020-09' }).map((r) => [...r]);
    rows[0]![10] = 2_000_000_000;
    rows[1]![10] = 35_000;
    const r = imp(newWorkspace(), 'v.xlsx', await xlsx({ sheets: [{ name: '车辆', titleRows: ['城区2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows }] }));
    expect(at(r, 3).find((f) => f.code === 'domain')!.message).toBe('“补贴金额（元）”2,000,000,000 元超出合理范围：单辆车的淘汰补贴不可能超过 10 亿元。请核实数值和计量单位。');
    expect(at(r, 4).filter((f) => f.code === 'domain')).toEqual([]);

    const wan = VEHICLE_HEADERS.map((h) => h.replace('（元）', '（万元）'));
    rows[0]![10] = 200_000;
    rows[1]![10] = 3.5;
    const rw = imp(newWorkspace(), 'v.xlsx', await xlsx({ sheets: [{ name: '车辆', titleRows: ['城区2020年9月车辆淘汰台账'], header: wan, rows }] }));
    expect(at(rw, 3).find((f) => f.code === 'domain')!.message).toBe(
      '“补贴金额（元）”200,000 万元（合 2,000,000,000 元）超出合理范围：单辆车的淘汰补贴不可能超过 10 亿元。请核实数值和计量单位。',
    );
    expect(at(rw, 4).filter((f) => f.code === 'domain')).toEqual([]);
  });

  it('bounds every number field, even one without a bound of its own', () => {
    const value = field('indicator', 'value');
    expect(readCell(value, 5e11, 1, ctx)).toEqual({ value: 5e11 });
    expect(readCell(value, -2e13, 1, ctx)).toEqual({
      value: null,
      issue: { severity: 'error', code: 'domain', message: '“数值”-20,000,000,000,000超出合理范围：台账中的任何数值都不会超过 1 万亿。请核实数值和计量单位。' },
    });
    // a number typed as 400 digits of text is ∞ to JavaScript: it is quoted as written
    const digits = '9'.repeat(400);
    expect(readCell(value, digits, 1, ctx).issue).toMatchObject({ code: 'domain', message: `“数值”${digits.slice(0, 40)}超出合理范围：台账中的任何数值都不会超过 1 万亿。请核实数值和计量单位。` });
    // negatives are still negatives
    expect(readCell(field('mine', 'areaRestored'), -12.5, 1, ctx).issue).toMatchObject({ code: 'negative', message: '“已完成治理面积（亩）”不能为负数（-12.5）。' });
  });
});
