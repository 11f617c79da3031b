import crypto from 'node:crypto';
import { LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { formatMonthCn } from '../../../shared/format';
import { LEDGERS } from '../ledgers';
import type { LedgerDef, RowValues } from '../ledgers/types';
import type { PlanIndex } from '../plan/planIndex';
import type { UnitIndex } from '../units/unitIndex';
import type { Finding } from './findings';
import { ImportRefusal } from './refusal';
import { readRow, type CellIssue, type RowContext } from './rowReader';
import { columnLetter, detectTable, fillMerges, unmappedColumnsFinding, type TableLayout } from './tableDetect';
import { cellText, foldText, isBlank, monthEnd, parsePeriod, type CellValue } from './values';
import { type FileFormat, type SheetGrid, type WorkbookReader } from './workbookReader';
import { defaultReader } from './xlsxReader';
import { defaultTimeLimitMs, withinTimeLimit } from './timeLimit';
import { collectGarbage } from './memory';
import { checkIndicatorRow, checkMilestoneRow } from './planRows';
import { checkDuplicatesInFile } from './duplicates';
import { checkSummarySheet, checkTotalRow, type TotalRow } from './totals';
import { leadDepartment, namedSubmitter, scanRows, sheetOwner, unitColumn, type SheetOwner } from './attribution';
import type { Analysis, AnalyzedRow, DetectionSource, RowStatus, SheetReport } from './analysisTypes';

export type { Analysis, AnalyzedRow, DetectionSource, RowStatus, SheetReport };

export interface AnalyzeRequest {
  fileName: string;
  bytes: Uint8Array;
  /** Already computed by the caller, to hash a large file once. */
  sha256?: string;
  kind?: LedgerKind;
  unit?: string;
  period?: string;
}

export interface AnalyzeContext {
  units: UnitIndex;
  plan: PlanIndex;
  reader?: WorkbookReader;
  progress?: (done: number, total: number, stage: string) => void;
  /** How long reading and checking this file may take; by default scaled with its size (defaultTimeLimitMs). */
  timeLimitMs?: number;
}

/** Sheets that hold instructions or drop-down lists (our own templates have 填写说明 and a hidden 选项). */
const HELPER_SHEETS = /^(填写说明|填表说明|填报说明|说明|使用说明|选项|下拉选项|字典|代码表|数据字典|参数)$/;

// 合计, 小计, 全市合计 — and "城区小计", "矿区合计" at the end of a county's block
const TOTAL_LABEL = /^(合\s*计|小\s*计|总\s*计|共计|全市合计|全县合计|全区合计|总合计)|^.{1,12}(小计|合计)$/;
// "一、燃煤锅炉", "（二）燃气锅炉", "1.城区": a heading that groups the rows below it
const SECTION_LABEL = /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))/;
const NOTE_LABEL = /^(注|备注|说明|附注|填报人|填表人|审核人|制表人|制表|联系人|联系电话|填报单位|填报日期|填表日期|单位负责人|负责人|分管领导|主要领导|审核)[:：、\s]?/;

export function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Header texts folded once per table, for spotting a header repeated inside the data. */
const foldedHeaders = new WeakMap<TableLayout, { col: number; text: string }[]>();
function headersOf(layout: TableLayout) {
  let h = foldedHeaders.get(layout);
  if (!h) {
    h = layout.columns.map((c) => ({ col: c.col, text: foldText(c.header.split('/').pop() ?? '') }));
    foldedHeaders.set(layout, h);
  }
  return h;
}

// Runs once per data row: kept to cheap checks on strings, which is all a total, a note or a header can be.
function rowKind(row: CellValue[] | undefined, layout: TableLayout): 'blank' | 'total' | 'note' | 'header' | 'data' {
  if (!row) return 'blank';
  let nonBlank = 0;
  let first: string | null = null;
  let second: string | null = null;
  let manyValues = false;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    nonBlank++;
    if (manyValues) continue;
    const t = typeof v === 'string' ? v : cellText(v);
    if (first === null) first = t;
    else if (t !== first && second === null) second = t;
    else if (t !== first && t !== second) manyValues = true;
  }
  if (nonBlank === 0) return 'blank';
  for (let c = 0; c < Math.min(row.length, 4); c++) {
    const v = row[c];
    if (typeof v === 'string' && TOTAL_LABEL.test(v.trim())) return 'total';
  }
  if (!manyValues) {
    const text = (first ?? '').replace(/\s+/g, '');
    if (NOTE_LABEL.test(text) || (second === null && text.length >= 25)) return 'note';
    // one text merged across the row, or a numbered heading alone: a section heading, not a record
    if (second === null && (nonBlank >= 3 || SECTION_LABEL.test(text))) return 'note';
  }
  const headers = headersOf(layout);
  const probe = headers[0];
  if (probe && typeof row[probe.col] === 'string' && foldText(row[probe.col]!) === probe.text) {
    let same = 0;
    for (const h of headers) if (foldText(row[h.col] ?? null) === h.text) same++;
    if (same >= Math.max(2, Math.ceil(headers.length * 0.6))) return 'header';
  }
  return 'data';
}

const COMPILED = /汇总|全市|各县区|各县（区）|各县\(区\)/;

const REPORT_DATE = /(填报|填表|制表|报送|打印|审核|统计)(日期|时间)[:：]?\s*[\d年月日.\-/]+/g;
const FILLED_BY = /(填报单位|报送单位|填表单位)[:：]/;

/** A sheet named for a month ("9月", "2020年9月", "2020.09"), read in the year of the reporting period. */
function sheetMonth(name: string, period: string | null): string | null {
  const full = parsePeriod(name);
  if (full) return full;
  const m = /^(\d{1,2})月(份)?$/.exec(name.replace(/\s+/g, ''));
  const year = period?.slice(0, 4) ?? '2020';
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 12 ? `${year}-${String(Number(m[1])).padStart(2, '0')}` : null;
}

/** Text in the few rows under a table (填报人, 填报单位, 注). */
function notesBelow(sheet: SheetGrid, layout: TableLayout): string {
  const out: string[] = [];
  for (let r = sheet.rows.length - 1; r >= layout.firstDataRow && out.length < 6; r--) {
    const row = sheet.rows[r];
    if (!row) continue;
    const texts = fewTexts(row, 3);
    if (texts && texts.length > 0) out.push(texts.join(' '));
  }
  return out.reverse().join('\n');
}

/** A row's distinct non-blank texts, trimmed, in order; null past `max` (this runs up every row of a big table). */
function fewTexts(row: CellValue[], max: number): string[] | null {
  const seen: string[] = [];
  for (const v of row) {
    if (typeof v !== 'string') continue;
    const t = v.trim();
    if (!t || seen.includes(t)) continue;
    if (seen.length === max) return null;
    seen.push(t);
  }
  return seen;
}

function chooseKind(layouts: { sheet: SheetGrid; layout: TableLayout }[], forced?: LedgerKind): LedgerKind | null {
  if (forced) return forced;
  const score = new Map<LedgerKind, number>();
  for (const { layout } of layouts) if (!layout.summary) score.set(layout.kind, (score.get(layout.kind) ?? 0) + layout.score);
  let best: LedgerKind | null = null;
  for (const [k, s] of score) if (best === null || s > score.get(best)!) best = k;
  return best;
}

/** A 县区 cell naming another city's county says so, rather than suggesting an alias for it. */
function explainForeign(issues: CellIssue[], cell: CellValue, field: string, units: UnitIndex): void {
  const i = issues.find((x) => x.field === field && x.code === 'unknown_unit');
  const place = i ? units.foreignPlace(cellText(cell)) : null;
  if (i && place) i.message = `“${cellText(cell)}”${place === cellText(cell) ? '' : `属于${place}，`}不是本市的县区或单位，本行不计入。`;
}


/**
 * Reads a file and checks it, writing nothing: the same analysis serves `check`, the preview and the import.
 * Bounded in time: past the limit the file is refused as unreadable (nothing is written before this returns).
 */
export function analyzeFile(req: AnalyzeRequest, ctx: AnalyzeContext): Analysis {
  return withinTimeLimit(req.fileName, ctx.timeLimitMs ?? defaultTimeLimitMs(req.bytes.length), () => analyzeUnbounded(req, ctx));
}

function analyzeUnbounded(req: AnalyzeRequest, ctx: AnalyzeContext): Analysis {
  const reader = ctx.reader ?? defaultReader;
  const wb = reader.read(req.bytes, req.fileName);
  const findings: Finding[] = [];
  const sheets: SheetReport[] = [];

  const detected: { sheet: SheetGrid; layout: TableLayout }[] = [];
  // rows with nothing of their own, before merged cells are spread into them
  const ownContent = new Map<SheetGrid, boolean[]>();
  let anyContent = false;
  for (const sheet of wb.sheets) {
    const hasContent = sheet.rows.some((r) => r && r.some((v) => !isBlank(v)));
    anyContent ||= hasContent;
    if (!hasContent) continue;
    if (HELPER_SHEETS.test(sheet.name.replace(/\s+/g, ''))) {
      sheets.push({ name: sheet.name, hidden: sheet.hidden, role: 'skipped', headerRows: [], columns: [], dataRows: 0, reason: '说明或选项工作表' });
      findings.push({ severity: 'info', code: 'sheet_skipped', sheet: sheet.name, row: null, column: null, col: null, message: `工作表“${sheet.name}”是说明或下拉选项，不是台账，已跳过。` });
      continue;
    }
    ownContent.set(sheet, sheet.rows.map((r) => !!r && r.some((v) => !isBlank(v))));
    fillMerges(sheet, req.fileName);
    const layout = detectTable(sheet, req.kind);
    if (layout) detected.push({ sheet, layout });
    else {
      sheets.push({ name: sheet.name, hidden: sheet.hidden, role: 'skipped', headerRows: [], columns: [], dataRows: 0, reason: '未找到可识别的台账表头' });
      findings.push({ severity: 'info', code: 'sheet_skipped', sheet: sheet.name, row: null, column: null, col: null, message: `工作表“${sheet.name}”中没有可识别的台账表头，已跳过。` });
    }
  }
  if (!anyContent) throw new ImportRefusal('empty', `文件“${req.fileName}”中没有任何数据。`);

  const kind = chooseKind(detected, req.kind);
  if (!kind || !detected.some((d) => d.layout.kind === kind && !d.layout.summary)) {
    const expected = req.kind ? `${LEDGER_LABEL[req.kind]}的` : '任何一类台账（露天矿山、锅炉、车辆淘汰、排污许可、指标报送、任务销号）的';
    throw new ImportRefusal(
      'unrecognized',
      `文件“${req.fileName}”中没有找到${expected}表头。请对照台账模板检查表头文字（可用“下载模板”获取），或用 --kind 指定台账类别。`,
    );
  }
  const def = LEDGERS[kind];
  const mine = detected.filter((d) => d.layout.kind === kind);
  for (const d of detected.filter((x) => x.layout.kind !== kind)) {
    sheets.push({ name: d.sheet.name, hidden: d.sheet.hidden, role: 'skipped', headerRows: [], columns: [], dataRows: 0, reason: `像是${LEDGER_LABEL[d.layout.kind]}` });
    findings.push({
      severity: 'warning',
      code: 'sheet_skipped',
      sheet: d.sheet.name,
      row: d.layout.headerRows[0]! + 1,
      column: null,
      col: null,
      message: `工作表“${d.sheet.name}”像是${LEDGER_LABEL[d.layout.kind]}，与本文件的${def.label}不同，未导入；请单独导入。`,
    });
  }
  for (const { sheet, layout } of mine) {
    for (const u of layout.unknownMeasures) {
      const column = layout.columns.find((c) => c.col === u.col)!;
      const headerRow = layout.headerRows[layout.headerRows.length - 1]! + 1;
      if (column.field.required) {
        throw new ImportRefusal(
          'unrecognized',
          `工作表“${sheet.name}”第 ${headerRow} 行的表头“${u.header}”使用的计量单位“${u.measure}”无法换算为${column.field.measure?.canonical ?? ''}，工作台不会按错误的单位计数。请改用模板中的计量单位后重新报送。`,
        );
      }
      // an optional column in a measure we cannot convert is left out rather than read wrongly
      layout.columns = layout.columns.filter((c) => c.col !== u.col);
      findings.push({
        severity: 'warning',
        code: 'type',
        sheet: sheet.name,
        row: headerRow,
        column: u.header,
        col: u.col,
        message: `表头“${u.header}”的计量单位“${u.measure}”无法换算为${column.field.measure?.canonical ?? ''}，该列数据未导入。`,
      });
    }
  }

  const ledgerSheets = mine.filter((d) => !d.layout.summary);
  for (const { sheet, layout } of ledgerSheets) {
    // the submitter stands in for a missing 县区 column; any other required column must be there
    const missing = def.fields.filter((f) => f.required && f.key !== def.unitField && !layout.columns.some((c) => c.field.key === f.key));
    if (missing.length > 0) {
      throw new ImportRefusal(
        'unrecognized',
        `工作表“${sheet.name}”是${def.label}，但缺少必填列：${missing.map((f) => `“${f.label}”`).join('、')}。请对照台账模板补齐后重新报送。`,
      );
    }
  }
  const titleText = ledgerSheets.map((d) => d.layout.titleText).filter(Boolean).join('\n');
  // "填报日期：2020年10月8日" says when the form was filled in, not which month it reports
  const titleLines = titleText.split('\n').map((l) => l.replace(REPORT_DATE, ' '));

  // the reporting month: flag, then the title, then the file name (the indicator ledger also carries it per row)
  let period: string | null = null;
  let periodFrom: DetectionSource = { source: 'flag' };
  const titleLine = titleLines.find((l) => parsePeriod(l));
  if (req.period) period = req.period;
  else if (titleLine) {
    period = parsePeriod(titleLine);
    periodFrom = { source: 'title', text: titleLine.trim() };
  } else if (parsePeriod(req.fileName)) {
    period = parsePeriod(req.fileName);
    periodFrom = { source: 'file_name', text: req.fileName };
  }
  // a workbook with one sheet per month (8月, 9月): one file is one month's return
  const sheetMonths = ledgerSheets.map((d) => sheetMonth(d.sheet.name, period));
  if (sheetMonths.filter(Boolean).length >= 2 && new Set(sheetMonths.filter(Boolean)).size >= 2) {
    const chosen = req.period ?? [...sheetMonths].filter((m): m is string => m !== null).sort().pop()!;
    if (!req.period && !period) {
      period = chosen;
      periodFrom = { source: 'title', text: `工作表“${ledgerSheets[sheetMonths.indexOf(chosen)]!.sheet.name}”` };
    }
    for (let i = ledgerSheets.length - 1; i >= 0; i--) {
      const m = sheetMonths[i];
      if (m && m !== (period ?? chosen)) {
        const d = ledgerSheets[i]!;
        findings.push({
          severity: 'warning',
          code: 'sheet_skipped',
          sheet: d.sheet.name,
          row: null,
          column: null,
          col: null,
          message: `工作表“${d.sheet.name}”是${formatMonthCn(m)}的台账，本次导入的是${formatMonthCn(period ?? chosen)}，该表未导入；其他月份请单独导入。`,
        });
        sheets.push({ name: d.sheet.name, hidden: d.sheet.hidden, role: 'skipped', headerRows: [], columns: [], dataRows: 0, reason: `${formatMonthCn(m)}的台账` });
        mine.splice(mine.indexOf(d), 1);
        ledgerSheets.splice(i, 1);
      }
    }
  }

  // whose rows each sheet holds when its rows do not say: a workbook with one sheet per county
  const owners = new Map<SheetGrid, SheetOwner>(ledgerSheets.map((d) => [d.sheet, sheetOwner(ctx.units, d.sheet.name, d.layout.titleText)]));
  for (let i = ledgerSheets.length - 1; i >= 0; i--) {
    const { sheet, layout } = ledgerSheets[i]!;
    const owner = owners.get(sheet);
    if (!owner || !('foreign' in owner) || unitColumn(layout, def)) continue;
    // another city's sheet with no 县区 column: none of its rows can be ours
    findings.push({
      severity: 'warning',
      code: 'foreign_unit',
      sheet: sheet.name,
      row: null,
      column: null,
      col: null,
      message: `工作表“${sheet.name}”的${owner.from === 'sheet_name' ? '名称' : '标题'}表明它是${owner.foreign}的台账，${owner.foreign}不是本市的单位，该表未导入。`,
    });
    sheets.push({ name: sheet.name, hidden: sheet.hidden, role: 'skipped', headerRows: [], columns: [], dataRows: 0, reason: `${owner.foreign}的台账，不是本市单位` });
    mine.splice(mine.indexOf(ledgerSheets[i]!), 1);
    ledgerSheets.splice(i, 1);
  }
  if (ledgerSheets.length === 0) {
    const places = [...new Set([...owners.values()].flatMap((o) => (o && 'foreign' in o ? [o.foreign] : [])))].join('、');
    throw new ImportRefusal('unknown_unit', `文件“${req.fileName}”的工作表都是${places}的台账，${places}不是本市的单位，未导入。如确是本市某县区的台账，请改正工作表名称或标题后重新报送。`);
  }
  const sheetUnit = (sheet: SheetGrid): string | null => {
    const o = owners.get(sheet);
    return o && 'unit' in o ? o.unit : null;
  };

  let submitter: string | null = null;
  let submitterFrom: DetectionSource = { source: 'flag' };
  let foreign: { place: string; text: string } | null = null;
  if (req.unit) {
    submitter = ctx.units.resolve(req.unit);
    if (!submitter) throw new ImportRefusal('unknown_unit', `指定的报送单位“${req.unit}”不在单位表中。请检查名称，或在“设置”中为它添加别名。`);
  } else {
    // "填报单位：…" above or below the table says who sent it more surely than the title
    const filledBy = [titleText, ...ledgerSheets.map((d) => notesBelow(d.sheet, d.layout))]
      .join('\n')
      .split('\n')
      .filter((l) => FILLED_BY.test(l.replace(/\s+/g, '')))
      .map((l) => l.replace(/\s+/g, '').replace(/^.*?(填报单位|报送单位|填表单位)[:：]/, '').replace(/(填报|填表|制表|报送)(日期|时间|人).*$/, ''));
    // sheet titles that each name their own county say whose rows, not who sent the workbook
    const perCountyTitles = ledgerSheets.length > 1 && ledgerSheets.every((d) => owners.get(d.sheet)?.from === 'sheet_title');
    const named = namedSubmitter(ctx.units, [
      ...filledBy.map((text) => ({ source: 'title' as const, text })),
      ...(perCountyTitles ? [] : [{ source: 'title' as const, text: titleText }]),
      { source: 'file_name', text: req.fileName.replace(/\.[^.]+$/, '') },
    ]);
    if (named && 'unit' in named) {
      submitter = named.unit;
      submitterFrom = named.from;
    } else if (named) foreign = { place: named.foreign, text: named.text };
  }

  // a pre-scan of the unit (and month) columns settles what the title and file name leave open
  let seenUnits = new Set<string>();
  let rowTargets: string[] = [];
  if (!submitter || !period) {
    const scan = scanRows(ledgerSheets, def, ctx.units, ctx.plan, sheetUnit, !submitter);
    seenUnits = scan.units;
    rowTargets = scan.targets;
    const maxMonth = scan.maxMonth;
    // a 汇总 (or 全市) file is a department's compilation even when this month's rows are one county's
    const compiled = COMPILED.test(`${titleText}\n${req.fileName}`.replace(/\s+/g, ''));
    if (!submitter && !foreign && seenUnits.size === 1 && !compiled) {
      submitter = [...seenUnits][0]!;
      submitterFrom = { source: 'rows' };
    }
    if (!period && maxMonth) {
      period = maxMonth;
      periodFrom = { source: 'rows' };
    }
  }
  if (!submitter && foreign) {
    // another city's file with rows for our counties: those rows count, filed as received by the office
    const office = ctx.units.office;
    if (seenUnits.size === 0 || !office) {
      throw new ImportRefusal(
        'unknown_unit',
        `文件“${req.fileName}”注明的报送单位“${foreign.text}”属于${foreign.place}，不是本市的单位，文件中也没有本市县区的数据，未导入。如确是本市某单位报送，请在导入时指定报送单位（命令行用 --unit）。`,
      );
    }
    submitter = office;
    submitterFrom = { source: 'foreign', text: foreign.text };
    findings.push({
      severity: 'warning',
      code: 'foreign_unit',
      sheet: null,
      row: null,
      column: null,
      col: null,
      message: `文件注明的报送单位“${foreign.text}”属于${foreign.place}，不是本市的单位；本文件记在${office}名下，只计入本市县区的行。如确是本市某单位报送，请改选报送单位后重新检查。`,
    });
  }
  if (!submitter && seenUnits.size > 0) {
    // a department's multi-county file that names nobody: the lead department of the task the ledger serves
    const lead = leadDepartment(ctx.plan, def.kind, rowTargets);
    if (lead && ctx.units.kindOf(lead.unit)) {
      submitter = lead.unit;
      submitterFrom = { source: 'lead', text: lead.text };
    }
  }
  if (!submitter) {
    throw new ImportRefusal(
      'no_unit',
      `无法判断“${req.fileName}”的报送单位：标题、填报单位和文件名都没有写明，表中也没有县区列或按县区分的工作表。请在导入时指定报送单位（命令行用 --unit）。`,
    );
  }
  if (!period) {
    throw new ImportRefusal('no_period', `无法从标题或文件名判断“${req.fileName}”的报送月份。请在导入时指定月份（命令行用 --period YYYY-MM）。`);
  }
  const year = Number(period.slice(0, 4));
  const rowCtx: RowContext = { units: ctx.units, year, periodEnd: monthEnd(year, Number(period.slice(5, 7))), serialOffset: wb.date1904 ? 1462 : 0 };
  const submitterIsCounty = ctx.units.kindOf(submitter) === 'county';

  const rows: AnalyzedRow[] = [];
  const totalRows: TotalRow[] = [];
  const totalWork = ledgerSheets.reduce((n, d) => n + d.sheet.rows.length, 0);
  let done = 0;

  for (const { sheet, layout } of mine) {
    const columns = layout.columns.map((c) => ({ letter: columnLetter(c.col), header: c.header, field: c.field.key, label: c.field.label, factor: c.factor }));
    const report: SheetReport = { name: sheet.name, hidden: sheet.hidden, role: layout.summary ? 'summary' : 'ledger', headerRows: layout.headerRows.map((r) => r + 1), columns, dataRows: 0 };
    sheets.push(report);
    if (sheet.hidden) {
      findings.push({ severity: 'info', code: 'hidden', sheet: sheet.name, row: null, column: null, col: null, message: `工作表“${sheet.name}”在 Excel 中是隐藏的，已照常读取。` });
    }
    if (layout.summary) continue;
    const unmapped = unmappedColumnsFinding(sheet.name, layout);
    if (unmapped) findings.push(unmapped);

    const unitCol = unitColumn(layout, def);
    const own = sheetUnit(sheet) ?? (submitterIsCounty ? submitter : null);
    const hiddenRows: number[] = [];
    const sheetStart = rows.length;
    let blockStart = rows.length;
    for (let r = layout.firstDataRow; r < sheet.rows.length; r++) {
      if (++done % 5000 === 0) ctx.progress?.(done, totalWork, 'check');
      const row = sheet.rows[r];
      const what = ownContent.get(sheet)?.[r] === false ? 'blank' : rowKind(row, layout);
      if (what === 'blank' || what === 'note' || what === 'header') continue;
      if (what === 'total') {
        const label = cellText(row!.find((v) => !isBlank(v)) ?? null);
        const subtotal = /小\s*计/.test(label) || (/合计$/.test(label) && !/^(全市|全县|全区|总)?合\s*计$/.test(label.replace(/\s+/g, '')));
        totalRows.push({ sheet: sheet.name, rowNo: r + 1, row: row!, layout, from: subtotal ? blockStart : sheetStart, to: rows.length, label });
        if (subtotal) blockStart = rows.length;
        continue;
      }
      if (sheet.hiddenRows.has(r)) hiddenRows.push(r + 1);
      const { values, issues } = readRow(row!, layout.columns, rowCtx);
      // in a county's own ledger, or a sheet for one county, a blank 县区 cell means that county
      if (unitCol && own && values[def.unitField] === null && isBlank(row![unitCol.col] ?? null)) {
        values[def.unitField] = own;
        const i = issues.findIndex((x) => x.field === def.unitField && x.code === 'required');
        if (i >= 0) issues.splice(i, 1);
      }
      if (unitCol) explainForeign(issues, row![unitCol.col] ?? null, def.unitField, ctx.units);
      const unit: string | null = unitCol ? (values[def.unitField] as string | null) : (sheetUnit(sheet) ?? submitter);
      if (!unitCol) values[def.unitField] = unit;
      if (def.kind === 'indicator' || def.kind === 'milestone') {
        const extra = def.kind === 'indicator' ? checkIndicatorRow(values, ctx.plan, period) : checkMilestoneRow(values, ctx.plan);
        for (const i of extra) issues.push({ ...i, col: layout.columns.find((c) => c.field.key === i.field)?.col ?? null });
      }
      // a rule about a cell that already failed to read would only repeat it ("未填" a date that is merely unreadable)
      const ruled = def.rowRules?.(values);
      if (ruled && ruled.length > 0) {
        const unreadable = new Set(issues.map((i) => i.field));
        for (const i of ruled) {
          if (i.field && unreadable.has(i.field)) continue;
          issues.push({ ...i, col: layout.columns.find((c) => c.field.key === i.field)?.col ?? null });
        }
      }
      if (unit && own && unit !== own) {
        issues.push({
          severity: 'warning',
          code: 'unit_mismatch',
          field: def.unitField,
          col: unitCol?.col ?? null,
          message: sheetUnit(sheet) ? `本行县区为“${unit}”，与工作表“${sheet.name}”所属的${own}不一致，请核实。` : `本行县区为“${unit}”，与报送单位“${submitter}”不一致，请核实。`,
        });
      }
      rows.push(finishRow(sheet.name, r + 1, unit, values, issues, row!, layout, findings, def));
      report.dataRows++;
    }
    if (hiddenRows.length > 0) {
      findings.push({
        severity: 'info',
        code: 'hidden',
        sheet: sheet.name,
        row: hiddenRows[0]!,
        column: null,
        col: null,
        message: `工作表“${sheet.name}”有 ${hiddenRows.length} 行数据在 Excel 中被隐藏（第 ${hiddenRows.slice(0, 10).join('、')}${hiddenRows.length > 10 ? ' 等' : ''} 行），已照常读取。`,
      });
    }
  }
  if (rows.length === 0) {
    throw new ImportRefusal('empty', `文件“${req.fileName}”的${def.label}表头下没有数据行。`);
  }

  checkDuplicatesInFile(def, rows, mine, findings);
  for (const t of totalRows) checkTotalRow(t, rows, findings);
  for (const { sheet, layout } of mine.filter((d) => d.layout.summary)) checkSummarySheet(sheet, layout, def, rows, findings, ctx.units);

  return finish({ req, wb: { format: wb.format, ...(wb.encoding ? { encoding: wb.encoding } : {}) }, kind, submitter, period, detection: { kind: req.kind ? { source: 'flag' } : { source: 'headers' }, submitter: submitterFrom, period: periodFrom }, sheets, rows, findings, sources: new Map(mine.map((d) => [d.sheet.name, d])) });
}

function finishRow(
  sheet: string,
  rowNo: number,
  unit: string | null,
  values: RowValues,
  issues: CellIssue[],
  row: CellValue[],
  layout: TableLayout,
  findings: Finding[],
  def: LedgerDef,
): AnalyzedRow {
  let status: RowStatus = 'ok';
  for (const i of issues) {
    if (i.severity === 'error') status = 'rejected';
    else if (status === 'ok') status = 'warned';
    const col = i.col;
    // a rule about a column the file lacks still names the column, as the template calls it
    const header =
      (col !== null ? layout.columns.find((c) => c.col === col)?.header : undefined) ??
      (i.field ? (layout.columns.find((c) => c.field.key === i.field)?.header ?? def.fields.find((f) => f.key === i.field)?.label) : undefined) ??
      null;
    findings.push({ severity: i.severity, code: i.code, sheet, row: rowNo, column: header, col, message: i.message });
  }
  const analyzed: AnalyzedRow = { sheet, rowNo, unit, values, status, raw: null };
  if (status !== 'ok') analyzed.raw = rawOf(row, layout);
  return analyzed;
}

type Sources = Map<string, { sheet: SheetGrid; layout: TableLayout }>;

/**
 * Each analysed sheet's cells and table by sheet name, so a row found faulty later (a duplicate, a cross-file check)
 * can still show what it said: its cells are its sheet's row rowNo − 1. One entry per file, not one per row.
 */
const sourcesOf = new WeakMap<Analysis, Sources>();

/** Rows past this are worth a collection once their cells are let go (a 500,000-row sheet's are about 200 MB). */
const COLLECT_AFTER_ROWS = 200_000;

/**
 * Lets go of the sheet's cells once no check can add a finding (what each faulty row said is in its `raw` by then):
 * a big ledger's cells need not stay in memory while its rows are written.
 */
export function releaseSources(a: Analysis): void {
  sourcesOf.delete(a);
  if (a.rows.length > COLLECT_AFTER_ROWS) collectGarbage();
}

function rawOf(row: CellValue[], layout: TableLayout): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const c of layout.columns) raw[c.field.key] = cellText(row[c.col] ?? null);
  return raw;
}

/** Re-derives row statuses after cross-row checks added findings, and counts. */
function finish(a: {
  req: AnalyzeRequest;
  wb: { format: FileFormat; encoding?: 'utf-8' | 'gbk' };
  kind: LedgerKind;
  submitter: string;
  period: string;
  detection: Analysis['detection'];
  sheets: SheetReport[];
  rows: AnalyzedRow[];
  findings: Finding[];
  sources: Sources;
}): Analysis {
  const analysis: Analysis = {
    fileName: a.req.fileName,
    format: a.wb.format,
    ...(a.wb.encoding ? { encoding: a.wb.encoding } : {}),
    size: a.req.bytes.length,
    sha256: a.req.sha256 ?? sha256(a.req.bytes),
    kind: a.kind,
    submitter: a.submitter,
    period: a.period,
    detection: a.detection,
    sheets: a.sheets,
    rows: a.rows,
    findings: a.findings,
    counts: { total: 0, accepted: 0, warned: 0, rejected: 0 },
    units: {},
  };
  sourcesOf.set(analysis, a.sources);
  recount(analysis);
  return analysis;
}

/** Row statuses follow the findings that point at them; the counts follow the statuses. */
export function recount(a: Analysis): void {
  // by sheet, then row number: no key string built per row of a big ledger
  const worstIn = new Map<string, Map<number, 'error' | 'warning'>>();
  for (const f of a.findings) {
    if (f.row === null || f.sheet === null || f.severity === 'info') continue;
    let worst = worstIn.get(f.sheet);
    if (!worst) worstIn.set(f.sheet, (worst = new Map()));
    if (f.severity === 'error' || !worst.has(f.row)) worst.set(f.row, f.severity === 'error' ? 'error' : (worst.get(f.row) ?? 'warning'));
  }
  const sources = sourcesOf.get(a);
  const counts = { total: 0, accepted: 0, warned: 0, rejected: 0 };
  const units: Analysis['units'] = Object.create(null) as Analysis['units'];
  for (const r of a.rows) {
    const w = worstIn.get(r.sheet)?.get(r.rowNo);
    r.status = w === 'error' ? 'rejected' : w === 'warning' ? 'warned' : 'ok';
    if (r.status !== 'ok' && r.raw === null) {
      const src = sources?.get(r.sheet);
      const row = src?.sheet.rows[r.rowNo - 1];
      if (src && row) r.raw = rawOf(row, src.layout);
    }
    counts.total++;
    // a row whose unit could not be read counts in the totals, not under a unit
    const u = r.unit ? (units[r.unit] ??= { accepted: 0, warned: 0, rejected: 0 }) : { accepted: 0, warned: 0, rejected: 0 };
    if (r.status === 'rejected') {
      counts.rejected++;
      u.rejected++;
    } else {
      counts.accepted++;
      u.accepted++;
      if (r.status === 'warned') {
        counts.warned++;
        u.warned++;
      }
    }
  }
  a.counts = counts;
  a.units = units;
}
