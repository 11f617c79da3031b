import type { LedgerDef } from '../ledgers/types';
import type { AnalyzedRow } from './analysisTypes';
import type { Finding } from './findings';
import type { TableLayout } from './tableDetect';
import { cellText, isBlank, parseNumber, type CellValue } from './values';
import type { SheetGrid } from './workbookReader';
import type { UnitIndex } from '../units/unitIndex';
import { normalizeHeader } from './headers';

export interface TotalRow {
  sheet: string;
  rowNo: number;
  row: CellValue[];
  layout: TableLayout;
  /** Detail rows the total covers: rows[from, to). */
  from: number;
  to: number;
  label: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function differs(written: number, computed: number): boolean {
  return Math.abs(round2(written) - round2(computed)) > Math.max(0.01, Math.abs(computed) * 1e-9);
}

function fmt(n: number): string {
  return round2(n).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** A 合计/小计 row that disagrees with the rows above it is a finding about the file, not a reason to refuse it. */
export function checkTotalRow(t: TotalRow, rows: AnalyzedRow[], findings: Finding[]): void {
  for (const c of t.layout.columns) {
    if (c.field.type !== 'number') continue;
    const cell = t.row[c.col] ?? null;
    if (isBlank(cell)) continue;
    const written = parseNumber(cell);
    if (!written.ok) continue;
    let sum = 0;
    let n = 0;
    for (let i = t.from; i < t.to; i++) {
      const v = rows[i]!.values[c.field.key];
      if (typeof v === 'number') {
        sum += v;
        n++;
      }
    }
    const writtenCanon = written.value * c.factor;
    if (n > 0 && differs(writtenCanon, sum)) {
      findings.push({
        severity: 'warning',
        code: 'total_mismatch',
        sheet: t.sheet,
        row: t.rowNo,
        column: c.header,
        col: c.col,
        message: `“${t.label}”行的“${c.header}”为 ${fmt(written.value)}，而上方 ${n} 行明细合计为 ${fmt(sum / c.factor)}，相差 ${fmt(written.value - sum / c.factor)}。`,
      });
    }
  }
}

const COUNT_HEADER = /(数量|个数|台数|辆数|户数|家数|座数|总数|合计数)/;

/** A 汇总 sheet is compared unit by unit with the detail sheets of the same file. */
export function checkSummarySheet(
  sheet: SheetGrid,
  layout: TableLayout,
  def: LedgerDef,
  rows: AnalyzedRow[],
  findings: Finding[],
  units?: UnitIndex,
): void {
  const unitCol = layout.columns.find((c) => c.field.key === def.unitField);
  if (!unitCol) return;
  const headerRow = sheet.rows[layout.headerRows[layout.headerRows.length - 1]!] ?? [];
  const countCols: { col: number; header: string }[] = [];
  headerRow.forEach((v, col) => {
    const h = cellText(v);
    if (h && COUNT_HEADER.test(normalizeHeader(h)) && !layout.columns.some((c) => c.col === col)) countCols.push({ col, header: h });
  });
  const numeric = layout.columns.filter((c) => c.field.type === 'number');
  for (let r = layout.firstDataRow; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (!row || row.every((v) => isBlank(v))) continue;
    const written = cellText(row[unitCol.col] ?? null);
    const isTotal = /^(合计|总计|全市|全县|共计)/.test(written.replace(/\s+/g, ''));
    const unit = isTotal ? null : (units?.resolve(written) ?? rows.find((x) => x.raw?.[def.unitField] === written || x.unit === written)?.unit ?? null);
    if (!isTotal && !unit) continue;
    const detail = rows.filter((x) => isTotal || x.unit === unit);
    const label = isTotal ? '合计' : unit!;
    for (const c of countCols) {
      const w = parseNumber(row[c.col] ?? null);
      if (w.ok && w.value !== detail.length) {
        findings.push({
          severity: 'warning',
          code: 'total_mismatch',
          sheet: sheet.name,
          row: r + 1,
          column: c.header,
          col: c.col,
          message: `汇总表中${label}的“${c.header}”为 ${fmt(w.value)}，而明细表中${label}共有 ${detail.length} 行。`,
        });
      }
    }
    for (const c of numeric) {
      const w = parseNumber(row[c.col] ?? null);
      if (!w.ok) continue;
      const sum = detail.reduce((s, x) => s + (typeof x.values[c.field.key] === 'number' ? (x.values[c.field.key] as number) : 0), 0);
      if (differs(w.value * c.factor, sum)) {
        findings.push({
          severity: 'warning',
          code: 'total_mismatch',
          sheet: sheet.name,
          row: r + 1,
          column: c.header,
          col: c.col,
          message: `汇总表中${label}的“${c.header}”为 ${fmt(w.value)}，而明细表合计为 ${fmt(sum / c.factor)}，相差 ${fmt(w.value - sum / c.factor)}。`,
        });
      }
    }
  }
}
