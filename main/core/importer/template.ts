import ExcelJS from 'exceljs';
import { LEDGER_LABEL, type LedgerKind, type TargetView } from '../../../shared/models';
import { targetName } from '../../../shared/planNames';
import { LEDGERS } from '../ledgers';
import type { FieldDef } from '../ledgers/types';
import { columnLetter } from './tableDetect';

export interface TemplateContext {
  /** Units that submit this ledger (the 县区 drop-down). */
  units: string[];
  /** Targets reported through the indicator or milestone ledger, for their drop-downs. */
  targets: TargetView[];
}

const DATA_ROWS = 1000;
const FIRST_DATA_ROW = 3;

const TYPE_HINT: Record<FieldDef['type'], string> = {
  unit: '从下拉列表选择',
  text: '文字',
  number: '数字，不带单位',
  date: '日期，如 2020-09-30',
  yesno: '是 / 否',
  enum: '从下拉列表选择',
  uscc: '18 位统一社会信用代码',
  plate: '如 晋C12345',
  vin: '17 位车辆识别代号',
  period: '月份，如 2020-09',
};

/** The column naming the target a row reports on: 指标 in the indicator ledger, 任务编号 in the milestone ledger. */
const isTargetField = (f: FieldDef) => f.planTarget === true;

function optionsFor(kind: LedgerKind, f: FieldDef, ctx: TemplateContext): string[] | null {
  if (f.type === 'unit') return ctx.units;
  if (f.type === 'yesno') return ['是', '否'];
  if (f.type === 'enum') return Object.keys(f.values ?? {});
  if (isTargetField(f)) return ctx.targets.filter((t) => t.ledger === kind).map(targetName);
  return null;
}

/** A blank ledger with the canonical headers, drop-downs for units and status words, and an instructions sheet. */
export async function buildTemplate(kind: LedgerKind, ctx: TemplateContext): Promise<{ fileName: string; bytes: Buffer }> {
  const def = LEDGERS[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = '蓝天督办工作台';
  wb.created = new Date(Date.UTC(2020, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet(def.label, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  const lists = wb.addWorksheet('选项', { state: 'hidden' });

  const width = def.fields.length;
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = `（填报单位）2020年（月份）${def.label}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;

  const header = ws.getRow(2);
  def.fields.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.value = f.label;
    cell.font = { bold: true, color: f.required ? { argb: 'FFB42318' } : { argb: 'FF1D2733' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EDF5' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    // a target's name (任务4 完成重点行业VOCs针对性整治) needs a wide column to be read in the drop-down
    ws.getColumn(i + 1).width = isTargetField(f) ? 48 : Math.max(10, Math.min(34, f.label.length * 2 + 4));
  });
  header.height = 32;

  let listCol = 0;
  def.fields.forEach((f, i) => {
    const options = optionsFor(kind, f, ctx);
    const col = i + 1;
    let validation: ExcelJS.DataValidation | null = null;
    if (options && options.length > 0) {
      listCol++;
      lists.getCell(1, listCol).value = f.label;
      options.forEach((o, k) => (lists.getCell(k + 2, listCol).value = o));
      const letter = columnLetter(listCol - 1);
      validation = {
        type: 'list',
        allowBlank: !f.required,
        formulae: [`选项!$${letter}$2:$${letter}$${options.length + 1}`],
        showErrorMessage: true,
        // a task number or a target's code is accepted on import too: Excel asks, but does not refuse it
        errorStyle: isTargetField(f) ? 'warning' : 'stop',
        errorTitle: '取值不在列表中',
        error: isTargetField(f)
          ? `“${f.label}”请从下拉列表中选择名称；也可只填任务编号（如“任务9”），该任务只有一项时可以识别。`
          : `“${f.label}”请从下拉列表中选择。`,
      };
    } else if (f.type === 'date') {
      validation = {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(2015, 0, 1)), new Date(Date.UTC(2030, 11, 31))],
        showErrorMessage: true,
        errorTitle: '日期有误',
        error: `“${f.label}”请填写 2015 年以后的日期，如 2020-09-30。`,
      };
      ws.getColumn(col).numFmt = 'yyyy-mm-dd';
    } else if (f.type === 'number') {
      validation = {
        type: 'decimal',
        operator: f.nonNegative ? 'greaterThanOrEqual' : 'between',
        allowBlank: !f.required,
        formulae: f.nonNegative ? [0] : [-1e12, 1e12],
        showErrorMessage: true,
        errorTitle: '数字有误',
        error: `“${f.label}”请填写${f.nonNegative ? '不小于 0 的' : ''}数字，不要带单位。`,
      };
    }
    if (validation) for (let r = FIRST_DATA_ROW; r < FIRST_DATA_ROW + DATA_ROWS; r++) ws.getCell(r, col).dataValidation = validation;
  });

  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = kind === 'indicator' || kind === 'milestone' ? 44 : 26;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 30;
  help.getColumn(4).width = 60;
  help.addRow([`${def.label}填写说明`]).font = { bold: true, size: 14 };
  help.addRow([]);
  [
    '1. 第 1 行标题请改为“单位 + 年月 + 台账名称”，如“盂县2020年9月' + def.label + '”：工作台据此识别报送单位和月份。',
    '2. 第 2 行是表头，请勿修改、删除或调换列的顺序；红色表头为必填项。',
    '3. 从第 3 行起每行填写一条记录；不要合并单元格，不要插入小计行，备注写在“备注”列。',
    '4. 数字只填数字，不带单位；日期填写为 2020-09-30 格式；有下拉列表的列请从列表中选择。',
    '5. 每月报送完整台账（截至当月月底的全部记录），而不只是当月新增的记录。',
  ].forEach((line) => help.addRow([line]));
  help.addRow([]);
  const h = help.addRow(['列名', '是否必填', '填写要求', '可选值']);
  h.font = { bold: true };
  for (const f of def.fields) {
    const options = optionsFor(kind, f, ctx);
    const unitHint = f.measure ? `，计量单位：${f.measure.canonical}` : '';
    help.addRow([f.label, f.required ? '必填' : '选填', isTargetField(f) ? '从下拉列表选择' : TYPE_HINT[f.type] + unitHint, isTargetField(f) ? '见下方名称表' : options ? options.slice(0, 40).join('、') : '']).alignment = { wrapText: true, vertical: 'top' };
  }
  if (kind === 'indicator' || kind === 'milestone') {
    help.addRow([]);
    help.addRow([kind === 'indicator' ? '可填报的指标' : '可填报的销号事项']).font = { bold: true };
    help
      .addRow([`从“${kind === 'indicator' ? '指标' : '任务编号'}”列的下拉列表中选择下列名称之一；任务只有一项${kind === 'indicator' ? '指标' : '销号事项'}时，也可只填任务编号，如“任务9”。`])
      .alignment = { wrapText: true, vertical: 'top' };
    help.addRow(['名称', '', '计量单位', '方案原文']).font = { bold: true };
    for (const t of ctx.targets.filter((x) => x.ledger === kind)) {
      help.addRow([targetName(t), '', t.measure ?? '', t.quote]).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${LEDGER_LABEL[kind]}模板.xlsx`, bytes };
}
