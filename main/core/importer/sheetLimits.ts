// Excel's grid, and the refusals for files that reach past it or are damaged in ways a parser could choke on.
import { ImportRefusal } from './refusal';

/** Excel's own limits: 1,048,576 rows and 16,384 columns (A1:XFD1048576). */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLS = 16_384;

/** More cells than SheetJS can hold (its cell objects): past this it refuses a workbook before it costs gigabytes. */
export const MAX_CELLS = 6_000_000;

/**
 * The fast .xlsx reader keeps a cell in a few dozen bytes, so it takes a ledger of 15 columns down to Excel's last
 * row (1,048,576 × 15 ≈ 15.7 million cells); a sheet past this is refused all the same.
 */
export const MAX_FAST_CELLS = 16_000_000;

/** The refusal for a workbook past a reader's cell limit (MAX_CELLS unless said), shared by every reader. */
export function tooManyCells(fileName: string, limit = MAX_CELLS): ImportRefusal {
  return new ImportRefusal('too_large', `文件“${fileName}”的单元格超过 ${limit.toLocaleString('zh-CN')} 个，超出台账的合理规模，已拒绝。请拆分后分别导入。`);
}

/** Merged ranges that together cover more cells than that. */
export function mergesTooLarge(fileName: string, sheet: string): ImportRefusal {
  return new ImportRefusal(
    'too_large',
    `文件“${fileName}”的工作表“${sheet}”中合并单元格覆盖的范围合计超过 ${MAX_CELLS.toLocaleString('zh-CN')} 个单元格，超出台账的合理规模（可能有大量重叠的合并区域），已拒绝。请取消多余的合并后重新保存。`,
  );
}

// written out, not formatted at load: number formatting at start-up costs every CLI command its ICU set-up
const GRID = '最多 1,048,576 行、16,384 列';
const RESAVE = '请用 Excel 或 WPS 打开确认后重新保存，或请报送单位重新发送原文件。';

/** "XFD": a 0-based column as Excel's letters. */
export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function where(fileName: string, sheet: string | null): string {
  return sheet === null ? `文件“${fileName}”中` : `文件“${fileName}”的工作表“${sheet}”中`;
}

/**
 * A cell reference, row number or range past Excel's grid: no real workbook has one, and following it costs
 * unbounded memory. `place` says what it is: 单元格地址“ZZZZZ99999999”, 第 99,999,999 行, 合并区域“A1:XFE2”…
 */
export function outsideGrid(fileName: string, sheet: string | null, place: string): ImportRefusal {
  return new ImportRefusal('unreadable', `${where(fileName, sheet)}的${place}超出 Excel 的范围（${GRID}），文件可能已损坏或被篡改，无法读取。${RESAVE}`);
}

/** Text from a file, shortened for a message. */
export function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A 1-based row number as the message says it. */
export function rowPlace(row: number | string): string {
  const n = typeof row === 'number' ? row : /^\d{1,15}$/.test(row) ? Number(row) : null;
  return `第 ${n === null ? shown(String(row)) : n.toLocaleString('zh-CN')} 行`;
}

/** A sheet (or another part the data depends on) whose XML is cut short or garbled. */
export function damagedPart(fileName: string, sheet: string | null, part: string, why: string): ImportRefusal {
  const what = sheet === null ? `文件“${fileName}”的内部部件“${part}”` : `文件“${fileName}”的工作表“${sheet}”`;
  return new ImportRefusal('unreadable', `${what}已损坏（${why}），无法读取。${RESAVE}`);
}

/** A workbook damaged as a whole (no sheets at all, say). */
export function damagedFile(fileName: string, why: string): ImportRefusal {
  return new ImportRefusal('unreadable', `文件“${fileName}”已损坏（${why}），无法读取。${RESAVE}`);
}

/** A DOCTYPE or entity declaration: Excel never writes one, and entity expansion is how XML bombs work. */
export function forbiddenMarkup(fileName: string, part: string): ImportRefusal {
  return new ImportRefusal(
    'unreadable',
    `文件“${fileName}”含有 Excel 工作簿中不允许的内容（“${part}”中有 DOCTYPE 或实体声明），可能是被篡改的文件，已拒绝读取。${RESAVE}`,
  );
}

/** Parsing ran past its time bound: whatever the cause, the file is refused and the next one goes on. */
export function timedOut(fileName: string, seconds: number): ImportRefusal {
  return new ImportRefusal(
    'unreadable',
    `文件“${fileName}”无法在限定时间（${seconds} 秒）内读取，可能已损坏或含有异常内容。请用 Excel 或 WPS 打开确认后重新保存，再重新导入。`,
  );
}

/** <col min max> widths: SheetJS fills every column of the range, so it must lie inside the grid. */
export function checkColumnRanges(xml: string, fileName: string, sheet: string | null): void {
  for (const m of xml.matchAll(/<(?:\w+:)?col\b[^>]*>/g)) {
    const min = parseInt(/\bmin\s*=\s*["']([^"']*)/.exec(m[0])?.[1] ?? '', 10);
    const max = parseInt(/\bmax\s*=\s*["']([^"']*)/.exec(m[0])?.[1] ?? '', 10);
    if (Number.isNaN(min) || Number.isNaN(max) || max < min) continue;
    if (min < 1 || max > EXCEL_COLS) throw outsideGrid(fileName, sheet, `列宽设置的列范围 ${min}–${max}`);
  }
}

interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** Merged ranges must lie inside the grid; the ones a reader decodes as negative are left as they are (nothing fills them). */
export function checkMerges(merges: readonly Range[], fileName: string, sheet: string): void {
  for (const m of merges) {
    if (m.s.r >= EXCEL_ROWS || m.e.r >= EXCEL_ROWS || m.s.c >= EXCEL_COLS || m.e.c >= EXCEL_COLS) {
      throw outsideGrid(fileName, sheet, `合并区域“${rangeText(m)}”`);
    }
  }
}

function rangeText(m: Range): string {
  const cell = (p: { r: number; c: number }) => (p.c >= 0 ? columnName(p.c) : '') + (p.r + 1);
  return `${cell(m.s)}:${cell(m.e)}`;
}
