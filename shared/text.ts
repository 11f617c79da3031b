/**
 * Canonical form of a name as typed in a ledger: full-width letters, digits and brackets become
 * half-width (NFKC), and all whitespace, including the ideographic space and zero-width marks, goes.
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\ufeff]+/g, '')
    .trim();
}
