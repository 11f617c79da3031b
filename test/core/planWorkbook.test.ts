import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { checkPlanWorkbook } from '../../main/core/plan/planWorkbook';
import { builtInTemplate, columnOf, handWrittenPlan, loadWorkbook, saveWorkbook, sheet, type HandWrittenLayout } from '../fixtures/planWorkbooks';

let template: Buffer;

beforeAll(async () => {
  template = await builtInTemplate();
}, 90_000);

/** The hand-written 2021 plan with `edit` applied, checked. */
async function checked(edit: (wb: ExcelJS.Workbook, layout: HandWrittenLayout) => void) {
  const { wb, layout } = await handWrittenPlan(template);
  edit(wb, layout);
  return checkPlanWorkbook(await saveWorkbook(wb), '方案2021.xlsx');
}

function set(wb: ExcelJS.Workbook, layout: HandWrittenLayout, id: string, header: string, value: ExcelJS.CellValue): string {
  const cell = `${columnOf(layout.targets.table, header)}${layout.targets.rowOf.get(id)}`;
  sheet(wb, '目标').getCell(cell).value = value;
  return cell;
}

describe('checking a plan workbook', () => {
  it('takes what people type instead of the drop-down: ≥, 任务1, a measure of its own (with a warning), 无, 2021年', async () => {
    let measureCell = '';
    const r = await checked((wb, layout) => {
      set(wb, layout, 'T01-coking-capacity-cut', '比较方式', '≥');
      set(wb, layout, 'T01-coking-capacity-cut', '所属任务', '任务1');
      measureCell = set(wb, layout, 'T01-coking-capacity-cut', '计量单位', '万吨标煤');
      set(wb, layout, 'T01-foundry-exit', '牵头单位', '无');
      sheet(wb, '说明').getCell('B6').value = '2021年';
    });
    expect(r.findings).toEqual([expect.objectContaining({ sheet: '目标', cell: measureCell, severity: 'warning' })]);
    const task1 = r.seeds!.plan.tasks.find((t) => t.no === 1)!;
    expect(task1.targets.find((t) => t.id === 'T01-coking-capacity-cut')).toMatchObject({ comparator: '>=', measure: '万吨标煤', value: 60 });
    expect(task1.targets.find((t) => t.id === 'T01-foundry-exit')!.lead).toEqual([]);
    expect(r.seeds!.plan.document.year).toBe(2021);
  });

  it('says a milestone carries no figures, and a figure needs its comparator and value', async () => {
    const cells: Record<string, string> = {};
    const r = await checked((wb, layout) => {
      cells.milestoneValue = set(wb, layout, 'T01-three-lines-one-list', '目标值', 5);
      cells.comparator = set(wb, layout, 'T01-coking-capacity-cut', '比较方式', null);
      cells.value = set(wb, layout, 'T01-coking-capacity-cut', '目标值', null);
    });
    expect(r.seeds).toBeNull();
    const at = (cell: string) => r.findings.find((f) => f.cell === cell)?.message ?? '';
    expect(at(cells.milestoneValue!)).toMatch(/销号事项.*不计算“目标值”/);
    expect(at(cells.comparator!)).toMatch(/“比较方式”不能为空/);
    expect(at(cells.value!)).toMatch(/“目标值”不能为空.*另行分解下达/);
  });

  it('names a formula error, a renamed header and a missing sheet', async () => {
    const r = await checked((wb, layout) => {
      set(wb, layout, 'T01-coking-capacity-cut', '目标值', { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue);
      sheet(wb, '任务').getCell(`${columnOf(layout.tasks.table, '条文')}3`).value = '方案条文';
      wb.removeWorksheet(sheet(wb, '保障').id);
    });
    expect(r.seeds).toBeNull();
    const messages = r.findings.map((f) => `${f.sheet}!${f.cell ?? ''} ${f.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^目标!\S+ “目标值”是错误值 #DIV\/0!/),
        expect.stringMatching(/^任务! .*缺少必填列“条文”/),
        expect.stringMatching(/^保障! 工作簿中没有“保障”工作表/),
      ]),
    );
  });

  it('refuses a zip bomb as the ledger importer does, before inflating it', async () => {
    const wb = await loadWorkbook(template);
    const bytes = await saveWorkbook(wb);
    // claim an absurd uncompressed size in the central directory: the guard stops at the directory
    const copy = Buffer.from(bytes);
    const eocd = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dir = copy.readUInt32LE(eocd + 16);
    copy.writeUInt32LE(0xfffffff0, dir + 24);
    const r = checkPlanWorkbook(copy, '方案.xlsx');
    expect(r.summary).toBeNull();
    expect(r.findings).toEqual([expect.objectContaining({ sheet: null, severity: 'error', message: expect.stringMatching(/压缩炸弹|超过/) })]);
  });
});
