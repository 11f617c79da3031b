import type { FieldDef, RowIssue, RowValues } from '../ledgers/types';
import type { ColumnMap } from './tableDetect';
import { checkPlate, checkUscc, checkVin, normalizeCode, normalizePlate } from './checksums';
import { cellText, EXCEL_ERRORS, foldText, FormulaProblem, isBlank, isEmptyMark, parseDate, parseNumber, parsePeriod, parseYesNo, type CellValue } from './values';
import { formatNumber } from '../../../shared/format';
import type { UnitIndex } from '../units/unitIndex';

export const EARLIEST_EVENT = '2015-01-01';

export interface RowContext {
  units: UnitIndex;
  /** Year of the reporting month, for "9月底"-style dates. */
  year: number;
  /** Last day of the reporting month: event dates after it are impossible. */
  periodEnd: string;
  /** Days to add to a date cell's serial: 1,462 in a 1904-system workbook. */
  serialOffset?: number;
}

export interface CellIssue extends RowIssue {
  col: number | null;
}

const enumIndex = new WeakMap<FieldDef, Map<string, string>>();
function enumLookup(f: FieldDef): Map<string, string> {
  let m = enumIndex.get(f);
  if (!m) {
    m = new Map();
    for (const [canon, spellings] of Object.entries(f.values ?? {})) {
      m.set(foldText(canon), canon);
      for (const s of spellings) m.set(foldText(s), canon);
    }
    enumIndex.set(f, m);
  }
  return m;
}

const suffixCache = new WeakMap<FieldDef, string[]>();
function measureSuffixes(f: FieldDef): string[] {
  let list = suffixCache.get(f);
  if (!list) {
    list = f.measure ? [...f.measure.canonicalNames, ...(f.measure.others ?? []).flatMap((o) => o.names)] : [];
    suffixCache.set(f, list);
  }
  return list;
}

/** Beyond this nothing in any ledger is a real figure, and a double shows it as ∞ after a conversion or two. */
export const NUMBER_LIMIT = { value: 1e12, reason: '台账中的任何数值都不会超过 1 万亿' };

/** Excel's limit on the text of one cell. */
export const CELL_TEXT_LIMIT = 32_767;

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 99999999 → 99,999,999; 1e308 → 1×10³⁰⁸ (three hundred digits help nobody). */
export function formatMagnitude(n: number, decimals = 6): string {
  if (Math.abs(n) < 1e15) return formatNumber(n, decimals);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  const mantissa = Number((n / 10 ** exp).toPrecision(3));
  const sup = [...String(exp)].map((d) => SUPERSCRIPT[Number(d)]).join('');
  return `${mantissa}×10${sup}`;
}

function tooLarge(f: FieldDef, written: CellValue, raw: number, factor: number, limit: { value: number; reason: string }): string {
  const shown = Number.isFinite(raw) ? formatMagnitude(raw) : cellText(written).slice(0, 40);
  const canonical = f.measure?.canonical ?? '';
  let amount = canonical ? `${shown} ${canonical}` : shown;
  if (factor !== 1) {
    // the header's measure, with the figure it makes, so the submitter sees where the size comes from
    const stated = f.measure?.others?.find((o) => o.factor === factor)?.names[0] ?? '';
    const converted = raw * factor;
    amount = `${shown}${stated ? ` ${stated}` : ''}${Number.isFinite(converted) ? `（合 ${formatMagnitude(converted, 2)} ${canonical}）` : ''}`;
  }
  return `“${f.label}”${amount}超出合理范围：${limit.reason}。请核实数值和计量单位。`;
}

function formulaIssue(f: FieldDef, p: FormulaProblem): Omit<RowIssue, 'field'> {
  const severity = f.required ? 'error' : 'warning';
  const what = f.type === 'number' ? '数值' : f.type === 'date' || f.type === 'period' ? '日期' : '内容';
  if (p.kind === 'error') {
    return { severity, code: 'formula_error', message: `“${f.label}”是公式错误值 ${p.text}，无法读取${what}。请在 Excel 中修正公式或改填${what}后重新报送。` };
  }
  const formula = p.text.replace(/^=/, '');
  const shown = formula.length > 60 ? `${formula.slice(0, 60)}…` : formula;
  return {
    severity,
    code: 'no_cached_value',
    message: `“${f.label}”是公式（=${shown}），但文件中没有保存计算结果（可能由不计算公式的软件生成）。请在 Excel 或 WPS 中打开并保存后重新报送。`,
  };
}

/** One cell to a typed value, or the reason it cannot be one. */
export function readCell(f: FieldDef, v: CellValue, factor: number, ctx: RowContext): { value: string | number | boolean | null; issue?: Omit<RowIssue, 'field'> } {
  // the submitter's value is unknown: neither an empty cell nor the text "#DIV/0!" (a CSV export keeps errors as text)
  if (v instanceof FormulaProblem) return { value: null, issue: formulaIssue(f, v) };
  if (typeof v === 'string' && (v.charCodeAt(0) === 35 || v.charCodeAt(0) <= 32) && EXCEL_ERRORS.test(v.trim())) {
    return { value: null, issue: formulaIssue(f, new FormulaProblem('error', v.trim())) };
  }
  // "无" is an answer in a yes/no column, not an empty cell
  if (f.type === 'yesno' && v !== null && !isBlank(v)) {
    const p = parseYesNo(v);
    if (p.ok) return { value: p.value };
  }
  if (isEmptyMark(v)) {
    return f.required ? { value: null, issue: { severity: 'error', code: 'required', message: `必填项“${f.label}”为空。` } } : { value: null };
  }
  switch (f.type) {
    case 'text': {
      const text = cellText(v);
      if (text.length <= CELL_TEXT_LIMIT) return { value: text };
      // a surrogate pair is one character: do not cut it in half
      const cut = /[\ud800-\udbff]/.test(text[CELL_TEXT_LIMIT - 1]!) ? CELL_TEXT_LIMIT - 1 : CELL_TEXT_LIMIT;
      return {
        value: text.slice(0, cut),
        issue: {
          severity: 'warning',
          code: 'too_long',
          message: `“${f.label}”有 ${formatNumber(text.length)} 个字符，超过 Excel 单元格 ${formatNumber(CELL_TEXT_LIMIT)} 个字符的上限，只导入了前 ${formatNumber(cut)} 个字符。请核实该单元格是否误填了大段内容。`,
        },
      };
    }
    case 'unit': {
      const unit = ctx.units.resolve(cellText(v));
      return unit
        ? { value: unit }
        : { value: null, issue: { severity: 'error', code: 'unknown_unit', message: `单位“${cellText(v)}”不在单位表中。若是某单位的别称，请在“设置”中添加别名后重新导入。` } };
    }
    case 'number': {
      const p = parseNumber(v, measureSuffixes(f));
      if (!p.ok) return { value: null, issue: { severity: 'error', code: 'type', message: `“${f.label}”${p.reason}。` } };
      // a size no ledger can hold is refused before it is rounded (1e308 × 1e6 is already ∞)
      if (!(Math.abs(p.value * factor) <= NUMBER_LIMIT.value)) {
        return { value: null, issue: { severity: 'error', code: 'domain', message: tooLarge(f, v, p.value, factor, f.max && f.max.value < NUMBER_LIMIT.value ? f.max : NUMBER_LIMIT) } };
      }
      const n = Math.round(p.value * factor * 1e6) / 1e6;
      if (f.nonNegative && n < 0) return { value: n, issue: { severity: 'error', code: 'negative', message: `“${f.label}”不能为负数（${formatMagnitude(p.value)}）。` } };
      if (f.max && n > f.max.value) return { value: null, issue: { severity: 'error', code: 'domain', message: tooLarge(f, v, p.value, factor, f.max) } };
      return { value: n };
    }
    case 'date': {
      const p = parseDate(v, ctx.year, ctx.serialOffset);
      if (!p.ok) return { value: null, issue: { severity: 'error', code: 'type', message: `“${f.label}”${p.reason}。` } };
      // after the reporting month is impossible; before 2015 is possible in a cumulative register (an old closure) but worth a look
      if (f.eventDate && p.value > ctx.periodEnd) {
        return { value: p.value, issue: { severity: 'error', code: 'date_range', message: `“${f.label}”${p.value}晚于报送月末 ${ctx.periodEnd}，不可能已经发生。` } };
      }
      if (f.eventDate && p.value < EARLIEST_EVENT) {
        return { value: p.value, issue: { severity: 'warning', code: 'date_range', message: `“${f.label}”${p.value}早于 ${EARLIEST_EVENT}，请核实是否填错。` } };
      }
      return { value: p.value };
    }
    case 'yesno': {
      const p = parseYesNo(v);
      return p.ok ? { value: p.value } : { value: null, issue: { severity: 'error', code: 'domain', message: `“${f.label}”${p.reason}。` } };
    }
    case 'enum': {
      const folded = foldText(v);
      // "国三标准", "在用状态": the value with the category word after it
      const canon = enumLookup(f).get(folded) ?? enumLookup(f).get(folded.replace(/(标准|阶段|状态|类)$/, ''));
      if (canon) return { value: canon };
      return {
        value: null,
        issue: { severity: 'error', code: 'domain', message: `“${f.label}”的值“${cellText(v)}”不在规定范围内（应为：${Object.keys(f.values ?? {}).join('、')}）。` },
      };
    }
    case 'uscc': {
      const code = normalizeCode(cellText(v));
      const c = checkUscc(code);
      return c.ok ? { value: code } : { value: code, issue: { severity: 'error', code: 'uscc_checksum', message: `统一社会信用代码“${code}”${c.reason}。` } };
    }
    case 'plate': {
      const plate = normalizePlate(cellText(v));
      return checkPlate(plate)
        ? { value: plate }
        : { value: plate, issue: { severity: 'error', code: 'plate_format', message: `号牌号码“${cellText(v)}”不符合“省份简称+字母+5至6位”的格式。` } };
    }
    case 'vin': {
      const vin = normalizeCode(cellText(v));
      const c = checkVin(vin);
      return c.ok ? { value: vin } : { value: vin, issue: { severity: 'error', code: 'vin_format', message: `车辆识别代号“${cellText(v)}”${c.reason}。` } };
    }
    case 'period': {
      // the number 2020.1 may have been typed 2020.10: a month must be written as text to be sure
      if (typeof v === 'number' && /^\d{4}\.\d$/.test(String(v))) {
        return { value: null, issue: { severity: 'error', code: 'type', message: `“${f.label}”${v}无法确定是${Math.floor(v)}年${Math.round((v % 1) * 10)}月还是${Math.floor(v)}年${Math.round((v % 1) * 10)}0月，请写成“${Math.floor(v)}-10”这样的文字。` } };
      }
      const d = parseDate(v, ctx.year, ctx.serialOffset);
      const period = d.ok ? d.value.slice(0, 7) : parsePeriod(cellText(v));
      return period ? { value: period } : { value: null, issue: { severity: 'error', code: 'type', message: `“${f.label}”“${cellText(v)}”不是可识别的月份。` } };
    }
  }
}

const blanks = new WeakMap<ColumnMap[], RowValues>();
/**
 * Every field of the table, null, in column order: a copy holds its fields in the object itself rather than in a
 * second array grown as they are added (about 25 bytes a row, which a 500,000-row ledger feels).
 */
function blankValues(columns: ColumnMap[]): RowValues {
  let b = blanks.get(columns);
  if (!b) {
    b = JSON.parse(JSON.stringify(Object.fromEntries(columns.map((c) => [c.field.key, null])))) as RowValues;
    blanks.set(columns, b);
  }
  return b;
}

/** Reads one data row through the column map; missing required columns are reported once per sheet elsewhere. */
export function readRow(row: CellValue[], columns: ColumnMap[], ctx: RowContext): { values: RowValues; issues: CellIssue[] } {
  const values: RowValues = { ...blankValues(columns) };
  const issues: CellIssue[] = [];
  for (const c of columns) {
    const r = readCell(c.field, row[c.col] ?? null, c.factor, ctx);
    values[c.field.key] = r.value;
    if (r.issue) issues.push({ ...r.issue, field: c.field.key, col: c.col });
  }
  return { values, issues };
}
