// Reading a plan workbook's cells into values, each problem said once with its cell: the vocabulary the
// validator's checks are written in.
import type { Vocabulary } from './planVocabulary';
import { NONE_MARK, type ColumnDef } from './planWorkbookLayout';
import type { PlanFinding, SheetRow, SourceCell } from './planWorkbookRead';
import { cellText, FormulaProblem, parseDate, parseYesNo, type CellValue } from '../importer/values';
import { columnName } from '../importer/sheetLimits';

/** Unit lists in a cell: 、 as the template asks, and the other separators people use. */
export const LIST_SPLIT = /[、，,；;\n/]+/u;

export function headerOf(columns: ColumnDef[], key: string): string {
  return columns.find((c) => c.key === key)?.header ?? key;
}

/** Cell text with Excel's line breaks as the plan's, trimmed; a number or date as it reads. */
export function textOf(v: CellValue): string {
  if (v === null || v instanceof FormulaProblem) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  return cellText(v);
}

/** Codes like 三(一), 四（七）: brackets folded to the half-width form the plan's sections use. */
export function codeOf(v: CellValue): string {
  return textOf(v).normalize('NFKC').replace(/\s+/g, '');
}

export class CellReader {
  readonly list: PlanFinding[] = [];
  /** A unit's name from how a cell writes it; set once the 单位 sheet is read. */
  resolveUnit: (written: string) => string | null = () => null;

  constructor(private readonly serialOffset: number) {}

  error(sheet: string, cell: string | null, message: string): void {
    this.list.push({ sheet, cell, severity: 'error', message });
  }

  warn(sheet: string, cell: string | null, message: string): void {
    this.list.push({ sheet, cell, severity: 'warning', message });
  }

  /** Reads one cell of a row; a formula error is said once here, and the cell then counts as empty. */
  get(row: SheetRow, key: string, columns: ColumnDef[]): { v: CellValue; cell: string } {
    const c: SourceCell | undefined = row.cells[key];
    if (!c) return { v: null, cell: `${columnName(0)}${row.row}` };
    if (c.value instanceof FormulaProblem) {
      this.error(row.sheet, c.cell, `“${headerOf(columns, key)}”是${c.value.kind === 'error' ? `错误值 ${c.value.text}` : '没有计算结果的公式'}。请直接填写内容，不要用公式。`);
      return { v: null, cell: c.cell };
    }
    return { v: c.value, cell: c.cell };
  }

  required(row: SheetRow, key: string, columns: ColumnDef[], minLength = 1): { text: string; cell: string } | null {
    const { v, cell } = this.get(row, key, columns);
    const text = textOf(v);
    const header = headerOf(columns, key);
    if (!text) {
      this.error(row.sheet, cell, `“${header}”不能为空。请填写${header}（${columns.find((c) => c.key === key)?.hint ?? ''}）。`);
      return null;
    }
    if (text.length < minLength) {
      this.error(row.sheet, cell, `“${header}”只有“${text}”，太短了。请照方案写完整（至少 ${minLength} 个字）。`);
      return null;
    }
    return { text, cell };
  }

  optional(row: SheetRow, key: string, columns: ColumnDef[]): string | null {
    return textOf(this.get(row, key, columns).v) || null;
  }

  choice<T extends string>(row: SheetRow, key: string, columns: ColumnDef[], vocab: Vocabulary<T>): T | null {
    const r = this.required(row, key, columns);
    if (!r) return null;
    const code = vocab.code(r.text);
    if (code === null) {
      this.error(row.sheet, r.cell, `“${r.text}”不是可选的${headerOf(columns, key)}。请从下拉列表中选择：${vocab.labels.join('、')}。`);
    }
    return code;
  }

  yesNo(row: SheetRow, key: string, columns: ColumnDef[]): boolean {
    const { v, cell } = this.get(row, key, columns);
    if (v === null) return false;
    const r = parseYesNo(v);
    if (!r.ok) {
      this.error(row.sheet, cell, `“${headerOf(columns, key)}”${r.reason}。请从下拉列表选择“是”或“否”（空为否）。`);
      return false;
    }
    return r.value;
  }

  date(row: SheetRow, key: string, columns: ColumnDef[]): { iso: string; cell: string } | null {
    const { v, cell } = this.get(row, key, columns);
    const header = headerOf(columns, key);
    if (v === null) {
      this.error(row.sheet, cell, `“${header}”不能为空。请填写日期，如 2020-09-30。`);
      return null;
    }
    // a month alone names its last day, which a start date never means
    if (key === 'start' && typeof v === 'string' && !/日|\d{1,2}[.\-/]\d{1,2}[.\-/]\d{1,2}|^\d{8}$/u.test(v.trim())) {
      this.error(row.sheet, cell, `“${header}”写的是“${v.trim()}”，没有具体到日。请填写完整日期，如 2020-01-01。`);
      return null;
    }
    const r = parseDate(v, undefined, this.serialOffset);
    if (!r.ok) {
      this.error(row.sheet, cell, `“${header}”${r.reason}。请填写日期，如 2020-09-30（也可写 2020年9月30日）。`);
      return null;
    }
    return { iso: r.value, cell };
  }

  /** A cell listing units: null when blank (the caller decides what blank means), [] for 无. */
  unitList(row: SheetRow, key: string, columns: ColumnDef[]): { names: string[] | null; cell: string } {
    const { v, cell } = this.get(row, key, columns);
    const text = textOf(v);
    if (!text) return { names: null, cell };
    if (text === NONE_MARK) return { names: [], cell };
    const names: string[] = [];
    for (const written of text.split(LIST_SPLIT).map((s) => s.trim()).filter(Boolean)) {
      const name = this.resolveUnit(written);
      if (!name) {
        this.error(row.sheet, cell, `“${headerOf(columns, key)}”中的“${written}”不在“单位”表中。请改用“单位”表中的名称或别名，或在“单位”表中添加这个单位。`);
      } else if (!names.includes(name)) names.push(name);
    }
    return { names, cell };
  }
}
