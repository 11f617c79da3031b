import type * as XLSX from 'xlsx';
import { sheetJs } from './sheetJs';
import { EXCEL_ERRORS, ExcelDate, FormulaProblem, type CellValue } from './values';
import { ImportRefusal } from './refusal';
import { checkMerges, damagedFile, damagedPart, EXCEL_COLS, EXCEL_ROWS, forbiddenMarkup, MAX_CELLS, outsideGrid, rowPlace, tooManyCells } from './sheetLimits';
import { readWithSheetJs } from './sheetJsPackage';
import { checkZipSize, type ZipEntry } from './zipGuard';
import { decodeCsv } from './textDecode';
import { formatIsDate } from './xlsx/dateFormat';

export { MAX_CELLS, tooManyCells };

export type FileFormat = 'xlsx' | 'xls' | 'csv';

export interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** One worksheet as rows of cell values (0-based), with what Excel hides or merges. */
export interface SheetGrid {
  name: string;
  hidden: boolean;
  rows: CellValue[][];
  hiddenRows: Set<number>;
  merges: Merge[];
}

export interface WorkbookData {
  format: FileFormat;
  encoding?: 'utf-8' | 'gbk';
  sheets: SheetGrid[];
  cellCount: number;
  /** The workbook counts dates from 1904 (old Mac Excel): its date serials are 1,462 days short of the 1900 system's. */
  date1904?: boolean;
}

/**
 * The importer reads workbooks only through this: a faster streaming reader for big .xlsx files
 * can replace the SheetJS one without touching the rest.
 */
export interface WorkbookReader {
  read(bytes: Uint8Array, fileName: string): WorkbookData;
}

export const MAX_FILE_BYTES = 100 * 1024 * 1024;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** What the bytes are, whatever the file is called. */
export function sniffFormat(bytes: Uint8Array, fileName: string): FileFormat {
  if (bytes.length === 0) throw new ImportRefusal('empty', `文件“${fileName}”是空文件（0 字节）。`);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new ImportRefusal('too_large', `文件“${fileName}”有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的上限。请按县区或按月拆分后分别导入。`);
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'xlsx';
  if (startsWith(bytes, CFB_MAGIC)) return 'xls';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  const head = bytes.subarray(0, Math.min(bytes.length, 512));
  if (startsWith(head, [0xef, 0xbb, 0xbf]) || startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'csv';
  throw new ImportRefusal(
    'unreadable',
    `文件“${fileName}”不是 Excel 工作簿（.xlsx/.xls）或 CSV 文件，无法读取。请确认发送的是台账原文件。`,
  );
}

interface CfbFile {
  name: string;
  content?: Uint8Array;
}

/** The streams of an OLE compound file (.xls, or an encrypted .xlsx), or none when it cannot be read. */
function cfbFiles(bytes: Uint8Array): CfbFile[] {
  try {
    const cfb = sheetJs().CFB.read(bytes, { type: 'buffer' }) as { FileIndex: CfbFile[] };
    return cfb.FileIndex.map((f) => ({ ...f, name: f.name.replace(/\0/g, '') }));
  } catch {
    return [];
  }
}

/** An .xls whose workbook stream starts with BOF then FILEPASS: how Excel 97-2003 saves a workbook with an open password. */
function xlsFilePass(files: CfbFile[]): boolean {
  const stream = files.find((f) => f.name === 'Workbook' || f.name === 'Book')?.content;
  if (!stream || stream.length < 8) return false;
  const bof = stream[0]! | (stream[1]! << 8);
  if (bof !== 0x0809 && bof !== 0x0409 && bof !== 0x0209 && bof !== 0x0009) return false;
  const next = 4 + (stream[2]! | (stream[3]! << 8));
  return next + 2 <= stream.length && (stream[next]! | (stream[next + 1]! << 8)) === 0x002f;
}

function encryptedRefusal(fileName: string): ImportRefusal {
  return new ImportRefusal('encrypted', `文件“${fileName}”设置了打开密码，工作台无法读取。请取消密码后重新保存，或请报送单位发送未加密的文件。`);
}

/** A parser's failure as a refusal: damage, whatever SheetJS's words (only the checks above can say "password"). */
function refuseParseError(err: unknown, format: FileFormat, fileName: string): never {
  const msg = err instanceof Error ? err.message : String(err);
  throw new ImportRefusal(
    'unreadable',
    `文件“${fileName}”已损坏或不是有效的${format === 'xls' ? ' Excel 97-2003 工作簿' : format === 'xlsx' ? ' Excel 工作簿' : ' CSV 文件'}，无法读取（${msg.slice(0, 120)}）。请用 Excel 或 WPS 打开确认后重新保存。`,
  );
}

const dateFormatCache = new Map<string, boolean>();
/** Whether SheetJS shows a number format as a date (its own test, ported, cached). */
export function isDateFormat(fmt: string): boolean {
  let hit = dateFormatCache.get(fmt);
  if (hit === undefined) {
    hit = formatIsDate(fmt);
    dateFormatCache.set(fmt, hit);
  }
  return hit;
}

// one ExcelDate per distinct day: a ledger repeats a few hundred dates over thousands of rows
const dates = new Map<number, ExcelDate>();
function excelDate(serial: number): ExcelDate {
  let d = dates.get(serial);
  if (!d) {
    d = new ExcelDate(serial);
    if (dates.size < 100_000) dates.set(serial, d);
  }
  return d;
}

/** A percent-formatted number as the text the submitter sees: 0.143 → "14.3%". */
export function percentText(v: number): string {
  return `${Math.round(v * 100 * 1e9) / 1e9}%`;
}

/**
 * Zip-bomb checks and "is this a workbook package at all", before any .xlsx parser inflates anything. Without
 * [Content_Types].xml SheetJS would look for a zip inside the zip (Numbers) and read that one uncapped.
 */
export function checkXlsxPackage(bytes: Uint8Array, fileName: string): ZipEntry[] {
  const { entries, zip } = checkZipSize(bytes, fileName);
  if (!entries.some((e) => /^xl\/workbook\d*\.xml$/i.test(e) || /^xl\/workbook\.bin$/i.test(e)) || !entries.some((e) => e.toLowerCase() === '[content_types].xml')) {
    throw new ImportRefusal('unreadable', `文件“${fileName}”是压缩包，但不是 Excel 工作簿（可能是 Word 文档或其他文件），无法读取。`);
  }
  return zip;
}

/** SheetJS's error codes (its BErr table): without cellText, which would format every cell, a code is all it keeps. */
export const ERROR_TEXTS: ReadonlyMap<number, string> = new Map([
  [0x00, '#NULL!'], [0x07, '#DIV/0!'], [0x0f, '#VALUE!'], [0x17, '#REF!'], [0x1d, '#NAME?'], [0x24, '#NUM!'], [0x2a, '#N/A'],
  [0x2b, '#GETTING_DATA'], [0xff, '#WTF?'],
]);
/**
 * An error SheetJS has no code for (#SPILL!, #CALC!… from newer Excel) or an error cell without its text: SheetJS
 * keeps nothing to tell which, so neither reader can. Excel's own word for a value this version cannot show.
 */
export const UNKNOWN_ERROR = '#UNKNOWN!';

/** A cell of an array formula other than its first, saved without a value: the formula is the first cell's. */
function arrayMember(rows: CellValue[][], range: string): CellValue {
  // the first cell comes before this one, so it is already converted
  const s = sheetJs().utils.decode_range(range).s;
  const first = rows[s.r]?.[s.c];
  return first instanceof FormulaProblem && first.kind === 'no_cached_value' ? first : null;
}

function toCell(cell: XLSX.CellObject | undefined, csv: boolean, rows: CellValue[][]): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
      if (typeof cell.z === 'string' && cell.z !== 'General') {
        if (isDateFormat(cell.z)) return excelDate(cell.v as number);
        // 0.143 shown as 14.3%: the submitter means 14.3 percent, as a "%" column counts
        if (cell.z.includes('%')) return percentText(cell.v as number);
      }
      return cell.v as number;
    case 's': {
      const v = cell.v as string;
      if (v === '') return null;
      // a CSV export writes an error as its text; SheetJS, reading CSV raw, leaves it so
      return csv && v.charCodeAt(0) === 35 && EXCEL_ERRORS.test(v) ? new FormulaProblem('error', v) : v;
    }
    case 'b':
      return cell.v as boolean;
    case 'd':
      return new ExcelDate((cell.v as Date).getTime() / 86_400_000 + 25569);
    case 'e':
      return new FormulaProblem('error', (typeof cell.v === 'number' && ERROR_TEXTS.get(cell.v)) || UNKNOWN_ERROR);
    case 'z':
      // SheetJS turns a formula without a cached value into a stub that keeps the formula
      if (cell.f) return new FormulaProblem('no_cached_value', cell.f);
      return cell.F ? arrayMember(rows, cell.F) : null;
    default:
      return null;
  }
}

/**
 * The SheetJS reader: dense mode for speed and memory, formula cells by their cached values. An error cell, or a
 * formula saved without its value, is a FormulaProblem.
 */
export const sheetJsReader: WorkbookReader = {
  read(bytes, fileName) {
    const format = sniffFormat(bytes, fileName);
    let wb: XLSX.WorkBook;
    let worksheets = new Set<string>();
    let encoding: WorkbookData['encoding'];
    const zip = format === 'xlsx' ? checkXlsxPackage(bytes, fileName) : null;
    if (format === 'xls') {
      const files = cfbFiles(bytes);
      const names = files.map((f) => f.name);
      if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo') || xlsFilePass(files)) throw encryptedRefusal(fileName);
    }
    // cellStyles: SheetJS reports hidden rows of an .xlsx only with it (and it costs almost nothing)
    const options: XLSX.ParsingOptions = { type: 'buffer', dense: true, cellNF: true, cellHTML: false, cellText: false, cellStyles: true, sheetStubs: false };
    try {
      if (format === 'csv') {
        const decoded = decodeCsv(bytes, fileName);
        encoding = decoded.encoding;
        // a "CSV" that is really markup goes to SheetJS's HTML/XML reader: no entity declarations there either
        if (/^\s*</.test(decoded.text) && /<!\s*ENTITY/i.test(decoded.text)) throw forbiddenMarkup(fileName, fileName);
        wb = sheetJs().read(decoded.text, { type: 'string', raw: true, dense: true });
      } else if (zip) ({ wb, worksheets } = readWithSheetJs(bytes, fileName, zip, options));
      else wb = sheetJs().read(bytes, options);
    } catch (err) {
      if (err instanceof ImportRefusal) throw err;
      refuseParseError(err, format, fileName);
    }
    // Excel cannot save a workbook without a sheet: none at all means the parser gave up early
    if (wb.SheetNames.length === 0) throw damagedFile(fileName, '找不到任何工作表');
    const sheets: SheetGrid[] = [];
    const csv = format === 'csv';
    let cellCount = 0;
    wb.SheetNames.forEach((name, i) => {
      const ws = wb.Sheets[name];
      // a worksheet SheetJS could not parse (a missing shared string, a broken cell, an .xls stream that stops before
      // the sheet's end) is damage, not an empty sheet
      if (!ws && (worksheets.has(name) || format === 'xls')) throw damagedPart(fileName, name, name, '内容无法解析');
      if (!ws) return;
      const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
      // SheetJS keeps a cell at any address it is given, as a sparse array: past Excel's grid, filling it in would never end
      if (data.length > EXCEL_ROWS) throw outsideGrid(fileName, name, rowPlace(data.length));
      // convert in place: a second copy of a 100,000-row grid would cost as much memory as the first
      const rows = data as unknown as CellValue[][];
      for (let r = 0; r < data.length; r++) {
        const src = data[r];
        if (!src) {
          rows[r] = [];
          continue;
        }
        if (src.length > EXCEL_COLS) throw outsideGrid(fileName, name, `第 ${(r + 1).toLocaleString('zh-CN')} 行的第 ${src.length.toLocaleString('zh-CN')} 列`);
        cellCount += src.length;
        if (cellCount > MAX_CELLS) throw tooManyCells(fileName);
        const row = src as unknown as CellValue[];
        for (let c = 0; c < src.length; c++) row[c] = toCell(src[c], csv, rows);
      }
      const hiddenRows = new Set<number>();
      (ws['!rows'] ?? []).forEach((info, r) => {
        if (info?.hidden) hiddenRows.add(r);
      });
      const state = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
      const merges = (ws['!merges'] ?? []) as Merge[];
      checkMerges(merges, fileName, name);
      sheets.push({ name, hidden: state !== 0, rows, hiddenRows, merges });
    });
    const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
    return { format, ...(encoding ? { encoding } : {}), sheets, cellCount, ...(date1904 ? { date1904 } : {}) };
  },
};
