// A plan as a workbook a person edits in Excel or WPS: one sheet per part of the plan, Chinese headers, drop-downs
// from the hidden 选项 sheet, real dates, and the rules of each sheet written above its headers.
import ExcelJS from 'exceljs';
import type { PlanView, TargetView, UnitView } from '../../../shared/models';
import { columnName } from '../importer/sheetLimits';
import {
  FIRST_DATA_ROW,
  GOAL_COLUMNS,
  HEADER_ROW,
  INTRO_FIELDS,
  NONE_MARK,
  PLAN_SHEETS,
  PROVISION_COLUMNS,
  TARGET_COLUMNS,
  TASK_COLUMNS,
  TEMPLATE_ROWS,
  UNIT_COLUMNS,
  type ColumnDef,
  type ListName,
} from './planWorkbookLayout';
import { GOAL_GROUPS, MEASUREMENTS, MEASURES, VOCAB, YES_NO } from './planVocabulary';

export interface PlanWorkbookInput {
  plan: PlanView;
  units: UnitView[];
}

type Cell = string | number | Date | null;
interface RangeValidations {
  dataValidations: { add(range: string, v: ExcelJS.DataValidation): void };
}

const LIST_SEP = '、';

const SHEET_HELP: Record<keyof typeof PLAN_SHEETS, string> = {
  intro: '',
  tasks:
    '填写说明：每行一项重点任务。“条文”逐字照录方案原文，考核目标的“引用原文”须能在其中找到。单位可填规范名称或“单位”表中的别名，多个用顿号“、”分隔。红色表头为必填项；不要合并单元格。',
  targets:
    '填写说明：每行一个考核目标或销号事项，“所属任务”填任务编号或保障措施编号（如“四(一)”）。台账渠道为“任务销号台账”的是销号事项，指标名称、计量单位、比较方式、目标值留空；其余为量化指标。露天矿山、锅炉、车辆淘汰、排污许可台账须选“计算口径”。牵头、配合、责任单位留空时沿用所属任务的，没有时填“无”。日期填写为 2020-09-30。',
  goals:
    '填写说明：每行一个决战目标（方案“二、决战目标”中的约束性指标和争取性指标），各列的填法与“目标”表相同。空气质量浓度类指标只能“不高于”或“低于”目标值。',
  provisions: '填写说明：每行一项保障措施，“条文”逐字照录方案原文；“目标”表中所属任务填保障措施编号的考核目标，其引用原文须在这里的条文中找到。',
  units:
    '填写说明：方案和台账中出现的全部单位，每行一个。“单位名称”是规范简称，任务和目标中的单位按名称或别名识别；别名用顿号“、”分隔，同一别名不能指向两个单位。',
};

/** The tallest row written: long clauses show their first lines, the whole text is in the formula bar. */
const MAX_ROW_HEIGHT = 150;

/** Lines a text wraps to in a column `width` characters wide (a Chinese character takes two). */
function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, para) => {
    let w = 0;
    // a Chinese character is a little over two digits wide in the default font
    for (const ch of para) w += ch.charCodeAt(0) > 0x2e80 ? 2.25 : 1;
    return n + Math.max(1, Math.ceil(w / Math.max(1, width - 2)));
  }, 0);
}

function isoToDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A target's own units as the workbook writes them: blank when it keeps its task's, 无 when it has none of its own. */
function unitsCell(own: readonly string[], inherited: readonly string[]): string {
  if (sameList(own, inherited)) return '';
  return own.length === 0 ? NONE_MARK : own.join(LIST_SEP);
}

function unitValuesCell(t: TargetView): string {
  if (!t.unitValues) return '';
  return Object.entries(t.unitValues)
    .map(([u, v]) => `${u}：${v}`)
    .join('；');
}

function targetRow(t: TargetView, first: Cell, inherited: { lead: string[]; co: string[]; units: string[] }): Record<string, Cell> {
  return {
    id: t.id,
    owner: first,
    group: first,
    description: t.description,
    metric: t.metric,
    measure: t.measure,
    comparator: t.comparator ? VOCAB.comparator.label(t.comparator) : null,
    value: t.value,
    unitValues: unitValuesCell(t),
    start: isoToDate(t.start),
    deadline: isoToDate(t.deadline),
    deadlineBasis: VOCAB.deadlineBasis.label(t.deadlineBasis),
    scope: VOCAB.scope.label(t.scope),
    ledger: VOCAB.ledger.label(t.ledger),
    measurement: t.measurement ? (MEASUREMENTS.find((m) => m.code === t.measurement)?.label ?? t.measurement) : null,
    aggregation: VOCAB.aggregation.label(t.aggregation),
    reportedBy: VOCAB.reportedBy.label(t.reportedBy),
    valueSource: VOCAB.valueSource.label(t.valueSource),
    allocatable: t.allocatable ? '是' : '否',
    strength: VOCAB.strength.label(t.strength),
    ongoing: t.ongoing ? '是' : '否',
    lead: unitsCell(t.lead, inherited.lead),
    co: unitsCell(t.co, inherited.co),
    units: unitsCell(t.units, inherited.units),
    condition: t.condition,
    quote: t.quote,
    note: t.note,
  };
}

interface Lists {
  ranges: Map<ListName, string>;
}

function writeLists(wb: ExcelJS.Workbook, input: PlanWorkbookInput): Lists {
  const { plan, units } = input;
  const extraMeasures = [...new Set(allTargets(plan).map((t) => t.measure).filter((m): m is string => !!m))].filter(
    (m) => !MEASURES.some((x) => x.measure === m),
  );
  const lists: Record<ListName, (string | number)[]> = {
    units: units.map((u) => u.name),
    owners: [...plan.tasks.map((t) => t.no), ...plan.provisions.map((p) => p.code)],
    goalGroups: Object.values(GOAL_GROUPS),
    measures: [...MEASURES.map((m) => m.measure), ...extraMeasures],
    comparators: VOCAB.comparator.labels,
    ledgers: VOCAB.ledger.labels,
    measurements: MEASUREMENTS.map((m) => m.label),
    aggregations: VOCAB.aggregation.labels,
    scopes: VOCAB.scope.labels,
    deadlineBases: VOCAB.deadlineBasis.labels,
    reportedBy: VOCAB.reportedBy.labels,
    valueSources: VOCAB.valueSource.labels,
    strengths: VOCAB.strength.labels,
    yesNo: [...YES_NO],
    unitKinds: VOCAB.unitKind.labels,
  };
  const ws = wb.addWorksheet('选项', { state: 'hidden' });
  const ranges = new Map<ListName, string>();
  (Object.entries(lists) as [ListName, (string | number)[]][]).forEach(([name, values], i) => {
    const letter = columnName(i);
    ws.getCell(1, i + 1).value = name;
    values.forEach((v, k) => (ws.getCell(k + 2, i + 1).value = v));
    ranges.set(name, `选项!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`);
  });
  return { ranges };
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EDF5' } };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };

function tableSheet(
  wb: ExcelJS.Workbook,
  key: Exclude<keyof typeof PLAN_SHEETS, 'intro'>,
  title: string,
  columns: ColumnDef[],
  rows: Record<string, Cell>[],
  lists: Lists,
): void {
  const ws = wb.addWorksheet(PLAN_SHEETS[key], {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  const width = columns.length;
  ws.mergeCells(1, 1, 1, width);
  const head = ws.getCell(1, 1);
  head.value = title;
  head.font = { bold: true, size: 14 };
  ws.getRow(1).height = 24;
  ws.mergeCells(2, 1, 2, width);
  const help = ws.getCell(2, 1);
  help.value = SHEET_HELP[key];
  help.alignment = { wrapText: true, vertical: 'top' };
  help.font = { color: { argb: 'FF4A5563' } };
  ws.getRow(2).height = 48;

  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: c.required ? { argb: 'FFB42318' } : { argb: 'FF1D2733' } };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.note = { texts: [{ text: `${c.header}${c.required ? '（必填）' : ''}：${c.hint}` }] };
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.date) col.numFmt = 'yyyy-mm-dd';
  });
  header.height = 30;

  rows.forEach((r, k) => {
    const row = ws.getRow(FIRST_DATA_ROW + k);
    let lines = 1;
    columns.forEach((c, i) => {
      const v = r[c.key];
      const cell = row.getCell(i + 1);
      cell.value = v === undefined || v === '' ? null : v;
      cell.alignment = { vertical: 'top', wrapText: c.wrap ?? false, ...(c.width <= 10 && c.key !== 'value' ? { horizontal: 'center' } : {}) };
      if (c.wrap && typeof v === 'string') lines = Math.max(lines, wrappedLines(v, c.width));
    });
    // Excel and WPS keep a row's saved height on opening: a wrapped clause needs its height written
    row.height = Math.min(MAX_ROW_HEIGHT, 15 * lines);
  });

  const last = FIRST_DATA_ROW + Math.max(TEMPLATE_ROWS, rows.length + 100) - 1;
  columns.forEach((c, i) => {
    let validation: ExcelJS.DataValidation | null = null;
    if (c.list) {
      validation = {
        type: 'list',
        allowBlank: true,
        formulae: [lists.ranges.get(c.list)!],
        showErrorMessage: true,
        // a new measure or a task added further down may be typed: Excel asks, the import checks
        errorStyle: c.list === 'measures' || c.list === 'owners' ? 'warning' : 'stop',
        errorTitle: '取值不在列表中',
        error: `“${c.header}”请从下拉列表中选择。`,
      };
    } else if (c.key === 'lead' || c.key === 'co' || c.key === 'units') {
      // several units go in one cell: the list helps pick one, and typing more is allowed
      validation = { type: 'list', allowBlank: true, formulae: [lists.ranges.get('units')!], showErrorMessage: false };
    } else if (c.date) {
      validation = {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        showErrorMessage: true,
        errorTitle: '日期有误',
        error: `“${c.header}”请填写日期，如 2020-09-30。`,
      };
    } else if (c.number && c.key === 'value') {
      validation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [-1e12, 1e12], showErrorMessage: true, errorTitle: '数字有误', error: '目标值请填写数字，不要带单位。' };
    }
    if (!validation) return;
    const letter = columnName(i);
    // one range per column (ExcelJS's typings omit the range form it writes as one sqref)
    (ws as unknown as RangeValidations).dataValidations.add(`${letter}${FIRST_DATA_ROW}:${letter}${last}`, validation);
  });
}

function introSheet(wb: ExcelJS.Workbook, plan: PlanView): void {
  const ws = wb.addWorksheet(PLAN_SHEETS.intro, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 90;
  ws.getCell('A1').value = '方案工作簿';
  ws.getCell('A1').font = { bold: true, size: 16 };
  const values: Record<(typeof INTRO_FIELDS)[number]['key'], string | number> = {
    title: plan.document.title,
    number: plan.document.number,
    issuer: plan.document.issuer,
    year: plan.document.year,
  };
  INTRO_FIELDS.forEach((f, i) => {
    const label = ws.getCell(3 + i, 1);
    label.value = f.label;
    label.font = { bold: true, color: { argb: 'FFB42318' } };
    label.fill = HEADER_FILL;
    label.border = THIN;
    const v = ws.getCell(3 + i, 2);
    v.value = values[f.key];
    v.border = THIN;
    v.alignment = { horizontal: 'left' };
  });
  const lines = [
    '这份工作簿是一个行动方案的全部内容，可以在 Excel 或 WPS 中修改，再用“bluesky plan import”检查、“bluesky init --plan”建立工作区。',
    '',
    '各工作表：',
    '  任务：方案的重点任务——编号、标题、条文原文、牵头单位、配合单位、责任单位。',
    '  目标：每项任务（和保障措施）下的考核目标与销号事项——指标、计量单位、比较方式、目标值、起止日期、台账渠道等。',
    '  决战目标：方案“二、决战目标”中的约束性指标和争取性指标。',
    '  保障：方案“四、决战保障”的各项措施及条文原文。',
    '  单位：方案和台账中出现的单位及其别名。',
    '',
    '填写要点：',
    '  1. 各表第 3 行是表头，请勿修改表头文字；红色表头为必填项。列和行的顺序可以调整，可以插入或删除行。',
    '  2. 有下拉列表的列请从列表中选择；日期填写为 2020-09-30（也可写 2020年9月30日）。',
    '  3. 条文逐字照录方案原文；目标的“引用原文”须能在所属任务或保障措施的条文中逐字找到，文书引用方案时以此为准。',
    '  4. 单位可写规范名称或“单位”表中的别名；多个单位用顿号“、”分隔。',
    '  5. 导入前工作台逐格检查，发现问题时指出工作表和单元格（如“目标!K12”），改正后再导入。',
  ];
  lines.forEach((l, i) => {
    ws.mergeCells(9 + i, 1, 9 + i, 2);
    const c = ws.getCell(9 + i, 1);
    c.value = l || null;
    c.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(9 + i).height = 15 * wrappedLines(l, 104);
  });
}

function allTargets(plan: PlanView): TargetView[] {
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

/** The workbook for `plan`, with `units` as its unit table. */
export async function buildPlanWorkbook(input: PlanWorkbookInput): Promise<Buffer> {
  const { plan, units } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = '蓝天督办工作台';
  // a fixed date: exporting the same plan twice gives the same bytes
  wb.created = new Date(Date.UTC(2020, 0, 1));
  wb.modified = wb.created;
  introSheet(wb, plan);
  const lists = writeLists(wb, input);
  const short = plan.document.title;

  tableSheet(
    wb,
    'tasks',
    `${short}——重点任务`,
    TASK_COLUMNS,
    plan.tasks.map((t) => ({
      no: t.no,
      section: t.section,
      sectionTitle: t.sectionTitle,
      title: t.title,
      clause: t.clause,
      lead: t.lead.join(LIST_SEP),
      leadNote: t.leadNote,
      co: t.co.join(LIST_SEP),
      units: t.units.join(LIST_SEP),
    })),
    lists,
  );
  const none = { lead: [], co: [], units: [] };
  tableSheet(
    wb,
    'targets',
    `${short}——考核目标与销号事项`,
    TARGET_COLUMNS,
    [
      ...plan.tasks.flatMap((task) => task.targets.map((t) => targetRow(t, task.no, task))),
      ...plan.provisions.flatMap((p) => p.targets.map((t) => targetRow(t, p.code, none))),
    ],
    lists,
  );
  tableSheet(wb, 'goals', `${short}——决战目标`, GOAL_COLUMNS, plan.goals.map((t) => targetRow(t, GOAL_GROUPS[t.section] ?? t.section, none)), lists);
  tableSheet(wb, 'provisions', `${short}——决战保障`, PROVISION_COLUMNS, plan.provisions.map((p) => ({ code: p.code, title: p.title, text: p.text })), lists);
  tableSheet(
    wb,
    'units',
    `${short}——单位`,
    UNIT_COLUMNS,
    units.map((u) => ({ name: u.name, kind: VOCAB.unitKind.label(u.kind), fullName: u.fullName, aliases: u.aliases.map((a) => a.alias).join(LIST_SEP) })),
    lists,
  );
  // the 选项 sheet stays last and hidden; 说明 opens first
  (wb.getWorksheet('选项') as unknown as { orderNo: number }).orderNo = 99;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
