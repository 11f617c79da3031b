// Checks on the XML inside an .xlsx that neither reader makes on its own: no DOCTYPE or entity declarations,
// and (for the parts SheetJS would otherwise read leniently) tags that open and close as XML requires.

/** Whether the part declares a DOCTYPE or an entity anywhere (Excel never writes either). */
export function hasDeclaration(b: Buffer): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    const text = new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(b);
    return /<!\s*(DOCTYPE|ENTITY)/i.test(text);
  }
  // '!' is rare in a sheet and a one-byte search is memchr: far faster than looking for '<!' among all the '<'
  for (let i = b.indexOf(33); i >= 0; i = b.indexOf(33, i + 1)) {
    if (b[i - 1] !== 60) continue;
    let j = i + 1;
    while (j < b.length && (b[j] === 32 || b[j] === 9 || b[j] === 10 || b[j] === 13)) j++;
    const word = b.toString('latin1', j, j + 7).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) return true;
  }
  return false;
}

const TRUNCATED = '内容不完整，可能在保存或传输时被截断';
const MISMATCH = '标签不配对';
const GARBAGE = '含有无法识别的内容';

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Characters that end a tag or attribute name. */
function endsName(c: number | undefined): boolean {
  return c === undefined || isSpace(c) || c === 47 || c === 62 || c === 61 || c === 60 || c === 34 || c === 39;
}

/**
 * Why the XML in `b` is not well formed, in words for the user, or null when it is: one root element, every tag
 * closed in order, attributes quoted, comments, CDATA and processing instructions terminated. Character-level
 * rules (an unescaped '&', a control character) are not checked: writers get those wrong and Excel forgives them.
 */
export function xmlStructureProblem(xml: Buffer): string | null {
  // a UTF-16 part (legal, if rare) is checked as the text it holds
  const utf16 = (xml[0] === 0xff && xml[1] === 0xfe) || (xml[0] === 0xfe && xml[1] === 0xff);
  const b = utf16 ? Buffer.from(new TextDecoder(xml[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(xml), 'utf8') : xml;
  const n = b.length;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const open: number[] = []; // name start, name end, pairs
  let rootSeen = false;
  for (;;) {
    const lt = b.indexOf(60, i);
    if (open.length === 0) {
      // outside the root only whitespace
      for (let k = i, end = lt < 0 ? n : lt; k < end; k++) if (!isSpace(b[k])) return GARBAGE;
    }
    if (lt < 0) break;
    const c = b[lt + 1];
    if (c === undefined) return TRUNCATED;
    if (c === 33 /* ! */) {
      if (b[lt + 2] === 45 && b[lt + 3] === 45) {
        const e = b.indexOf('-->', lt + 4);
        if (e < 0) return TRUNCATED;
        i = e + 3;
      } else if (b.toString('latin1', lt, lt + 9) === '<![CDATA[') {
        if (open.length === 0) return GARBAGE;
        const e = b.indexOf(']]>', lt + 9);
        if (e < 0) return TRUNCATED;
        i = e + 3;
      } else return GARBAGE;
      continue;
    }
    if (c === 63 /* ? */) {
      const e = b.indexOf('?>', lt + 2);
      if (e < 0) return TRUNCATED;
      i = e + 2;
      continue;
    }
    if (c === 47 /* / */) {
      const s = lt + 2;
      let k = s;
      while (!endsName(b[k])) k++;
      if (k === s) return k >= n ? TRUNCATED : GARBAGE;
      const nameEnd = k;
      while (isSpace(b[k])) k++;
      if (k >= n) return TRUNCATED;
      if (b[k] !== 62) return GARBAGE;
      if (open.length === 0) return MISMATCH;
      const oe = open.pop()!;
      const os = open.pop()!;
      if (b.compare(b, s, nameEnd, os, oe) !== 0) return MISMATCH;
      i = k + 1;
      continue;
    }
    // a start tag
    const s = lt + 1;
    let k = s;
    while (!endsName(b[k])) k++;
    if (k === s) return k >= n ? TRUNCATED : GARBAGE;
    if (open.length === 0 && rootSeen) return GARBAGE;
    const nameEnd = k;
    let selfClosing = false;
    for (;;) {
      const hadSpace = isSpace(b[k]);
      while (isSpace(b[k])) k++;
      const ch = b[k];
      if (ch === undefined) return TRUNCATED;
      if (ch === 62) break;
      if (ch === 47) {
        if (k + 1 >= n) return TRUNCATED;
        if (b[k + 1] !== 62) return GARBAGE;
        selfClosing = true;
        k++;
        break;
      }
      if (!hadSpace) return GARBAGE;
      const a = k;
      while (!endsName(b[k])) k++;
      if (k === a) return k >= n ? TRUNCATED : GARBAGE;
      while (isSpace(b[k])) k++;
      if (k >= n) return TRUNCATED;
      if (b[k] !== 61) return GARBAGE;
      k++;
      while (isSpace(b[k])) k++;
      const q = b[k];
      if (q === undefined) return TRUNCATED;
      if (q !== 34 && q !== 39) return GARBAGE;
      const e = b.indexOf(q, k + 1);
      if (e < 0) return TRUNCATED;
      const lt2 = b.indexOf(60, k + 1);
      if (lt2 >= 0 && lt2 < e) return GARBAGE;
      k = e + 1;
    }
    rootSeen = true;
    if (!selfClosing) open.push(s, nameEnd);
    i = k + 1;
  }
  if (open.length > 0) return TRUNCATED;
  return rootSeen ? null : TRUNCATED;
}

