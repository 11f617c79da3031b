// Turning what people type into cells into numbers, dates and yes/no — and saying so when it cannot be done.

/** A date-formatted numeric cell, kept apart from plain numbers so a serial is never read as a count. */
export class ExcelDate {
  constructor(readonly serial: number) {}
}

/**
 * A cell that shows an error (#DIV/0!, #N/A…) or a formula saved without its result (written by a program
 * that does not calculate): the submitter's number is unknown, which is not the same as an empty cell.
 */
export class FormulaProblem {
  constructor(
    readonly kind: 'error' | 'no_cached_value',
    /** The error as Excel shows it, or the formula's text. */
    readonly text: string,
  ) {}
}

export type CellValue = string | number | boolean | ExcelDate | FormulaProblem | null;

/** Error values as Excel writes them; a CSV export leaves them as this text. */
export const EXCEL_ERRORS = /^#(DIV\/0!|N\/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

const FULL_WIDTH = /[\uff01-\uff5e]/g;
const HAS_WIDE = /[\uff01-\uff5e\u3000]/;
// most cells have no full-width characters: test once before building a new string
export const halfWidth = (s: string) =>
  HAS_WIDE.test(s) ? s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ') : s;

/** Cell text as a person reads it: trimmed, full-width forms folded, empty for nothing. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof FormulaProblem) return v.kind === 'error' ? v.text : `=${v.text}`;
  return serialToIso(v.serial) ?? String(v.serial);
}

const EMPTY_MARKS = new Set(['', '-', '—', '——', '--', '/', '／', '无', '空', '暂无', 'N/A', 'n/a']);

export function isBlank(v: CellValue): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  return false;
}

/** Placeholders people put in an empty cell. */
export function isEmptyMark(v: CellValue): boolean {
  if (v === null) return true;
  if (typeof v !== 'string') return false;
  const t = v.trim();
  return t.length <= 4 && EMPTY_MARKS.has(halfWidth(t).trim());
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const NUMBER_TEXT = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/** Numbers stored as text, full-width digits, thousands separators, a trailing measure the column already states. */
export function parseNumber(v: CellValue, measureSuffixes: readonly string[] = []): Parsed<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: '不是有效数字' };
  if (v instanceof ExcelDate) return { ok: false, reason: '是日期，不是数字' };
  if (typeof v === 'boolean' || v === null || v instanceof FormulaProblem) return { ok: false, reason: '不是数字' };
  let s = halfWidth(v).replace(/\s+/g, '').replace(/。/g, '.').replace(/，/g, ',');
  for (const m of measureSuffixes) if (m && s.endsWith(m)) s = s.slice(0, -m.length);
  // "95%" in a percentage column means 95, the way the column's measure counts
  if (s.endsWith('%')) s = s.slice(0, -1);
  if (!NUMBER_TEXT.test(s)) return { ok: false, reason: `“${v.trim()}”不是数字` };
  return { ok: true, value: Number(s.replace(/,/g, '')) };
}

// Excel's day 0 is 1899-12-30 once the 1900 leap-year bug is accounted for.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

// one string per distinct day: a ledger repeats a few thousand dates over hundreds of thousands of rows
const isoOfDay = new Map<number, string>();

export function serialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const day = Math.floor(serial);
  let iso = isoOfDay.get(day);
  if (iso === undefined) {
    iso = civilDate(day);
    if (isoOfDay.size < 100_000) isoOfDay.set(day, iso);
  }
  return iso;
}

function civilDate(serial: number): string {
  // days since 1970-01-01, then civil date by Howard Hinnant's algorithm: no Date object per cell
  const z = Math.floor(serial) + (EXCEL_EPOCH_MS / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function monthEnd(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

function validDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

// Serials between 2000-01-01 and 2035-12-31: a bare number in a date column in that range is a date typed without a format.
const SERIAL_MIN = 36526;
const SERIAL_MAX = 49674;

/**
 * Dates in every form the ledgers use: real date cells, Excel serials, 2020.9.30, 2020/9/30, 2020-9-30,
 * 2020年9月30日, 20200930, and month-only forms (2020年9月, 2020.9, 9月底) which mean the month's last day.
 * `year` fills in a month written without one.
 */
export function parseDate(v: CellValue, year?: number, serialOffset = 0): Parsed<string> {
  if (v instanceof ExcelDate) {
    const iso = serialToIso(v.serial + serialOffset);
    return iso ? { ok: true, value: iso } : { ok: false, reason: '日期超出范围' };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 21001231) {
      const iso = validDate(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
      if (iso) return { ok: true, value: iso };
    }
    if (v >= SERIAL_MIN && v <= SERIAL_MAX) return { ok: true, value: serialToIso(v)! };
    return { ok: false, reason: `“${v}”不是日期` };
  }
  if (typeof v !== 'string') return { ok: false, reason: '不是日期' };
  // a time of day after the date (Excel's CSV "2020/9/15 0:00", "2020-09-30 00:00:00") says nothing more
  const s = halfWidth(v)
    .trim()
    .replace(/[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '')
    .replace(/\s+/g, '')
    .replace(/^截至|^截止|前$|以前$/g, '');
  let m = /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$/.exec(s);
  if (m) {
    const iso = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, value: iso } : { ok: false, reason: `“${v.trim()}”不是有效日期` };
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { ok: true, value: iso };
  }
  // a serial number stored as text ("44100")
  if (/^\d{5}$/.test(s) && Number(s) >= SERIAL_MIN && Number(s) <= SERIAL_MAX) return { ok: true, value: serialToIso(Number(s))! };
  m = /^(\d{4})[.\-/年](\d{1,2})月?(底|末)?$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { ok: true, value: monthEnd(Number(m[1]), Number(m[2])) };
  m = /^(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (m && year) {
    const iso = validDate(year, Number(m[1]), Number(m[2]));
    if (iso) return { ok: true, value: iso };
  }
  m = /^(\d{1,2})月(底|末|份)?$/.exec(s);
  if (m && year && Number(m[1]) >= 1 && Number(m[1]) <= 12) return { ok: true, value: monthEnd(year, Number(m[1])) };
  return { ok: false, reason: `“${v.trim()}”不是可识别的日期` };
}

const YES = new Set(['是', '√', '✓', '✔', '有', 'Y', 'YES', '已完成', '完成', '已改造', '1', 'TRUE', '对']);
const NO = new Set(['否', '×', '✗', '✘', 'X', '无', 'N', 'NO', '未完成', '未改造', '0', 'FALSE', '不是']);

export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (typeof v === 'boolean') return { ok: true, value: v };
  const s = halfWidth(cellText(v)).replace(/\s+/g, '').toUpperCase();
  if (YES.has(s)) return { ok: true, value: true };
  if (NO.has(s)) return { ok: true, value: false };
  return { ok: false, reason: `“${cellText(v)}”应为“是”或“否”` };
}

/** Text for matching: full-width folded, spaces removed, upper case. */
export function foldText(v: CellValue): string {
  return halfWidth(cellText(v)).replace(/\s+/g, '').toUpperCase();
}

/** Periods: 2020年9月, 2020-09, 2020.9, 202009, 截至2020年9月底, 2020年1-9月, 2020年1月至9月. */
export function parsePeriod(text: string): string | null {
  const s = halfWidth(text).replace(/\s+/g, '');
  let m = /(?<!\d)(20\d{2})年(\d{1,2})月?[-~～至到—](\d{1,2})月/.exec(s);
  if (m) return toPeriod(Number(m[1]), Number(m[3]));
  m = /(?<!\d)(20\d{2})年(\d{1,2})月(\d{1,2})日?[-~～至到—](20\d{2})年(\d{1,2})月/.exec(s);
  if (m) return toPeriod(Number(m[4]), Number(m[5]));
  m = /(?<!\d)(20\d{2})[年.\-/_](\d{1,2})(?:月|(?!\d))/.exec(s);
  if (m) return toPeriod(Number(m[1]), Number(m[2]));
  // 202009, but not 20201008 (a date: the day the form was made, not the month it reports)
  m = /(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)/.exec(s);
  if (m) return toPeriod(Number(m[1]), Number(m[2]));
  return null;
}

function toPeriod(year: number, month: number): string | null {
  return month >= 1 && month <= 12 ? `${year}-${pad(month)}` : null;
}
