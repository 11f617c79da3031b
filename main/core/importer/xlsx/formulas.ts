// Formulas matter in two places: where SheetJS drops a whole sheet over one (those sheets are left to it), and where
// a cell has nothing but its formula, which is then what the cell holds (as SheetJS words it, shifted and all).
import type { Merge } from '../workbookReader';
import { textAt } from './bytes';
import { unsupported } from './unsupported';
import { parseTag, safeDecodeRange, unescapeXml } from './xml';

export interface SharedFormula {
  /** position of the master cell */
  row: number;
  col: number;
  /** the master's formula as SheetJS shifts it (unescaped once, without _xlfn., \r\n kept) */
  f: string;
  /** leftmost relative column the formula refers to (Infinity: none) */
  minRel: number;
}

/** What a worksheet's formulas leave for the cells after them. */
export interface Formulas {
  /** shared-formula masters seen, by si as SheetJS keys them */
  shared: Map<string, SharedFormula>;
  /** the array formulas seen: SheetJS marks every later cell inside one with its ref */
  arrays: { range: Merge; ref: string }[];
}

// where SheetJS's two ways of reading a range agree
const PLAIN_RANGE = /^[A-Z]{1,3}[1-9]\d*:[A-Z]{1,3}[1-9]\d*$/;

// SheetJS's crefregex, which shift_formula_str rewrites for every cell of a shared formula
const CREF_RE = /(^|[^._A-Z0-9])([$]?)([A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D])([$]?)(10[0-3]\d{4}|104[0-7]\d{3}|1048[0-4]\d{2}|10485[0-6]\d|104857[0-6]|[1-9]\d{0,5})(?![_.(A-Za-z0-9])/g;

function decodeCol(letters: string): number {
  let c = 0;
  for (const ch of letters) c = 26 * c + ch.charCodeAt(0) - 64;
  return c - 1;
}

function encodeCol(col: number): string {
  let s = '';
  for (++col; col; col = Math.floor((col - 1) / 26)) s = String.fromCharCode(((col - 1) % 26) + 65) + s;
  return s;
}

function minRelativeColumn(f: string): number {
  let min = Infinity;
  for (const m of f.matchAll(CREF_RE)) {
    if (m[2] === '$') continue;
    const c = decodeCol(m[3]!);
    if (c < min) min = c;
  }
  return min;
}

/** SheetJS's shift_formula_str: relative references moved by (dr, dc); rows may go to 0 or below, as there. */
function shiftFormula(f: string, dr: number, dc: number): string {
  return f.replace(CREF_RE, (_m, lead: string, colAbs: string, col: string, rowAbs: string, row: string) =>
    lead + (colAbs === '$' ? colAbs + col : encodeCol(decodeCol(col) + dc)) + (rowAbs === '$' ? rowAbs + row : String(parseInt(row, 10) + dr)));
}

/**
 * A cell's <f>, as SheetJS handles it. It drops the whole sheet when an array formula has no ref or a shared
 * formula, shifted to one of its cells, would refer left of column A: those sheets are left to it. With `wantText`
 * (the cell has no cached value), the formula SheetJS keeps for the cell, if any: its own, or its shared master's
 * shifted to it.
 */
export function cellFormula(
  b: Buffer, fOpen: number, fGt: number, fA: number, fB: number, cellStart: number, cellEnd: number, row: number, col: number,
  formulas: Formulas, wantText: boolean,
): string | undefined {
  if (fA >= 0 && fB > fA) {
    const whole = b.toString('latin1', fOpen, fB + 4);
    if (whole.includes('t="array"')) {
      // SheetJS takes the first ref="…" of the cell's content
      const ref = /ref=["']([^"']*)["']/.exec(b.toString('latin1', cellStart, cellEnd));
      if (!ref) unsupported('array formula without ref');
      if (ref[1]!.includes(':')) {
        if (!PLAIN_RANGE.test(ref[1]!)) unsupported('unusual array formula ref');
        formulas.arrays.push({ range: safeDecodeRange(ref[1]!), ref: ref[1]! });
      }
    } else if (whole.includes('t="shared"')) {
      const si = parseTag(b.toString('latin1', fOpen, fGt + 1)).si;
      const f = unescapeXml(textAt(b, fA, fB)).replace(/_xlfn\./g, '');
      formulas.shared.set(String(parseInt(si as string, 10)), { row, col, f, minRel: minRelativeColumn(f) });
    }
    return wantText ? unescapeXml(textAt(b, fA, fB), true).replace(/_xlfn\./g, '') : undefined;
  }
  // a child of a shared formula: <f …></f> counts only with t="shared" in it, <f …/> by its si alone
  if (fA >= 0 && !b.toString('latin1', fOpen, fB + 4).includes('t="shared"')) return undefined;
  const si = parseTag(b.toString('latin1', fOpen, fGt + 1)).si;
  const master = si === undefined ? undefined : formulas.shared.get(si);
  if (!master) return undefined;
  if (master.minRel + (col - master.col) < 0) unsupported('shared formula shifted left of column A');
  return wantText ? shiftFormula(master.f, row - master.row, col - master.col) : undefined;
}

/** The first cell of the array formula SheetJS files the cell under (the last one seen that holds it), if any. */
export function arrayFormulaStart(formulas: Formulas, row: number, col: number): { r: number; c: number } | undefined {
  let start: { r: number; c: number } | undefined;
  for (const { range: a } of formulas.arrays) if (row >= a.s.r && row <= a.e.r && col >= a.s.c && col <= a.e.c) start = a.s;
  return start;
}
