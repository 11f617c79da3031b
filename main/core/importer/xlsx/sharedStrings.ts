// The shared-string table (sharedStrings.xml), and the <si>/<is> text SheetJS makes of plain and rich strings.
import { unsupported } from './unsupported';
import { isSpace, unescapeXml } from './xml';

/** A string SheetJS would read as `undefined`: fine in the table, Unsupported when a cell uses it. */
const NO_STRING = undefined;
export type Sst = (string | undefined)[];

const SI_T_RE = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;
const RICH_RE = /<(?:\w+:)?r\b[^<>]*>/;

/** SheetJS's parse_si on the text of one <si> or <is> (already trimmed for <si>). */
export function parseSi(x: string): string | undefined {
  if (!x) return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) {
    // plain text: the first <t>'s text; phonetic runs after it are ignored
    const lead = x.length - x.trimStart().length;
    if (x.charCodeAt(lead + 1) !== 116 /* t */) unsupported('prefixed <t>');
    const after = x.charCodeAt(lead + 2);
    if (after !== 62 && after !== 32 && after !== 9 && after !== 10 && after !== 13) unsupported('an element like <t…> in a string');
    const gt = x.indexOf('>');
    if (x.charCodeAt(gt - 1) === 47) unsupported('empty <t/>');
    const end = x.indexOf('</t>', gt + 1);
    if (end < 0 || x.indexOf('<', gt + 1) !== end) unsupported('CDATA or markup inside <t>');
    return unescapeXml(x.slice(gt + 1, end), true);
  }
  if (RICH_RE.test(x)) {
    if (x.includes('<![CDATA[')) unsupported('CDATA in rich text');
    const noPhonetic = removeElements(x, 'rPh');
    let text = '';
    for (const m of noPhonetic.matchAll(SI_T_RE)) {
      const open = m[0].slice(0, m[0].indexOf('>') + 1);
      // SheetJS strips the tags with a pattern these simple tags always satisfy
      if (!/^<(?:\w+:)?t(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>$/.test(open)) unsupported('unusual <t> tag in rich text');
      text += m[1];
    }
    return unescapeXml(text, true);
  }
  return NO_STRING;
}

/** SheetJS's str_remove_xml_ns_g; an unclosed element makes SheetJS fail, so it is Unsupported here. */
function removeElements(str: string, tag: string): string {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^<>]*>`, 'g');
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  const out: string[] = [];
  let ef = 0;
  let m: RegExpExecArray | null;
  while ((m = open.exec(str))) {
    out.push(str.slice(ef, m.index));
    close.lastIndex = open.lastIndex;
    if (!close.exec(str)) unsupported(`unclosed <${tag}>`);
    ef = close.lastIndex;
    open.lastIndex = close.lastIndex;
  }
  out.push(str.slice(ef));
  return out.join('');
}

/** SheetJS's parse_sst_xml, by scanning: <si> pieces split at </si>, plus the (empty) piece after the last. */
export function parseSst(xml: string): Sst {
  const out: Sst = [];
  const open = /<(?:(\w+):)?sst\b[^<>]*>/.exec(xml);
  if (!open) return out;
  if (open[1]) unsupported('prefixed shared strings');
  const start = open.index + open[0].length;
  const end = xml.indexOf('</sst>', start);
  if (end < 0) return out;
  // prefixed <x:si>, <x:t> never pass the checks below; <sstItem> would
  if (xml.includes('sstItem')) unsupported('unusual shared-string markup');
  let p = start;
  for (;;) {
    const e = xml.indexOf('</si>', p);
    const pieceEnd = e < 0 || e > end ? end : e;
    let a = p;
    while (a < pieceEnd && isSpace(xml.charCodeAt(a))) a++;
    let b = pieceEnd;
    while (b > a && isSpace(xml.charCodeAt(b - 1))) b--;
    if (pieceEnd === end) {
      // after the last </si>: SheetJS adds what it reads there too
      out.push(a === b ? '' : a + 4 <= b && xml.startsWith('<si>', a) ? unsupported('unclosed <si>') : NO_STRING);
      break;
    }
    if (!xml.startsWith('<si>', a)) unsupported('<si> with attributes or text outside <si>');
    a += 4;
    const nested = xml.indexOf('<si', a);
    if (nested >= 0 && nested < pieceEnd) unsupported('nested <si>');
    while (a < b && isSpace(xml.charCodeAt(a))) a++;
    // the common case, <t>text</t> or <t xml:space="preserve">text</t>, without building the piece
    let v: string | undefined;
    if (xml.charCodeAt(a) === 60 && xml.charCodeAt(a + 1) === 116 && (xml.charCodeAt(a + 2) === 62 || xml.charCodeAt(a + 2) === 32)) {
      const gt = xml.indexOf('>', a);
      const lt = xml.indexOf('<', gt + 1);
      if (xml.charCodeAt(gt - 1) !== 47 && lt >= 0 && lt < b && xml.startsWith('</t>', lt)) v = unescapeXml(xml.slice(gt + 1, lt), true);
      else v = parseSi(xml.slice(a, b));
    } else v = parseSi(xml.slice(a, b));
    out.push(v);
    p = e + 5;
  }
  return out;
}
