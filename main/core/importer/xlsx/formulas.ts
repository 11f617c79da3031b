// Formulas never change a value, but some of them make SheetJS drop a whole sheet: those sheets are left to it.
import { textAt } from './bytes';
import { unsupported } from './unsupported';
import { parseTag, unescapeXml } from './xml';

export interface SharedFormula {
  /** column of the master cell */
  col: number;
  /** leftmost relative column the formula refers to (Infinity: none) */
  minRel: number;
}

// SheetJS's crefregex, which shift_formula_str rewrites for every cell of a shared formula
const CREF_RE = /(^|[^._A-Z0-9])([$]?)([A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D])([$]?)(10[0-3]\d{4}|104[0-7]\d{3}|1048[0-4]\d{2}|10485[0-6]\d|104857[0-6]|[1-9]\d{0,5})(?![_.(A-Za-z0-9])/g;

function minRelativeColumn(f: string): number {
  let min = Infinity;
  for (const m of f.matchAll(CREF_RE)) {
    if (m[2] === '$') continue;
    let c = 0;
    for (const ch of m[3]!) c = 26 * c + ch.charCodeAt(0) - 64;
    if (c - 1 < min) min = c - 1;
  }
  return min;
}

/**
 * A cell's <f>, as SheetJS handles it: formulas never change a value (cached values are read, and a formula
 * without one ends up an empty cell), but SheetJS drops the whole sheet when an array formula has no ref or a
 * shared formula, shifted to one of its cells, would refer left of column A. Those sheets are left to it.
 */
export function cellFormula(
  b: Buffer, fOpen: number, fGt: number, fA: number, fB: number, cellStart: number, cellEnd: number, col: number,
  shared: Map<string, SharedFormula>,
): void {
  if (fA >= 0 && fB > fA) {
    const whole = b.toString('latin1', fOpen, fB + 4);
    if (whole.includes('t="array"')) {
      // SheetJS takes the first ref="…" of the cell's content
      if (!/ref=["']([^"']*)["']/.test(b.toString('latin1', cellStart, cellEnd))) unsupported('array formula without ref');
    } else if (whole.includes('t="shared"')) {
      const si = parseTag(b.toString('latin1', fOpen, fGt + 1)).si;
      const f = unescapeXml(textAt(b, fA, fB)).replace(/_xlfn\./g, '');
      shared.set(String(parseInt(si as string, 10)), { col, minRel: minRelativeColumn(f) });
    }
    return;
  }
  // a child of a shared formula: <f …></f> counts only with t="shared" in it, <f …/> by its si alone
  if (fA >= 0 && !b.toString('latin1', fOpen, fB + 4).includes('t="shared"')) return;
  const si = parseTag(b.toString('latin1', fOpen, fGt + 1)).si;
  const master = si === undefined ? undefined : shared.get(si);
  if (master && master.minRel + (col - master.col) < 0) unsupported('shared formula shifted left of column A');
}
