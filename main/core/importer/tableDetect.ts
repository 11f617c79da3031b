import type { LedgerKind } from '../../../shared/models';
import { LEDGERS, LEDGER_LIST } from '../ledgers';
import type { FieldDef } from '../ledgers/types';
import { matchHeader, matchUnderGroup, normalizeHeader, SERIAL_HEADERS, splitMeasure, type FieldMatch } from './headers';
import type { Finding } from './findings';
import { cellText, type CellValue } from './values';
import type { SheetGrid } from './workbookReader';
import { MAX_CELLS, mergesTooLarge } from './sheetLimits';

export interface ColumnMap {
  col: number;
  /** The header as written in the file (group and sub-header joined by "/"). */
  header: string;
  field: FieldDef;
  factor: number;
}

export interface TableLayout {
  kind: LedgerKind;
  /** 0-based rows holding the header (one or two). */
  headerRows: number[];
  firstDataRow: number;
  columns: ColumnMap[];
  /** A per-county total table: no identity column, one row per unit. */
  summary: boolean;
  /** Headers that name a field but state a measure we cannot convert. */
  unknownMeasures: { col: number; header: string; measure: string }[];
  /** Columns with a header that are not read: no field matches it, or another column holds its field (`duplicateOf`). */
  unmapped: UnmappedColumn[];
  /** Text above the header (titles, "填报单位：…"), for finding the unit and the month. */
  titleText: string;
  score: number;
}

export interface UnmappedColumn {
  col: number;
  header: string;
  reason: 'unknown' | 'duplicate';
  /** The column the field was read from instead. */
  duplicateOf?: number;
  /** The field both columns name. */
  field?: FieldDef;
}

const MAX_HEADER_SEARCH = 25;

export function columnLetter(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Merged ranges hold their value in the top-left cell only; spread it so every cell reads as the person sees it. */
export function fillMerges(sheet: SheetGrid, fileName: string): void {
  if (sheet.merges.length === 0) return;
  // a merge may claim the whole sheet (A1:XFD1048576): fill only where the sheet has rows and columns
  let width = 0;
  for (const r of sheet.rows) if (r && r.length > width) width = r.length;
  const lastRow = sheet.rows.length - 1;
  // merges that together cover more cells than a workbook may hold would fill (and loop) without end
  let area = 0;
  for (const m of sheet.merges) {
    const rows = Math.min(m.e.r, lastRow) - Math.max(m.s.r, 0) + 1;
    const cols = Math.min(m.e.c, width - 1) - Math.max(m.s.c, 0) + 1;
    if (rows > 0 && cols > 0) area += rows * cols;
    if (area > MAX_CELLS) throw mergesTooLarge(fileName, sheet.name);
  }
  for (const m of sheet.merges) {
    const top = sheet.rows[m.s.r]?.[m.s.c] ?? null;
    if (top === null) continue;
    const r2 = Math.min(m.e.r, lastRow);
    const c2 = Math.min(m.e.c, width - 1);
    for (let r = m.s.r; r <= r2; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      for (let c = m.s.c; c <= c2; c++) {
        if (r === m.s.r && c === m.s.c) continue;
        if (row[c] === undefined || row[c] === null) row[c] = top;
      }
    }
  }
}

function isPureMeasure(text: string): string | null {
  const n = normalizeHeader(text);
  const m = /^[([【]?(?:单位[:：]?)?([^()[\]【】]{1,8})[)\]】]?$/.exec(n);
  if (!m) return null;
  return /^(亩|万亩|公顷|平方米|元|万元|蒸吨\/小时|蒸吨|t\/h|MW|兆瓦|吨|万吨|台|辆|户|个|%|mg\/m3|mg\/m³)$/i.test(m[1]!) ? m[1]! : null;
}

function matchColumn(kind: LedgerKind, top: string, bottom: string | null): FieldMatch | null {
  if (bottom === null || bottom === top || !bottom) return matchHeader(kind, [top]);
  if (!top) return matchHeader(kind, [bottom]);
  const pure = isPureMeasure(bottom);
  if (pure) return matchHeader(kind, [`${splitMeasure(normalizeHeader(top)).base}(${pure})`, top]);
  return matchUnderGroup(kind, top, bottom);
}

function rowTexts(row: CellValue[] | undefined, width: number): string[] {
  const out: string[] = new Array(width).fill('');
  if (!row) return out;
  for (let c = 0; c < width; c++) out[c] = cellText(row[c] ?? null);
  return out;
}

function tryLayout(sheet: SheetGrid, kind: LedgerKind, headerRows: number[], width: number): TableLayout | null {
  const def = LEDGERS[kind];
  const top = rowTexts(sheet.rows[headerRows[0]!], width);
  const bottom = headerRows.length > 1 ? rowTexts(sheet.rows[headerRows[1]!], width) : null;
  const unknownMeasures: TableLayout['unknownMeasures'] = [];
  // every column's best reading first, then fields go to the columns that name them best
  const candidates: { col: number; header: string; match: FieldMatch }[] = [];
  const unmatched: { col: number; header: string }[] = [];
  let pureMeasures = 0;
  let groupCols = 0;
  for (let c = 0; c < width; c++) {
    const t = top[c]!;
    const b = bottom ? bottom[c]! : null;
    if (b && t && b !== t) {
      // "填报单位：…" or a long title above the names is no group header
      if (/[:：]/.test(t) || t.length > 24) return null;
      groupCols++;
    }
    const header = b && b !== t ? (t ? `${t}/${b}` : b) : t;
    if (!header || SERIAL_HEADERS.has(normalizeHeader(b || t).toUpperCase())) continue;
    if (b && isPureMeasure(b)) pureMeasures++;
    const match = matchColumn(kind, t, b);
    if (match) candidates.push({ col: c, header, match });
    // a lone "（亩）" or "单位：万元" beside the names says a measure, it is no column of its own
    else if (!isPureMeasure(header) && !/^(计量)?单位[:：]/.test(normalizeHeader(header))) unmatched.push({ col: c, header });
  }
  candidates.sort((x, y) => y.match.quality - x.match.quality || x.col - y.col);
  const taken = new Map<string, number>();
  const columns: ColumnMap[] = [];
  const unmapped: UnmappedColumn[] = unmatched.map(({ col, header }) => ({ col, header, reason: 'unknown' }));
  let exactHits = 0;
  for (const { col, header, match } of candidates) {
    const holder = taken.get(match.field.key);
    if (holder !== undefined) {
      // "任务名称" only holds the word 任务: it does not name 任务编号 the way a second "使用登记证号" names 锅炉编号
      unmapped.push(match.exact ? { col, header, reason: 'duplicate', duplicateOf: holder, field: match.field } : { col, header, reason: 'unknown' });
      continue;
    }
    taken.set(match.field.key, col);
    if (match.exact) exactHits++;
    if (match.unknownMeasure) unknownMeasures.push({ col, header, measure: match.unknownMeasure });
    columns.push({ col, header, field: match.field, factor: match.factor });
  }
  columns.sort((x, y) => x.col - y.col);
  unmapped.sort((x, y) => x.col - y.col);
  const requiredHit = def.fields.filter((f) => f.required && taken.has(f.key)).length;
  const requiredAll = def.fields.filter((f) => f.required).length;
  const hasIdentity = taken.has(def.identity);
  const hasUnit = taken.has(def.unitField);
  // a detail table names its objects; a summary table has the unit and numbers but no object names
  const summary = !hasIdentity && hasUnit && columns.length >= 2;
  if (columns.length < 3 && !(summary && columns.length >= 2)) return null;
  if (!summary && requiredHit * 2 < requiredAll) return null;
  // a second header row must earn its place: a row of measures under the names does, a title or 填报单位 line does not
  const score =
    exactHits * 2 + (columns.length - exactHits) + (hasIdentity ? 3 : 0) + requiredHit + (headerRows.length === 2 ? pureMeasures + (groupCols > 0 ? 0.5 : -0.5) : 0);
  const titleText = sheet.rows
    .slice(0, headerRows[0])
    .map((r) => [...new Set(rowTexts(r, width).filter(Boolean))].join(' '))
    .filter(Boolean)
    .join('\n');
  applyDeclaredMeasure(columns, titleText);
  return { kind, headerRows, firstDataRow: headerRows[headerRows.length - 1]! + 1, columns, summary, unknownMeasures, unmapped, titleText, score };
}

/**
 * "单位：公顷" above a table states the measure of the numeric columns whose headers say none.
 * (Not "填报单位：…", which names who filled it in.)
 */
function applyDeclaredMeasure(columns: ColumnMap[], titleText: string): void {
  const m = /(?<![填报送责任制表])单位[:：]\s*([^\s，,；;（）()]{1,8})/.exec(titleText.normalize('NFKC'));
  if (!m) return;
  const declared = m[1]!.toLowerCase();
  for (const c of columns) {
    const f = c.field;
    if (f.type !== 'number' || !f.measure || c.factor !== 1 || /[(（[【]/.test(c.header)) continue;
    const other = f.measure.others?.find((o) => o.names.some((n) => n.toLowerCase() === declared));
    if (other) c.factor = other.factor;
  }
}

/** Finds the header (one or two rows) and the ledger kind of a sheet: the best-scoring reading wins. */
export function detectTable(sheet: SheetGrid, onlyKind?: LedgerKind): TableLayout | null {
  const width = Math.min(
    60,
    sheet.rows.slice(0, MAX_HEADER_SEARCH + 2).reduce((w, r) => Math.max(w, r?.length ?? 0), 0),
  );
  if (width === 0) return null;
  const kinds = onlyKind ? [onlyKind] : LEDGER_LIST.map((d) => d.kind);
  let best: TableLayout | null = null;
  const last = Math.min(sheet.rows.length - 1, MAX_HEADER_SEARCH);
  for (let r = 0; r <= last; r++) {
    // a title merged across the table reads as one text repeated: it is not a header
    const distinct = new Set(rowTexts(sheet.rows[r], width).filter(Boolean)).size;
    if (distinct < 2) continue;
    for (const kind of kinds) {
      for (const rows of [[r], [r, r + 1]]) {
        if (rows.length === 2 && r + 1 > sheet.rows.length - 1) continue;
        const layout = tryLayout(sheet, kind, rows, width);
        // two header rows must earn their keep: prefer one row on a tie
        if (layout && (!best || layout.score > best.score)) best = layout;
      }
    }
    // the header is near the top; once a good one is found, rows far below are data
    const found = best as TableLayout | null;
    if (found && !found.summary && r > found.headerRows[found.headerRows.length - 1]! + 1) break;
  }
  return best;
}

/** One note per sheet on the columns left out, so a misspelt header is not a silently missing column. */
export function unmappedColumnsFinding(sheet: string, layout: TableLayout): Finding | null {
  const unknown = layout.unmapped.filter((u) => u.reason === 'unknown');
  const duplicate = layout.unmapped.filter((u) => u.reason === 'duplicate');
  if (unknown.length === 0 && duplicate.length === 0) return null;
  const list = (xs: UnmappedColumn[], say: (u: UnmappedColumn) => string) => xs.slice(0, 10).map(say).join('、') + (xs.length > 10 ? '等' : '');
  const parts: string[] = [];
  if (unknown.length > 0) parts.push(`有 ${unknown.length} 列未识别，未导入：${list(unknown, (u) => `“${u.header}”（${columnLetter(u.col)} 列）`)}`);
  if (duplicate.length > 0) {
    const say = (u: UnmappedColumn) => `“${u.header}”（${columnLetter(u.col)} 列，与 ${columnLetter(u.duplicateOf!)} 列同为“${u.field!.label}”）`;
    parts.push(`${unknown.length > 0 ? '另' : ''}有 ${duplicate.length} 列与已识别的列重复，未导入：${list(duplicate, say)}`);
  }
  const advice = unknown.length > 0 ? '如其中有台账应填的内容，请对照模板修改表头。' : '如应以未导入的列为准，请删除或改正另一列的表头。';
  return {
    severity: 'info',
    code: 'unmapped_columns',
    sheet,
    row: layout.headerRows[layout.headerRows.length - 1]! + 1,
    column: null,
    col: null,
    message: `工作表“${sheet}”中${parts.join('；')}。${advice}`,
  };
}
