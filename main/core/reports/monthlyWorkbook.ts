// The 月度通报 workbook: cover with the overview and a chart, task progress, county ranking, the target ×
// unit matrix, the lagging list, data quality and submission status; every sheet print-ready on A4
// landscape. Pure: it turns MonthlyReportData into bytes and never reads the workspace.
import ExcelJS from 'exceljs';
import { CITY, RETURN_STATUS_LABEL, STATUSES, STATUS_LABEL, type AssessStatus, type ReturnStatus } from '../../../shared/assessModels';
import { LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { beijingDate, formatBeijingDateTime, formatDateCn, formatMonthCn } from '../../../shared/format';
import { DEMO_NOTICE, ISSUING_OFFICE, type MonthlyReportData } from '../../../shared/reportModels';
import { neutralize } from '../../../shared/excelSafe';
import { targetName } from '../../../shared/planNames';
import { renderChartPng, type ChartOption, type ChartPng } from './chartImage';
import type { LaggingRow, TaskProgress } from '../../../shared/reportModels';
import { milestoneConvention, milestoneWord, quantityNumFmt, scorePoints } from '../../../shared/figures';
import { countItems } from '../assess/counts';
import { CITY_TOTAL_LABEL } from './monthlyData';

export const MONTHLY_SHEETS = {
  cover: '封面',
  tasks: '任务进展',
  ranking: '县区排名',
  matrix: '目标完成矩阵',
  lagging: '滞后清单',
  quality: '数据质量',
  returns: '报送情况',
  changes: '与上次通报相比',
} as const;

/** Cell fill and font (RGB hex) per status, and the bar colour in the charts. */
export const STATUS_COLORS: Record<AssessStatus, { fill: string; font: string; chart: string }> = {
  done: { fill: 'C6EFCE', font: '006100', chart: '#4E9F5B' },
  on_track: { fill: 'DDEBF7', font: '1F4E79', chart: '#6FA8DC' },
  lagging: { fill: 'FFEB9C', font: '7F6000', chart: '#F1C232' },
  seriously_lagging: { fill: 'F8CBAD', font: '843C0C', chart: '#E69138' },
  overdue: { fill: 'FFC7CE', font: '9C0006', chart: '#CC3D3D' },
  no_data: { fill: 'D9D9D9', font: '404040', chart: '#999999' },
  no_target: { fill: 'F2F2F2', font: '7F7F7F', chart: '#D0D0D0' },
};

export const RETURN_COLORS: Record<ReturnStatus, { fill: string; font: string }> = {
  on_time: { fill: 'C6EFCE', font: '006100' },
  late: { fill: 'FFEB9C', font: '7F6000' },
  missing: { fill: 'FFC7CE', font: '9C0006' },
  pending: { fill: 'F2F2F2', font: '595959' },
};

const STATUS_MEANING: Record<AssessStatus, string> = {
  done: '已达到目标值或已销号',
  on_track: '完成率不低于时序进度',
  lagging: '完成率低于时序进度',
  seriously_lagging: '完成率落后时序进度超过规定幅度',
  overdue: '已过完成时限，仍未达到目标',
  no_data: '未报送台账或指标，无法评估',
  no_target: '目标值尚未分解下达，暂不评估',
};

/** The convention of records issued before the data carried it. */
const DEFAULT_SCALE: Record<string, number> = { 未启动: 0, 推进中: 0.5, 已完成: 1 };

/** Short words for the narrow matrix columns. */
const MATRIX_LABEL: Record<AssessStatus, string> = { ...STATUS_LABEL, no_target: '待下达' };

const BODY_FONT = '宋体';
const TITLE_FONT = '黑体';
const BODY_SIZE = 10.5;
const DASH = '—';
/** A target × unit cell the unit does not owe. */
const NOT_APPLICABLE = '不适用';
/** Ideographic spaces: a paragraph's first-line indent, and the gap between items on one line. */
const INDENT = '\u3000\u3000';
const GAP = '\u3000';
// completion shows capped at 100% and never rounds up to 100.0% short of it; the cell keeps the real value
export const COMPLETION_FORMAT = '[>=1]"100%";[>=0.9995]"99.9%";0.0%';
const FMT = { pct: '0.0%', completion: COMPLETION_FORMAT, num: '#,##0.0', int: '#,##0', score: '0.0' } as const;
const BORDER_COLOR = { argb: 'FF8C8C8C' };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: BORDER_COLOR },
  left: { style: 'thin', color: BORDER_COLOR },
  bottom: { style: 'thin', color: BORDER_COLOR },
  right: { style: 'thin', color: BORDER_COLOR },
};
const HEADER_FILL = 'DCE6F1';
/** Width of the cover in Excel character units; the chart is drawn as wide. */
const COVER_WIDTHS = [14, 12, 12, 12, 12, 12, 12, 12];

type Value = string | number | null | ExcelJS.CellFormulaValue;
interface Look {
  numFmt?: string;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  bold?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  font?: string;
  border?: boolean;
}

const solid = (rgb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb}` } });

/** Writes a value: text from the data is neutralized (= + - @ stay text), numbers stay numbers. */
function put(cell: ExcelJS.Cell, value: Value, look: Look = {}): ExcelJS.Cell {
  cell.value = typeof value === 'string' ? neutralize(value) : value;
  cell.font = { name: look.font ?? BODY_FONT, size: look.size ?? BODY_SIZE, bold: look.bold ?? false, ...(look.color ? { color: { argb: `FF${look.color}` } } : {}) };
  cell.alignment = { horizontal: look.align ?? (typeof value === 'number' ? 'right' : 'left'), vertical: 'middle', wrapText: look.wrap ?? false };
  if (look.numFmt) cell.numFmt = look.numFmt;
  if (look.fill) cell.fill = solid(look.fill);
  if (look.border ?? true) cell.border = BORDER;
  return cell;
}

function headerCell(cell: ExcelJS.Cell, text: string, fill = HEADER_FILL): void {
  put(cell, text, { bold: true, align: 'center', wrap: true, fill });
}

function statusLook(status: AssessStatus): Look {
  const c = STATUS_COLORS[status];
  return { fill: c.fill, color: c.font, bold: status === 'overdue' || status === 'seriously_lagging' };
}

/** How many lines a wrapped text takes in a column `width` characters wide (CJK glyphs count double). */
export function estimateLines(text: string, width: number, size = BODY_SIZE): number {
  const usable = Math.max(1, width * 7 - 4);
  const wide = (size * 96) / 72;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    let n = 1;
    for (const ch of paragraph) {
      const w = (ch.codePointAt(0) ?? 0) >= 0x2000 ? wide : wide * 0.6;
      if (line + w > usable && line > 0) {
        n++;
        line = 0;
      }
      line += w;
    }
    lines += n;
  }
  return lines;
}

/** Width in characters of columns merged into one cell (the 5 px padding of each inner edge counts too). */
const mergedWidth = (widths: number[]) => widths.reduce((s, w) => s + w, 0) + ((widths.length - 1) * 5) / 7;

/** Row height in points for the tallest of `texts` ([text, column width]). */
function fitRow(row: ExcelJS.Row, texts: [string, number][], size = BODY_SIZE, min = 20): void {
  const lines = Math.max(1, ...texts.map(([t, w]) => estimateLines(t, w, size)));
  row.height = Math.max(min, Math.ceil(lines * size * 1.42 + 6));
}

const escapeHeader = (s: string) => s.replace(/&/g, '&&');

function issuedDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** 2020-10-12 or 2020-10-12T01:30:00Z → 2020年10月12日, as the date in Yangquan whatever the machine's zone. */
function dateCn(iso: string): string {
  return formatDateCn(beijingDate(iso));
}

interface SheetSpec {
  name: string;
  widths: number[];
  /** First and last header row: repeated on every printed page, frozen above. */
  header?: [number, number];
  xSplit?: number;
}

function addSheet(wb: ExcelJS.Workbook, data: MonthlyReportData, spec: SheetSpec): ExcelJS.Worksheet {
  const pageSetup: Partial<ExcelJS.PageSetup> = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.7, header: 0.3, footer: 0.3 },
  };
  if (spec.header) pageSetup.printTitlesRow = `${spec.header[0]}:${spec.header[1]}`;
  const ws = wb.addWorksheet(spec.name, {
    views: spec.header ? [{ state: 'frozen', xSplit: spec.xSplit ?? 0, ySplit: spec.header[1], showGridLines: false }] : [{ showGridLines: false }],
    pageSetup,
    headerFooter: {
      oddHeader: `&L&9${escapeHeader(data.title)}&R&9${escapeHeader(spec.name)}`,
      oddFooter: '&C&9第 &P 页，共 &N 页',
    },
  });
  spec.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return ws;
}

/** Row 1: the sheet's title across the table; row 2: the as-of line. */
function sheetTitle(ws: ExcelJS.Worksheet, columns: number, title: string, subtitle: string): void {
  ws.mergeCells(1, 1, 1, columns);
  put(ws.getCell(1, 1), title, { font: TITLE_FONT, size: 15, align: 'center', border: false });
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, columns);
  put(ws.getCell(2, 1), subtitle, { size: 10, color: '404040', align: 'left', border: false });
  ws.getRow(2).height = 20;
}

function asOfLine(data: MonthlyReportData, extra = ''): string {
  return `截至${formatDateCn(data.asOf)}${GAP}依据第 ${data.runId} 次评估${extra ? `${GAP}${extra}` : ''}`;
}

/** Matrix columns: the counties in order, then other responsible units found in the cells, then 全市. */
function matrixUnits(data: MonthlyReportData): string[] {
  const out = [...data.units];
  for (const c of data.cells) if (c.unit !== CITY && !out.includes(c.unit)) out.push(c.unit);
  if (data.cells.some((c) => c.unit === CITY)) out.push(CITY);
  return out;
}

/** The counts the data carries (records issued before it did are counted the same way from their cells). */
function itemCounts(data: MonthlyReportData, unit?: string) {
  if (unit === undefined) return data.counts ?? countItems(data.cells);
  return data.unitCounts?.[unit] ?? countItems(data.cells.filter((c) => c.unit === unit && !c.cityTotal));
}

/** Lagging items, and the city totals apart (records issued before the split had both in one list). */
function laggingLists(data: MonthlyReportData): { items: LaggingRow[]; cityTotals: LaggingRow[] } {
  if (data.laggingCityTotals) return { items: data.lagging, cityTotals: data.laggingCityTotals };
  return { items: data.lagging.filter((l) => l.responsible !== CITY_TOTAL_LABEL), cityTotals: data.lagging.filter((l) => l.responsible === CITY_TOTAL_LABEL) };
}

/** Number format for a target's own measure: 12,500.5 亩; 3 台; 87.3%. */
export function measureFormat(measure: string | null): string {
  return quantityNumFmt(measure);
}

// ---------------------------------------------------------------- charts

export function statusChartOption(data: MonthlyReportData): ChartOption {
  const units = matrixUnits(data);
  const present = STATUSES.filter((s) => data.cells.some((c) => c.status === s));
  return {
    legend: { top: 6, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    grid: { left: 12, right: 24, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'value', minInterval: 1, name: '考核事项（个）', nameLocation: 'middle', nameGap: 24, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'category', inverse: true, data: units, axisLabel: { fontSize: 12 }, axisTick: { show: false } },
    series: present.map((s) => ({
      type: 'bar',
      name: STATUS_LABEL[s],
      stack: 'status',
      barWidth: '58%',
      itemStyle: { color: STATUS_COLORS[s].chart, borderColor: '#ffffff', borderWidth: 0.5 },
      label: { show: true, fontSize: 11, color: s === 'no_target' || s === 'lagging' ? '#333333' : '#ffffff', formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
      data: units.map((u) => data.cells.filter((c) => c.unit === u && c.status === s).length),
    })),
  };
}

export function rankingChartOption(data: MonthlyReportData): ChartOption {
  const ranked = [...data.ranking].sort((a, b) => a.rank - b.rank);
  const last = Math.max(0, ...ranked.map((r) => r.rank));
  return {
    grid: { left: 12, right: 48, top: 12, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    xAxis: { type: 'value', min: 0, max: 100, name: '综合得分', nameLocation: 'middle', nameGap: 24, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'category', inverse: true, data: ranked.map((r) => `${r.rank}. ${r.unit}`), axisLabel: { fontSize: 12 }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barWidth: '55%',
        label: { show: true, position: 'right', fontSize: 11, formatter: (p: { value?: unknown }) => Number(p.value).toFixed(1) },
        data: ranked.map((r) => ({
          value: Math.round(r.score * 10000) / 100,
          itemStyle: { color: r.rank === 1 ? '#4E9F5B' : r.rank === last && ranked.length > 1 ? '#E69138' : '#4F81BD' },
        })),
      },
    ],
  };
}

function placeImage(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, chart: ChartPng, row: number): number {
  const id = wb.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(id, { tl: { col: 0.1, row: row - 1 + 0.2 }, ext: { width: chart.displayWidth, height: chart.displayHeight }, editAs: 'oneCell' });
  // reserve rows under the picture (20 px each) so what follows does not run under it
  const rows = Math.ceil(chart.displayHeight / 20) + 1;
  for (let r = row; r < row + rows; r++) ws.getRow(r).height = 15;
  return row + rows;
}

/** Pixel width of columns as Excel draws them (7 px a character plus 5 px padding). */
const sheetPx = (widths: number[]) => Math.round(widths.reduce((s, w) => s + w * 7 + 5, 0));

// ---------------------------------------------------------------- sheets

function coverSheet(wb: ExcelJS.Workbook, data: MonthlyReportData, statusChart: ChartPng): void {
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.cover, widths: COVER_WIDTHS });
  const n = COVER_WIDTHS.length;
  const full = mergedWidth(COVER_WIDTHS);
  const rest = mergedWidth(COVER_WIDTHS.slice(1));
  let r = 1;
  ws.mergeCells(r, 1, r, n);
  put(ws.getCell(r, 1), data.title, { font: TITLE_FONT, size: 20, align: 'center', wrap: true, border: false, color: 'C00000' });
  ws.getRow(r).height = Math.max(40, estimateLines(data.title, full, 20) * 30 + 10);
  r++;
  ws.mergeCells(r, 1, r, n);
  put(ws.getCell(r, 1), `（截至${formatDateCn(data.asOf)}）${data.demo ? DEMO_NOTICE : ''}`, { size: 12, align: 'center', border: false });
  ws.getRow(r).height = 24;
  r++;
  ws.mergeCells(r, 1, r, n);
  ws.getCell(r, 1).border = { bottom: { style: 'medium', color: { argb: 'FFC00000' } } };
  ws.getRow(r).height = 8;
  r += 2;

  const facts: [string, string][] = [
    ...(data.docNumber ? [['文号', data.docNumber] as [string, string]] : []),
    ...(data.mainRecipients ? [['主送', `${data.mainRecipients}：`] as [string, string]] : []),
    ['印发单位', data.office ?? ISSUING_OFFICE],
    ['制表人', data.issuer],
    ['印发日期', dateCn(data.issuedAt)],
    ...(data.copyRecipients ? [['抄送', `${data.copyRecipients}。`] as [string, string]] : []),
    ['通报月份', formatMonthCn(data.month)],
    ['依据文件', `《${data.planTitle}》（${data.planNumber}）`],
    ['数据来源', `依据第 ${data.runId} 次评估，读取 ${data.submissionCount} 份台账`],
  ];
  for (const [label, value] of facts) {
    put(ws.getCell(r, 1), label, { bold: true, align: 'center', fill: 'F2F2F2' });
    ws.mergeCells(r, 2, r, n);
    put(ws.getCell(r, 2), value, { wrap: true });
    for (let c = 3; c <= n; c++) ws.getCell(r, c).border = BORDER;
    fitRow(ws.getRow(r), [[value, rest]], BODY_SIZE, 22);
    r++;
  }
  r++;

  const section = (text: string) => {
    ws.mergeCells(r, 1, r, n);
    put(ws.getCell(r, 1), text, { font: TITLE_FONT, size: 13, border: false });
    ws.getRow(r).height = 24;
    r++;
  };

  section('一、总体情况');
  for (const paragraph of data.overview) {
    ws.mergeCells(r, 1, r, n);
    const text = `${INDENT}${paragraph}`;
    put(ws.getCell(r, 1), text, { size: 11, wrap: true, border: false, align: 'left' });
    ws.getCell(r, 1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    fitRow(ws.getRow(r), [[text, full]], 11, 20);
    r++;
  }
  if (data.overview.length === 0) {
    ws.mergeCells(r, 1, r, n);
    put(ws.getCell(r, 1), `${INDENT}（无）`, { border: false });
    r++;
  }
  ws.getRow(r).addPageBreak();
  r++;

  section('二、考核事项状态汇总（考核事项 = 考核目标 × 责任单位，不含全市合计）');
  const all = itemCounts(data);
  const counts = all.byStatus;
  const total = all.items;
  headerCell(ws.getCell(r, 1), '状态');
  headerCell(ws.getCell(r, 2), '考核事项数');
  headerCell(ws.getCell(r, 3), '占比');
  ws.mergeCells(r, 4, r, n);
  headerCell(ws.getCell(r, 4), '含义');
  for (let c = 5; c <= n; c++) ws.getCell(r, c).border = BORDER;
  ws.getRow(r).height = 22;
  const firstCount = r + 1;
  r++;
  for (const s of STATUSES) {
    put(ws.getCell(r, 1), STATUS_LABEL[s], { ...statusLook(s), align: 'center' });
    put(ws.getCell(r, 2), counts[s], { numFmt: FMT.int, align: 'center' });
    put(ws.getCell(r, 3), total > 0 ? counts[s] / total : 0, { numFmt: FMT.pct, align: 'center' });
    ws.mergeCells(r, 4, r, n);
    put(ws.getCell(r, 4), STATUS_MEANING[s]);
    for (let c = 5; c <= n; c++) ws.getCell(r, c).border = BORDER;
    ws.getRow(r).height = 20;
    r++;
  }
  put(ws.getCell(r, 1), '合计', { bold: true, align: 'center', fill: 'F2F2F2' });
  put(ws.getCell(r, 2), { formula: `SUM(B${firstCount}:B${r - 1})`, result: total }, { numFmt: FMT.int, align: 'center', bold: true, fill: 'F2F2F2' });
  put(ws.getCell(r, 3), total > 0 ? 1 : 0, { numFmt: FMT.pct, align: 'center', bold: true, fill: 'F2F2F2' });
  ws.mergeCells(r, 4, r, n);
  put(ws.getCell(r, 4), '单元格底色即状态，各工作表通用', { color: '595959', fill: 'F2F2F2' });
  for (let c = 5; c <= n; c++) ws.getCell(r, c).border = BORDER;
  ws.getRow(r).height = 20;
  r++;
  const notes = [
    `合计与“${MONTHLY_SHEETS.tasks}”工作表的合计一致：除 ${data.tasks.length} 项重点任务外，方案的决战目标和决战保障也分解为考核事项，该表另列。`,
    ...(all.cityTotals > 0 ? [`另有各县区数据相加的全市合计 ${all.cityTotals} 个，单列于“${MONTHLY_SHEETS.lagging}”末尾，不计入上表。`] : []),
    '方案未分解到某单位、或没有应报台账载有该单位这项数据的，为“不适用”，不计入；“未报送”只计应报而未报的事项。',
  ];
  for (const note of notes) {
    ws.mergeCells(r, 1, r, n);
    put(ws.getCell(r, 1), note, { size: 10, color: '404040', wrap: true, border: false });
    fitRow(ws.getRow(r), [[note, full]], 10, 18);
    r++;
  }
  r++;

  section('三、各单位考核事项状态分布');
  r = placeImage(wb, ws, statusChart, r);

  const month = data.returns.filter((x) => x.period === data.month);
  if (month.length > 0) {
    ws.getRow(r - 1).addPageBreak();
    section(`四、${formatMonthCn(data.month)}台账报送情况（明细见“${MONTHLY_SHEETS.returns}”工作表）`);
    r = returnsPivot(ws, data, r);
  }

  if (data.changes.length > 0) {
    r++;
    section(`${month.length > 0 ? '五' : '四'}、与上次通报相比`);
    ws.mergeCells(r, 1, r, n);
    const first = data.changes[0]!.replace(/。$/, '');
    const more = data.changes.length > 1 ? `等 ${data.changes.length} 条` : '';
    put(ws.getCell(r, 1), `${INDENT}本月此前已印发过通报。与上一期相比：${first}${more}，详见“${MONTHLY_SHEETS.changes}”工作表。`, { size: 11, wrap: true, border: false });
    ws.getRow(r).height = 22;
  }
}

/** The count columns the task and ranking sheets share, each headed in its status colour. */
const STATUS_COUNT_HEADS: [string, AssessStatus | null][] = [
  ['考核事项数', null],
  ['已完成', 'done'],
  ['序时推进', 'on_track'],
  ['滞后\n（含严重滞后）', 'lagging'],
  ['逾期未完成', 'overdue'],
  ['未报送', 'no_data'],
  ['目标值待下达', 'no_target'],
];

function tasksSheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const widths = [6, 32, 24, 10, 9, 9, 12, 10, 9, 12];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.tasks, widths, header: [3, 3], xSplit: 2 });
  sheetTitle(ws, widths.length, '重点任务进展情况', asOfLine(data, '考核事项 = 考核目标 × 责任单位'));
  const heads: [string, AssessStatus | null][] = [
    ['序号', null],
    ['任务', null],
    ['牵头单位', null],
    ...STATUS_COUNT_HEADS,
  ];
  heads.forEach(([h, s], i) => headerCell(ws.getCell(3, i + 1), h, s ? STATUS_COLORS[s].fill : HEADER_FILL));
  ws.getRow(3).height = 34;
  let r = 4;
  const row = (t: TaskProgress, no: string | number) => {
    const lead = t.lead.join('、');
    put(ws.getCell(r, 1), no, { align: 'center' });
    put(ws.getCell(r, 2), t.title, { wrap: true });
    put(ws.getCell(r, 3), lead, { wrap: true });
    const nums = [t.targets, t.done, t.onTrack, t.lagging, t.overdue, t.noData, t.noTarget];
    nums.forEach((v, i) => {
      const behind = (i === 3 || i === 4) && v > 0;
      put(ws.getCell(r, 4 + i), v, { numFmt: FMT.int, align: 'center', bold: behind, color: behind ? '9C0006' : v === 0 ? 'A6A6A6' : undefined });
    });
    fitRow(ws.getRow(r), [[t.title, widths[1]!], [lead, widths[2]!]]);
    r++;
  };
  const keys = ['targets', 'done', 'onTrack', 'lagging', 'overdue', 'noData', 'noTarget'] as const;
  /** A sum row over `rows` (sheet rows, or "4:25" for a range), its cached value the sum of `groups`. */
  const sumRow = (label: string, rows: (number | string)[], groups: TaskProgress[]) => {
    ws.mergeCells(r, 1, r, 3);
    put(ws.getCell(r, 1), label, { bold: true, align: 'center', fill: 'F2F2F2' });
    ws.getCell(r, 2).border = BORDER;
    ws.getCell(r, 3).border = BORDER;
    keys.forEach((k, i) => {
      const letter = ws.getColumn(4 + i).letter;
      const sum = groups.reduce((s, t) => s + t[k], 0);
      const ref = (x: number | string) => (typeof x === 'number' ? `${letter}${x}` : x.split(':').map((y) => `${letter}${y}`).join(':'));
      // ExcelJS drops a cached 0, which readers that do not recalculate would show as empty
      const formula = rows.length > 0 && sum !== 0 ? `SUM(${rows.map(ref).join(',')})` : null;
      put(ws.getCell(r, 4 + i), formula ? { formula, result: sum } : sum, { numFmt: FMT.int, align: 'center', bold: true, fill: 'F2F2F2' });
    });
    ws.getRow(r).height = 22;
    r++;
  };
  for (const t of data.tasks) row(t, t.no);
  const others = data.otherTargets ?? [];
  if (others.length === 0) {
    sumRow('合计', data.tasks.length > 0 ? [`4:${r - 1}`] : [], data.tasks);
  } else {
    const subtotal = r;
    sumRow('重点任务小计', [`4:${r - 1}`], data.tasks);
    const otherRows: number[] = [];
    for (const t of others) {
      otherRows.push(r);
      row(t, DASH);
    }
    sumRow('合计', [subtotal, ...otherRows], [...data.tasks, ...others]);
    r++;
    const note = `合计与封面“考核事项状态汇总”的合计一致。重点任务小计只含 ${data.tasks.length} 项重点任务的考核目标；方案决战目标（第二部分）和决战保障（第四部分）的考核目标不属于某项任务，另列两行，二者相加为合计。`;
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), note, { size: 10, color: '404040', wrap: true, border: false });
    fitRow(ws.getRow(r), [[note, mergedWidth(widths)]], 10, 18);
  }
}

function rankingSheet(wb: ExcelJS.Workbook, data: MonthlyReportData, chart: ChartPng | null): void {
  const widths = [7, 12, 12, 11, 9, 9, 12, 11, 9, 12];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.ranking, widths, header: [3, 3], xSplit: 2 });
  sheetTitle(ws, widths.length, '县区综合得分排名', asOfLine(data, '综合得分：各考核事项完成率（封顶 100%）的加权平均，满分 100；得分相同的名次并列'));
  const heads: [string, AssessStatus | null][] = [
    ['名次', null],
    ['县区', null],
    ['综合得分', null],
    ...STATUS_COUNT_HEADS,
  ];
  heads.forEach(([h, s], i) => headerCell(ws.getCell(3, i + 1), h, s ? STATUS_COLORS[s].fill : HEADER_FILL));
  ws.getRow(3).height = 34;
  let r = 4;
  const ranked = [...data.ranking].sort((a, b) => a.rank - b.rank);
  for (const k of ranked) {
    const all = itemCounts(data, k.unit);
    const c = all.byStatus;
    put(ws.getCell(r, 1), k.rank, { align: 'center' });
    put(ws.getCell(r, 2), k.unit, { align: 'center' });
    // the points as read, which is also what ties are ranked on
    put(ws.getCell(r, 3), scorePoints(k.score), { numFmt: FMT.score, align: 'center', bold: true });
    const nums = [all.items, c.done, c.on_track, all.behind, c.overdue, c.no_data, c.no_target];
    nums.forEach((v, i) => {
      const behind = (i === 3 || i === 4) && v > 0;
      put(ws.getCell(r, 4 + i), v, { numFmt: FMT.int, align: 'center', bold: behind, color: behind ? '9C0006' : v === 0 ? 'A6A6A6' : undefined });
    });
    ws.getRow(r).height = 22;
    r++;
  }
  if (chart) {
    r++;
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), '县区综合得分', { font: TITLE_FONT, size: 12, border: false });
    ws.getRow(r).height = 22;
    placeImage(wb, ws, chart, r + 1);
  }
}

function matrixSheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const units = matrixUnits(data);
  // 序号, 目标, 目标值, 截止日期 (2020年10月31日 at 10 pt needs 13.5), 牵头单位
  const left = [5, 27, 14, 13.5, 12];
  const sub = 8;
  const widths = [...left, ...units.flatMap(() => [sub, sub])];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.matrix, widths, header: [3, 4], xSplit: 2 });
  sheetTitle(ws, widths.length, '考核目标完成情况（目标 × 责任单位）', asOfLine(data, '底色表示考核状态，图例见表下；“不适用”表示方案未分解到该单位，或没有应报台账载有该单位的这项数据'));
  ['序号', '目标', '目标值', '截止日期', '牵头单位'].forEach((h, i) => {
    ws.mergeCells(3, i + 1, 4, i + 1);
    headerCell(ws.getCell(3, i + 1), h);
    ws.getCell(4, i + 1).border = BORDER;
  });
  units.forEach((u, i) => {
    const col = left.length + 1 + i * 2;
    ws.mergeCells(3, col, 3, col + 1);
    headerCell(ws.getCell(3, col), u);
    ws.getCell(3, col + 1).border = BORDER;
    headerCell(ws.getCell(4, col), '完成率');
    headerCell(ws.getCell(4, col + 1), '时序进度');
  });
  ws.getRow(3).height = 22;
  ws.getRow(4).height = 22;

  const byKey = new Map(data.cells.map((c) => [`${c.target}\u0000${c.unit}`, c]));
  let r = 5;
  for (const t of data.targets) {
    const lead = t.lead.join('、');
    put(ws.getCell(r, 1), t.task ?? DASH, { align: 'center' });
    put(ws.getCell(r, 2), t.description, { wrap: true });
    put(ws.getCell(r, 3), t.valueText, { wrap: true, size: 10 });
    put(ws.getCell(r, 4), formatDateCn(t.deadline), { align: 'center', size: 10 });
    put(ws.getCell(r, 5), lead, { wrap: true, size: 10 });
    units.forEach((u, i) => {
      const col = left.length + 1 + i * 2;
      const c = byKey.get(`${t.id}\u0000${u}`);
      if (!c) {
        ws.mergeCells(r, col, r, col + 1);
        put(ws.getCell(r, col), NOT_APPLICABLE, { align: 'center', color: 'A6A6A6', size: 9 });
        return;
      }
      const look = statusLook(c.status);
      // a milestone reads as its progress word (推进中), never as the score convention's 0.5
      const shown = c.progress ?? c.completion ?? MATRIX_LABEL[c.status];
      const numeric = typeof shown === 'number';
      const done = put(ws.getCell(r, col), shown, { ...look, size: 10, align: 'center', numFmt: numeric ? FMT.completion : undefined, wrap: !numeric });
      put(ws.getCell(r, col + 1), c.timeProgress, { ...look, size: 10, bold: false, align: 'center', numFmt: FMT.pct });
      const note = [`${u}：${STATUS_LABEL[c.status]}`, c.basis, ...c.notes].filter(Boolean).join('\n');
      done.note = { texts: [{ text: note }], margins: { insetmode: 'auto' } } as ExcelJS.Comment;
    });
    fitRow(ws.getRow(r), [[t.description, left[1]!], [t.valueText, left[2]!], [lead, left[4]!]], BODY_SIZE, 22);
    r++;
  }

  // legend
  r++;
  put(ws.getCell(r, 2), '图例', { font: TITLE_FONT, size: 11, border: false });
  r++;
  for (const s of STATUSES) {
    put(ws.getCell(r, 2), STATUS_LABEL[s], { ...statusLook(s), align: 'center' });
    ws.mergeCells(r, 3, r, 5);
    put(ws.getCell(r, 3), STATUS_MEANING[s], { size: 10, border: false, color: '404040' });
    ws.getRow(r).height = 18;
    r++;
  }
  put(ws.getCell(r, 2), NOT_APPLICABLE, { align: 'center', color: 'A6A6A6' });
  ws.mergeCells(r, 3, r, 5);
  put(ws.getCell(r, 3), '方案未分解到该单位，或没有应报台账载有该单位的这项数据；不计入考核事项', { size: 10, border: false, color: '404040' });
  ws.getRow(r).height = 18;
  r++;
  const notes = [
    '完成率保留实际值（可超过 100%）；时序进度 = 已过时间 ÷ 目标期限；鼠标停在完成率上可查看数据依据。',
    `销号事项显示报送的进展（未启动、推进中、已完成）。${milestoneConvention(data.milestoneScale ?? DEFAULT_SCALE)}，可在“设置”中修改，已保存的评估保留当时的口径。`,
  ];
  for (const note of notes) {
    ws.mergeCells(r, 2, r, Math.min(widths.length, 11));
    put(ws.getCell(r, 2), note, { size: 10, border: false, color: '404040', wrap: true });
    fitRow(ws.getRow(r), [[note, mergedWidth(widths.slice(1, 11))]], 10, 18);
    r++;
  }
}

function laggingSheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const widths = [6, 30, 9, 14, 16, 11, 14, 14, 9, 9, 40];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.lagging, widths, header: [3, 3], xSplit: 2 });
  const { items, cityTotals } = laggingLists(data);
  const tally = (xs: LaggingRow[]) => {
    const n = (...s: AssessStatus[]) => xs.filter((l) => s.includes(l.status)).length;
    return `逾期未完成 ${n('overdue')} 项、严重滞后 ${n('seriously_lagging')} 项、滞后 ${n('lagging')} 项`;
  };
  sheetTitle(ws, widths.length, '滞后及逾期未完成事项清单', asOfLine(data, `共 ${items.length} 项（${tally(items)}），按严重程度排列`));
  ['序号', '目标', '单位', '责任单位', '牵头单位', '状态', '目标值', '实际', '完成率', '时序进度', '依据'].forEach((h, i) => headerCell(ws.getCell(3, i + 1), h));
  ws.getRow(3).height = 24;
  const targets = new Map(data.targets.map((t) => [t.id, t]));
  let r = 4;
  const line = (l: LaggingRow, no: number | string) => {
    const t = targets.get(l.target);
    const fmt = measureFormat(t?.measure ?? null);
    // named with its task number: the lagging list is read without the matrix's task column beside it
    const description = t ? targetName(t) : l.target;
    const lead = l.lead.join('、');
    put(ws.getCell(r, 1), no, { align: 'center' });
    put(ws.getCell(r, 2), description, { wrap: true });
    put(ws.getCell(r, 3), l.unit, { align: 'center' });
    put(ws.getCell(r, 4), l.responsible, { wrap: true, align: 'center' });
    put(ws.getCell(r, 5), lead, { wrap: true });
    put(ws.getCell(r, 6), STATUS_LABEL[l.status], { ...statusLook(l.status), align: 'center' });
    const valueText = l.value ?? t?.valueText ?? DASH;
    put(ws.getCell(r, 7), valueText, { numFmt: l.value !== null ? fmt : undefined, align: l.value !== null ? 'right' : 'center', wrap: l.value === null });
    // a milestone's actual is its progress word; records issued before the word was kept read it from the value
    const progress = l.progress ?? (t && t.measure === null && l.actual !== null ? milestoneWordOf(l.actual, data) : null);
    if (progress) put(ws.getCell(r, 8), progress, { align: 'center' });
    else put(ws.getCell(r, 8), l.actual ?? DASH, { numFmt: l.actual !== null ? fmt : undefined, align: l.actual !== null ? 'right' : 'center' });
    put(ws.getCell(r, 9), l.completion ?? DASH, { numFmt: l.completion !== null ? FMT.completion : undefined, align: 'center' });
    put(ws.getCell(r, 10), l.timeProgress, { numFmt: FMT.pct, align: 'center' });
    put(ws.getCell(r, 11), l.basis, { wrap: true, size: 10 });
    const texts: [string, number][] = [
      [description, widths[1]!],
      [l.responsible, widths[3]!],
      [lead, widths[4]!],
      [l.basis, widths[10]!],
    ];
    if (typeof valueText === 'string') texts.push([valueText, widths[6]!]);
    fitRow(ws.getRow(r), texts, BODY_SIZE, 22);
    r++;
  };
  const note = (text: string, look: Look = {}) => {
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), text, { size: 10, color: '404040', wrap: true, border: false, ...look });
    fitRow(ws.getRow(r), [[text, mergedWidth(widths)]], look.size ?? 10, 20);
    r++;
  };
  items.forEach((l, i) => line(l, i + 1));
  if (items.length === 0) {
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), '本月没有滞后或逾期未完成的考核事项。', { align: 'center' });
    r++;
  }
  if (cityTotals.length > 0) {
    r++;
    note(`各县区（全市合计）：各县区数据相加的全市情况，共 ${cityTotals.length} 项（${tally(cityTotals)}）。仅供参照，不是单独的考核事项，不计入上列和封面的事项数，责任在上列各县区。`, { size: 11, bold: true, color: '1F1F1F' });
    for (const l of cityTotals) line(l, DASH);
  }
  if ([...items, ...cityTotals].some((l) => l.progress || targets.get(l.target)?.measure === null)) {
    r++;
    note(`${milestoneConvention(data.milestoneScale ?? DEFAULT_SCALE)}；该口径可在“设置”中修改，已保存的评估保留当时的口径。`);
  }
}

/** The progress word the run's convention gives a milestone's value (推进中 for 0.5). */
function milestoneWordOf(actual: number, data: MonthlyReportData): string | null {
  return milestoneWord(actual, undefined, data.milestoneScale ?? DEFAULT_SCALE);
}

function qualitySheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const widths = [16, 10, 10, 9, 10, 9, 9, 56];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.quality, widths, header: [3, 3], xSplit: 1 });
  sheetTitle(ws, widths.length, '台账数据质量情况', asOfLine(data, '拒收行：因错误未计入评估的数据行'));
  ['报送单位', '报送份数', '数据行数', '拒收行', '带警告行', '错误', '警告', '主要问题'].forEach((h, i) => headerCell(ws.getCell(3, i + 1), h));
  ws.getRow(3).height = 24;
  let r = 4;
  for (const q of data.quality) {
    const top = q.top.join('；');
    put(ws.getCell(r, 1), q.unit, { align: 'center' });
    const nums = [q.submissions, q.rows, q.rejected, q.warned, q.errors, q.warnings];
    nums.forEach((v, i) => {
      const bad = (i === 2 || i === 4) && v > 0;
      const warn = (i === 3 || i === 5) && v > 0;
      put(ws.getCell(r, 2 + i), v, { numFmt: FMT.int, align: 'center', fill: bad ? RETURN_COLORS.missing.fill : warn ? RETURN_COLORS.late.fill : undefined, color: bad ? RETURN_COLORS.missing.font : undefined });
    });
    put(ws.getCell(r, 8), top || (q.errors + q.warnings > 0 ? '' : '未发现问题'), { wrap: true, color: top ? undefined : '7F7F7F' });
    fitRow(ws.getRow(r), [[top, widths[7]!]]);
    r++;
  }
  if (data.quality.length > 0) {
    const last = r - 1;
    put(ws.getCell(r, 1), '合计', { bold: true, align: 'center', fill: 'F2F2F2' });
    const keys = ['submissions', 'rows', 'rejected', 'warned', 'errors', 'warnings'] as const;
    keys.forEach((k, i) => {
      const col = 2 + i;
      const letter = ws.getColumn(col).letter;
      put(ws.getCell(r, col), { formula: `SUM(${letter}4:${letter}${last})`, result: data.quality.reduce((s, q) => s + q[k], 0) }, { numFmt: FMT.int, align: 'center', bold: true, fill: 'F2F2F2' });
    });
    put(ws.getCell(r, 8), '', { fill: 'F2F2F2' });
    ws.getRow(r).height = 22;
  } else {
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), '本期没有读取台账。', { align: 'center' });
  }
}

function returnsSheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const widths = [14, 18, 12, 16, 12, 18];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.returns, widths, header: [3, 3], xSplit: 1 });
  const month = data.returns.filter((x) => x.period === data.month);
  const tally = (s: ReturnStatus) => month.filter((x) => x.status === s).length;
  sheetTitle(
    ws,
    widths.length,
    '台账报送情况',
    `${formatMonthCn(data.month)}应报 ${month.length} 份：按时 ${tally('on_time')} 份，逾期报送 ${tally('late')} 份，未报送 ${tally('missing')} 份，未到期 ${tally('pending')} 份`,
  );
  ['单位', '台账', '所属月份', '应报日期', '状态', '报送时间'].forEach((h, i) => headerCell(ws.getCell(3, i + 1), h));
  ws.getRow(3).height = 24;
  let r = 4;
  for (const x of data.returns) {
    const c = RETURN_COLORS[x.status];
    put(ws.getCell(r, 1), x.unit, { align: 'center' });
    put(ws.getCell(r, 2), LEDGER_LABEL[x.kind] ?? x.kind, { align: 'left' });
    put(ws.getCell(r, 3), formatMonthCn(x.period), { align: 'center' });
    put(ws.getCell(r, 4), formatDateCn(x.dueOn), { align: 'center' });
    put(ws.getCell(r, 5), RETURN_STATUS_LABEL[x.status], { align: 'center', fill: c.fill, color: c.font, bold: x.status === 'missing' });
    put(ws.getCell(r, 6), x.submittedAt ? formatBeijingDateTime(x.submittedAt) : DASH, { align: 'center' });
    ws.getRow(r).height = 20;
    r++;
  }
  if (data.returns.length === 0) {
    ws.mergeCells(r, 1, r, widths.length);
    put(ws.getCell(r, 1), '本期没有应报台账。', { align: 'center' });
  }
}

/** This month's returns at a glance: unit × ledger, the status coloured. Returns the next free row. */
function returnsPivot(ws: ExcelJS.Worksheet, data: MonthlyReportData, start: number): number {
  const month = data.returns.filter((x) => x.period === data.month);
  const kinds = [...new Set(month.map((x) => x.kind))] as LedgerKind[];
  const units = [...new Set(month.map((x) => x.unit))];
  let r = start;
  headerCell(ws.getCell(r, 1), '单位');
  kinds.forEach((k, i) => headerCell(ws.getCell(r, i + 2), LEDGER_LABEL[k] ?? k));
  ws.getRow(r).height = 22;
  r++;
  for (const u of units) {
    put(ws.getCell(r, 1), u, { align: 'center' });
    kinds.forEach((k, i) => {
      const x = month.find((y) => y.unit === u && y.kind === k);
      if (!x) put(ws.getCell(r, i + 2), DASH, { align: 'center', color: 'A6A6A6' });
      else put(ws.getCell(r, i + 2), RETURN_STATUS_LABEL[x.status], { align: 'center', fill: RETURN_COLORS[x.status].fill, color: RETURN_COLORS[x.status].font, bold: x.status === 'missing' });
    });
    ws.getRow(r).height = 20;
    r++;
  }
  const tally = (s: ReturnStatus) => month.filter((x) => x.status === s).length;
  ws.mergeCells(r, 1, r, Math.max(2, kinds.length + 1));
  put(ws.getCell(r, 1), `应报 ${month.length} 份：按时 ${tally('on_time')} 份，逾期报送 ${tally('late')} 份，未报送 ${tally('missing')} 份，未到期 ${tally('pending')} 份。`, { size: 10, color: '404040', border: false });
  ws.getRow(r).height = 20;
  return r + 1;
}

function changesSheet(wb: ExcelJS.Workbook, data: MonthlyReportData): void {
  const widths = [7, 120];
  const ws = addSheet(wb, data, { name: MONTHLY_SHEETS.changes, widths, header: [3, 3] });
  sheetTitle(ws, widths.length, '与上次通报相比的变化', asOfLine(data));
  headerCell(ws.getCell(3, 1), '序号');
  headerCell(ws.getCell(3, 2), '变化情况');
  ws.getRow(3).height = 24;
  data.changes.forEach((line, i) => {
    const row = ws.getRow(4 + i);
    put(row.getCell(1), i + 1, { align: 'center' });
    put(row.getCell(2), line, { wrap: true });
    fitRow(row, [[line, widths[1]!]]);
  });
}

/** The 月度通报 workbook (.xlsx) for one saved assessment. */
export async function buildMonthlyWorkbook(data: MonthlyReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const issued = issuedDate(data.issuedAt);
  wb.creator = data.issuer;
  wb.lastModifiedBy = data.issuer;
  wb.created = issued;
  wb.modified = issued;
  wb.title = data.title;
  wb.subject = `${formatMonthCn(data.month)}月度通报`;
  wb.company = data.office ?? ISSUING_OFFICE;

  const coverPx = sheetPx(COVER_WIDTHS);
  const units = matrixUnits(data);
  const statusChart = renderChartPng(statusChartOption(data), { width: coverPx, height: 64 + Math.max(3, units.length) * 30 });
  const rankingChart = data.ranking.length > 0 ? renderChartPng(rankingChartOption(data), { width: sheetPx([7, 12, 12, 11, 9, 9, 11]), height: 50 + data.ranking.length * 30 }) : null;

  coverSheet(wb, data, statusChart);
  tasksSheet(wb, data);
  rankingSheet(wb, data, rankingChart);
  matrixSheet(wb, data);
  laggingSheet(wb, data);
  qualitySheet(wb, data);
  returnsSheet(wb, data);
  if (data.changes.length > 0) changesSheet(wb, data);

  wb.views = [{ x: 0, y: 0, width: 16000, height: 10000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
