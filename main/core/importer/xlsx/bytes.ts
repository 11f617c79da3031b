// Byte-level helpers for scanning worksheet XML without decoding it.
import { unsupported } from './unsupported';
import { unescapeXml } from './xml';

/** The first `c` at or after `from`, or -1 (a loop: the distances are a few bytes). */
export function find(b: Uint8Array, c: number, from: number): number {
  for (let i = from, n = b.length; i < n; i++) if (b[i] === c) return i;
  return -1;
}

/** Whether the ASCII text `lit` is at `i`. */
export function bytesAt(b: Uint8Array, i: number, lit: string): boolean {
  if (i < 0 || i + lit.length > b.length) return false;
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/** Position of the closing quote of the attribute value that starts at `q`; Unsupported when there is none. */
export function attrValueEnd(b: Uint8Array, q: number): number {
  const quote = b[q]!;
  if (quote !== 34 && quote !== 39) unsupported('unquoted attribute');
  const e = find(b, quote, q + 1);
  if (e < 0) unsupported('unterminated attribute');
  return e;
}

/** Whether bytes [a, z) equal the lower-case ASCII `lit`, ignoring case. */
export function sameIgnoringCase(b: Uint8Array, a: number, z: number, lit: string): boolean {
  if (z - a !== lit.length) return false;
  for (let k = 0; k < lit.length; k++) if ((b[a + k]! | 0x20) !== lit.charCodeAt(k)) return false;
  return true;
}

/** Text of a byte range: the bytes as they are when ASCII, else their UTF-8 decoding. */
export function textAt(b: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++) if (b[i]! > 127) return b.toString('utf8', from, to);
  return b.toString('latin1', from, to);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * parseFloat of a <v>, exactly: up to 15 significant digits and a decimal point are an exact integer divided
 * by an exact power of ten, which IEEE rounds correctly, as parseFloat does. Anything else goes to parseFloat.
 */
export function numberAt(b: Buffer, from: number, to: number): number {
  let i = from;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < to; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
    } else if (c === 46 && frac < 0) frac = i;
    else break;
  }
  if (i === to && digits > 0 && digits <= 15) {
    const scale = frac < 0 ? 0 : to - frac - 1;
    const v = scale === 0 ? mant : mant / POW10[scale]!;
    return neg ? -v : v;
  }
  return parseFloat(unescapeXml(b.toString('latin1', from, to)));
}

/** parseInt(…, 10) of a <v>, for shared-string indices; -1 when SheetJS would not find a string. */
export function intAt(b: Buffer, from: number, to: number): number {
  let v = 0;
  let i = from;
  for (; i < to; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (i === to && to - from <= 9) return v;
  const parsed = parseInt(unescapeXml(b.toString('latin1', from, to)), 10);
  return Number.isNaN(parsed) ? -1 : parsed;
}
