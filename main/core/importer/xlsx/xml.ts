// SheetJS's XML helpers, ported for the small parts (workbook, relationships, content types, styles, comments).
import type { Merge } from '../workbookReader';
import { unsupported } from './unsupported';

export const TAG_RE = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const ATTR_RE = /\s([^"\s?>/]+)\s*=\s*((?:")([^"]*)(?:")|(?:')([^']*)(?:')|([^'">\s]+))/g;

type Tag = Record<string, string | undefined>;

/** SheetJS's parsexmltag: [0] is "<name", attributes by local name (and lower-cased too). */
export function parseTag(tag: string): Tag {
  const z: Tag = Object.create(null) as Tag;
  let eq = 0;
  for (; eq !== tag.length; ++eq) {
    const c = tag.charCodeAt(eq);
    if (c === 32 || c === 10 || c === 13) break;
  }
  z[0] = tag.slice(0, eq);
  if (eq === tag.length) return z;
  const m = tag.match(ATTR_RE);
  if (m) {
    for (const mi of m) {
      const cc = mi.slice(1);
      let c = 0;
      for (; c !== cc.length; ++c) if (cc.charCodeAt(c) === 61) break;
      let q = cc.slice(0, c).trim();
      while (cc.charCodeAt(c + 1) === 32) ++c;
      const qc = cc.charCodeAt(c + 1);
      const quot = qc === 34 || qc === 39 ? 1 : 0;
      const v = cc.slice(c + 1 + quot, cc.length - quot);
      let j = 0;
      for (; j !== q.length; ++j) if (q.charCodeAt(j) === 58) break;
      if (j === q.length) {
        if (q.indexOf('_') > 0) q = q.slice(0, q.indexOf('_'));
        z[q] = v;
        z[q.toLowerCase()] = v;
      } else {
        const k = (j === 5 && q.slice(0, 5) === 'xmlns' ? 'xmlns' : '') + q.slice(j + 1);
        if (z[k] && q.slice(j - 3, j) === 'ext') continue;
        z[k] = v;
        z[k.toLowerCase()] = v;
      }
    }
  }
  return z;
}

export function tags(xml: string): string[] {
  return xml.match(TAG_RE) ?? [];
}

export function stripNs(name: string): string {
  return name.replace(/<(\/?)\w+:/, '<$1');
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
const ENC_RE = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE_RE = /_x([\da-fA-F]{4})_/gi;

function rawUnescape(s: string): string {
  const i = s.indexOf('<![CDATA[');
  if (i === -1) {
    return s
      .replace(ENC_RE, ($$: string, $1: string | undefined) => ENTITIES[$$] || String.fromCharCode(parseInt($1 as string, $$.indexOf('x') > -1 ? 16 : 10)) || $$)
      .replace(CODE_RE, (_m: string, c: string) => String.fromCharCode(parseInt(c, 16)));
  }
  const j = s.indexOf(']]>');
  return rawUnescape(s.slice(0, i)) + s.slice(i + 9, j) + rawUnescape(s.slice(j + 3));
}

/** SheetJS's unescapexml: entities, numeric references and _xHHHH_; `xlsx` also folds \r\n to \n. */
export function unescapeXml(text: string, xlsx = false): string {
  const out = text.indexOf('&') < 0 && text.indexOf('_') < 0 && text.indexOf('<') < 0 ? text : rawUnescape(text);
  return xlsx && out.indexOf('\r') >= 0 ? out.replace(/\r\n/g, '\n') : out;
}

/** SheetJS's str_match_xml_ns: the first <tag …>…</tag>, either side with any prefix. */
export function matchElement(xml: string, tag: string): [string, string] | null {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^<>]*>`, 'g');
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  const m = open.exec(xml);
  if (!m) return null;
  close.lastIndex = open.lastIndex;
  const e = close.exec(xml);
  if (!e) return null;
  return [xml.slice(m.index, close.lastIndex), xml.slice(open.lastIndex, e.index)];
}

/** SheetJS's str_match_xml (no prefixes; the name must be followed by a space or '>'). */
export function matchPlainElement(str: string, tag: string): [string, string] | null {
  const boundary = ' \t\r\n>';
  const w = tag.length + 1;
  let si = str.indexOf('<' + tag);
  while (si >= 0 && si <= str.length - w && !boundary.includes(str.charAt(si + w) || 'x')) si = str.indexOf('<' + tag, si + 1);
  if (si === -1) return null;
  const sf = str.indexOf('>', si + tag.length);
  if (sf === -1) return null;
  const et = `</${tag}>`;
  const ei = str.indexOf(et, sf);
  if (ei === -1) return null;
  return [str.slice(si, ei + et.length), str.slice(sf + 1, ei)];
}

export function parseXmlBool(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/** SheetJS's decode_cell: digits anywhere make the row, capitals anywhere the column. */
export function decodeCell(ref: string): { r: number; c: number } {
  let R = 0;
  let C = 0;
  for (let i = 0; i < ref.length; ++i) {
    const cc = ref.charCodeAt(i);
    if (cc >= 48 && cc <= 57) R = 10 * R + (cc - 48);
    else if (cc >= 65 && cc <= 90) C = 26 * C + (cc - 64);
  }
  return { c: C - 1, r: R - 1 };
}

/** SheetJS's safe_decode_range, which reads as far as it can. */
export function safeDecodeRange(range: string): Merge {
  const o = { s: { c: 0, r: 0 }, e: { c: 0, r: 0 } };
  let idx = 0;
  let i = 0;
  let cc = 0;
  const len = range.length;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.s.c = --idx;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.s.r = --idx;
  if (i === len || cc != 10) {
    o.e.c = o.s.c;
    o.e.r = o.s.r;
    return o;
  }
  ++i;
  for (idx = 0; i !== len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.e.c = --idx;
  for (idx = 0; i !== len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.e.r = --idx;
  return o;
}

/** SheetJS's resolve_path for relationship targets. */
export function resolvePath(path: string, base: string): string {
  if (path.charAt(0) === '/') return path.slice(1);
  const result = base.split('/');
  if (base.slice(-1) !== '/') result.pop();
  for (const step of path.split('/')) {
    if (step === '..') result.pop();
    else if (step !== '.') result.push(step);
  }
  return result.join('/');
}

interface Rel {
  Type: string | undefined;
  Target: string;
  TargetMode?: string;
}

/** SheetJS's parse_rels: by Id, and the targets in the order SheetJS walks them. */
export function parseRels(xml: string | null, currentFilePath: string): { byId: Map<string, Rel>; byTarget: Map<string, Rel> } {
  const byId = new Map<string, Rel>();
  const byTarget = new Map<string, Rel>();
  if (!xml) return { byId, byTarget };
  const base = currentFilePath.charAt(0) !== '/' ? '/' + currentFilePath : currentFilePath;
  for (const x of tags(xml)) {
    const y = parseTag(x);
    if (y[0] !== '<Relationship') continue;
    if (y.Target === undefined) unsupported('relationship without a target');
    const rel: Rel = { Type: y.Type, Target: unescapeXml(y.Target) };
    if (y.TargetMode) rel.TargetMode = y.TargetMode;
    const canonic = y.TargetMode === 'External' ? y.Target : resolvePath(y.Target, base);
    byTarget.set(canonic, rel);
    byId.set(String(y.Id), rel);
  }
  return { byId, byTarget };
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
