import { describe, expect, it } from 'vitest';
import { csv, type Cell } from '../../fixtures/workbooks';
import { MINE_HEADERS, mineRows } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';
import type { ImportResult } from '../../../main/core/importer/importFile';
import { LEDGERS } from '../../../main/core/ledgers';
import type { FieldDef } from '../../../main/core/ledgers/types';
import { readCell, readRow } from '../../../main/core/importer/rowReader';
import { SEPTEMBER_2020 } from '../../support/rowContext';
import { FormulaProblem } from '../../../main/core/importer/values';
import { FINDING_CODE_LABEL } from '../../../shared/ledgerModels';

const ctx = SEPTEMBER_2020;
const field = (kind: keyof typeof LEDGERS, key: string): FieldDef => LEDGERS[kind].fields.find((f) => f.key === key)!;
const at = (r: ImportResult, row: number) => r.findings.filter((f) => f.row === row);

describe('formula cells without a usable value', () => {
  const restored = field('mine', 'areaRestored');
  const capacity = field('boiler', 'capacity');

  it('reports an error value, as an error for a required column and a warning otherwise', () => {
    expect(readCell(restored, new FormulaProblem('error', '#DIV/0!'), 1, ctx)).toEqual({
      value: null,
      issue: { severity: 'warning', code: 'formula_error', message: '“已完成治理面积（亩）”是公式错误值 #DIV/0!，无法读取数值。请在 Excel 中修正公式或改填数值后重新报送。' },
    });
    expect(readCell(capacity, new FormulaProblem('error', '#REF!'), 1, ctx).issue).toMatchObject({ severity: 'error', code: 'formula_error' });
    expect(readCell(field('vehicle', 'retiredOn'), new FormulaProblem('error', '#VALUE!'), 1, ctx)).toEqual({
      value: null,
      issue: { severity: 'error', code: 'formula_error', message: '“淘汰日期”是公式错误值 #VALUE!，无法读取日期。请在 Excel 中修正公式或改填日期后重新报送。' },
    });
  });

  it('reports a formula saved without its result, quoting the formula', () => {
    expect(readCell(capacity, new FormulaProblem('no_cached_value', 'SUM(H3:H9)'), 1, ctx)).toEqual({
      value: null,
      issue: {
        severity: 'error',
        code: 'no_cached_value',
        message: '“额定蒸发量（蒸吨/小时）”是公式（=SUM(H3:H9)），但文件中没有保存计算结果（可能由不计算公式的软件生成）。请在 Excel 或 WPS 中打开并保存后重新报送。',
      },
    });
  });

  it('never reads #N/A as 否, as empty, or as text', () => {
    const na = new FormulaProblem('error', '#N/A');
    expect(readCell(field('boiler', 'lowNox'), na, 1, ctx)).toMatchObject({ value: null, issue: { code: 'formula_error', severity: 'warning' } });
    expect(readCell(field('mine', 'mineral'), na, 1, ctx)).toMatchObject({ value: null, issue: { code: 'formula_error', message: expect.stringContaining('无法读取内容') } });
    expect(readCell(field('mine', 'name'), na, 1, ctx)).toMatchObject({ value: null, issue: { code: 'formula_error', severity: 'error' } });
  });

  it('puts the finding on the row, in the column', () => {
    const def = LEDGERS.mine;
    const columns = ['name', 'areaToRestore', 'areaRestored'].map((key, col) => ({ col, header: key, field: def.fields.find((f) => f.key === key)!, factor: 1 }));
    const { values, issues } = readRow(['甲石料厂', new FormulaProblem('no_cached_value', '=H3*0.5'), new FormulaProblem('error', '#DIV/0!')], columns, ctx);
    expect(values).toEqual({ name: '甲石料厂', areaToRestore: null, areaRestored: null });
    expect(issues.map((i) => [i.field, i.col, i.code, i.severity])).toEqual([
      ['areaToRestore', 1, 'no_cached_value', 'warning'],
      ['areaRestored', 2, 'formula_error', 'warning'],
    ]);
    expect(issues[0]!.message).toContain('是公式（=H3*0.5）');
  });

  it('reports error values a CSV export keeps as text, and stores no “#DIV/0!”', () => {
    const rows: Cell[][] = mineRows({ county: '郊区', count: 3, seed: 4, period: '2020-09' }).map((r) => [...r]);
    rows[0]![8] = '#DIV/0!';
    rows[1]![2] = '#N/A';
    const ws = newWorkspace();
    const r = imp(ws, '郊区-露天矿山台账-2020年9月.csv', csv([[...MINE_HEADERS], ...rows], 'utf8-bom'));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 3, rejected: 0, warned: 2 } });
    expect(at(r, 2)).toContainEqual(expect.objectContaining({ code: 'formula_error', column: '已完成治理面积（亩）', message: expect.stringContaining('是公式错误值 #DIV/0!') }));
    expect(at(r, 3)).toContainEqual(expect.objectContaining({ code: 'formula_error', column: '矿种', message: expect.stringContaining('是公式错误值 #N/A') }));
    const stored = ws.db.prepare('SELECT mineral, area_restored FROM mine_rows ORDER BY row_no').all() as { mineral: string | null; area_restored: number | null }[];
    expect(stored[0]!.area_restored).toBeNull();
    expect(stored[1]!.mineral).toBeNull();
  });
});

describe('text longer than a cell can hold', () => {
  const note = field('mine', 'note');

  it('keeps the first 32,767 characters and says so', () => {
    const r = readCell(note, 'x'.repeat(40_000), 1, ctx);
    expect((r.value as string).length).toBe(32_767);
    expect(r.issue).toEqual({
      severity: 'warning',
      code: 'too_long',
      message: '“备注”有 40,000 个字符，超过 Excel 单元格 32,767 个字符的上限，只导入了前 32,767 个字符。请核实该单元格是否误填了大段内容。',
    });
    expect(readCell(note, 'x'.repeat(32_767), 1, ctx)).toEqual({ value: 'x'.repeat(32_767) });
    // a character outside the BMP straddling the limit is left out whole
    const cut = readCell(note, 'x'.repeat(32_766) + '😀' + 'y', 1, ctx).value as string;
    expect(cut).toBe('x'.repeat(32_766));
  });

  it('imports the row with a warning from a CSV', () => {
    const rows: Cell[][] = mineRows({ county: '郊区', count: 2, seed: 4, period: '2020-09' }).map((r) => [...r]);
    rows[1]![11] = '情况说明'.repeat(10_000);
    const ws = newWorkspace();
    const r = imp(ws, '郊区-露天矿山台账-2020年9月.csv', csv([[...MINE_HEADERS], ...rows], 'utf8'));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 2, rejected: 0, warned: 1 } });
    expect(at(r, 3)).toEqual([expect.objectContaining({ severity: 'warning', code: 'too_long', column: '备注' })]);
    expect((ws.db.prepare('SELECT note FROM mine_rows ORDER BY row_no').all() as { note: string | null }[])[1]!.note!.length).toBe(32_767);
  });
});

it('labels every new finding code in Chinese', () => {
  for (const code of ['formula_error', 'no_cached_value', 'too_long', 'unmapped_columns']) expect(FINDING_CODE_LABEL[code]).toMatch(/[\u4e00-\u9fff]/);
});
