// A fast reader for .xlsx workbooks that returns exactly what the SheetJS reader returns.
//
// SheetJS parses a 100,000-row ledger in about 3 s and 360 MB, most of it building cell objects we then throw
// away. This reader inflates only the parts the importer needs (node:zlib on entries found through the zip central
// directory), scans the worksheet XML with indexOf/charCodeAt, and builds the rows directly as CellValue arrays.
//
// "Exactly what SheetJS returns" includes SheetJS's quirks (listed in the report that came with this file and
// tested in test/core/importer/xlsxReader.test.ts): styled empty cells count as cells (the importer's SheetJS
// options imply sheetStubs), a formula cell without a cached value is an empty cell, comments, notes and
// hyperlinks on empty cells create empty cells, a t="str" result is unescaped twice, built-in CJK date formats
// that a workbook does not define (27–36, 50–58 except 56) are plain numbers, and 1904-system serials are passed
// through unchanged.
// Whatever this reader does not reproduce faithfully it refuses with `Unsupported`, and `defaultReader` hands the
// file to SheetJS. An ImportRefusal is never retried.
import { inflateRawSync } from 'node:zlib';
import { ExcelDate, type CellValue } from './values';
import { ImportRefusal } from './refusal';
import {
  checkXlsxPackage,
  isDateFormat,
  MAX_CELLS,
  percentText,
  sheetJsReader,
  sniffFormat,
  tooManyCells,
  type Merge,
  type SheetGrid,
  type WorkbookReader,
} from './workbookReader';

/** Something this reader does not handle the way SheetJS does; `defaultReader` then uses SheetJS. */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unsupported';
  }
}

function unsupported(why: string): never {
  throw new Unsupported(why);
}

// ---------------------------------------------------------------------------
// zip

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

type Zip = Map<string, ZipEntry>;

/** The central directory (checkZipSize has already validated it and its sizes), keyed by lower-case name. */
function readZip(bytes: Uint8Array): Zip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) unsupported('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  if (count === 0xffff || p === 0xffffffff) unsupported('zip64');
  const zip: Zip = new Map();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) unsupported('bad central directory');
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) unsupported('zip64 entry');
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (name.includes('\\')) unsupported('backslash in a zip entry name');
    const key = name.toLowerCase();
    if (zip.has(key)) unsupported(`duplicate zip entry ${name}`);
    zip.set(key, { name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return zip;
}

/** The bytes of one entry; anything SheetJS's unzip might read differently is Unsupported. */
function inflateEntry(bytes: Uint8Array, e: ZipEntry): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = e.localOffset;
  if (lo + 30 > bytes.length || view.getUint32(lo, true) !== 0x04034b50) unsupported(`bad local header for ${e.name}`);
  const flags = view.getUint16(lo + 6, true);
  const method = view.getUint16(lo + 8, true);
  if (flags & 0x2041) unsupported('encrypted zip entry');
  if (method !== e.method) unsupported('local and central headers disagree');
  if (!(flags & 8) && (view.getUint32(lo + 18, true) !== e.compressedSize || view.getUint32(lo + 22, true) !== e.size)) {
    unsupported('local and central sizes disagree');
  }
  const nameLen = view.getUint16(lo + 26, true);
  const extraLen = view.getUint16(lo + 28, true);
  const start = lo + 30 + nameLen + extraLen;
  const end = start + e.compressedSize;
  if (end > bytes.length) unsupported(`${e.name} runs past the end of the file`);
  const raw = bytes.subarray(start, end);
  if (method === 0) {
    if (e.compressedSize !== e.size) unsupported('stored entry with two sizes');
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }
  if (method !== 8) unsupported(`zip compression method ${method}`);
  let out: Buffer;
  try {
    // one output chunk of the declared size: no second copy, and a lying size stops the inflate
    out = inflateRawSync(raw, { chunkSize: Math.max(64, e.size + 1), maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    // more data than the zip declares: a lying size is how a zip bomb gets past the size check — refuse, do not hand it to SheetJS
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImportRefusal('too_large', `文件中“${e.name}”解压后的大小与文件声明的不符（疑似压缩炸弹或被篡改的文件），已拒绝读取。请检查文件来源。`);
    }
    unsupported(`cannot inflate ${e.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (out.length !== e.size) unsupported(`${e.name} inflates to ${out.length} bytes, not ${e.size}`);
  return out;
}

class Package {
  private readonly zip: Zip;
  constructor(private readonly bytes: Uint8Array) {
    this.zip = readZip(bytes);
  }
  /** SheetJS looks parts up case-insensitively. */
  has(path: string): boolean {
    return this.zip.has(path.toLowerCase());
  }
  bytesOf(path: string): Buffer | null {
    const e = this.zip.get(path.toLowerCase());
    return e ? inflateEntry(this.bytes, e) : null;
  }
  /** A small XML part as text. */
  text(path: string): string | null {
    const b = this.bytesOf(path);
    return b ? xmlText(b) : null;
  }
}

function xmlText(b: Buffer): string {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) unsupported('UTF-16 XML part');
  return b.toString('utf8');
}

// ---------------------------------------------------------------------------
// SheetJS's XML helpers, ported for the small parts (workbook, relationships, content types, styles, comments)

const TAG_RE = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const ATTR_RE = /\s([^"\s?>/]+)\s*=\s*((?:")([^"]*)(?:")|(?:')([^']*)(?:')|([^'">\s]+))/g;

type Tag = Record<string, string | undefined>;

/** SheetJS's parsexmltag: [0] is "<name", attributes by local name (and lower-cased too). */
function parseTag(tag: string): Tag {
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

function tags(xml: string): string[] {
  return xml.match(TAG_RE) ?? [];
}

function stripNs(name: string): string {
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
function unescapeXml(text: string, xlsx = false): string {
  const out = text.indexOf('&') < 0 && text.indexOf('_') < 0 && text.indexOf('<') < 0 ? text : rawUnescape(text);
  return xlsx && out.indexOf('\r') >= 0 ? out.replace(/\r\n/g, '\n') : out;
}

/** SheetJS's str_match_xml_ns: the first <tag …>…</tag>, either side with any prefix. */
function matchElement(xml: string, tag: string): [string, string] | null {
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
function matchPlainElement(str: string, tag: string): [string, string] | null {
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

function parseXmlBool(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/** SheetJS's decode_cell: digits anywhere make the row, capitals anywhere the column. */
function decodeCell(ref: string): { r: number; c: number } {
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
function safeDecodeRange(range: string): Merge {
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
function resolvePath(path: string, base: string): string {
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
function parseRels(xml: string | null, currentFilePath: string): { byId: Map<string, Rel>; byTarget: Map<string, Rel> } {
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

// ---------------------------------------------------------------------------
// content types, workbook, styles

const NS_CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_WS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet', 'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet'];
const REL_COMMENTS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const REL_THREADED = 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment';
const CT_WORKBOOK = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  'application/vnd.ms-excel.sheet.binary.macroEnabled.main',
  'application/vnd.ms-excel.addin.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
]);
const CT_SST = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml', 'application/vnd.ms-excel.sharedStrings']);
const CT_STYLES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml', 'application/vnd.ms-excel.styles']);
const CT_THEME = 'application/vnd.openxmlformats-officedocument.theme+xml';

interface ContentTypes {
  workbooks: string[];
  sst: string;
  style: string;
  themes: string[];
}

function parseContentTypes(xml: string): ContentTypes {
  const ct: ContentTypes = { workbooks: [], sst: '', style: '', themes: [] };
  let xmlns: string | undefined;
  const sst: string[] = [];
  const styles: string[] = [];
  for (const x of tags(xml)) {
    const y = parseTag(x);
    const name = (y[0] ?? '').replace(/<\w*:/, '<');
    if (name === '<Types') xmlns = y['xmlns' + ((y[0] ?? '').match(/<(\w+):/) ?? ['', ''])[1]];
    else if (name === '<Default') {
      if (y.Extension === undefined) unsupported('content type default without an extension');
    } else if (name === '<Override') {
      const type = y.ContentType ?? '';
      const part = y.PartName;
      if (part === undefined) {
        if (CT_WORKBOOK.has(type) || CT_SST.has(type) || CT_STYLES.has(type) || type === CT_THEME) unsupported('override without a part name');
        continue;
      }
      if (CT_WORKBOOK.has(type)) ct.workbooks.push(part);
      else if (CT_SST.has(type)) sst.push(part);
      else if (CT_STYLES.has(type)) styles.push(part);
      else if (type === CT_THEME) ct.themes.push(part);
    }
  }
  if (xmlns !== NS_CT) unsupported(`content types namespace ${String(xmlns)}`);
  ct.sst = sst[0] ?? '';
  ct.style = styles[0] ?? '';
  return ct;
}

interface WorkbookSheet {
  name: string;
  hidden: boolean;
  id: string | undefined;
}

function parseWorkbook(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let xmlnsKey = 'xmlns';
  let xmlns: string | undefined;
  for (const x of tags(xml)) {
    const y = parseTag(x);
    switch (stripNs(y[0] ?? '')) {
      case '<workbook': {
        const m = /<(\w+):workbook/.exec(x);
        if (m) xmlnsKey = 'xmlns' + m[1];
        xmlns = y[xmlnsKey];
        break;
      }
      case '<workbookPr':
      case '<workbookPr/>':
        if (y.date1904 != null) date1904 = parseXmlBool(y.date1904);
        break;
      case '<sheet': {
        if (y.name === undefined) unsupported('sheet without a name');
        const state = y.state;
        sheets.push({ name: unescapeXml(y.name), hidden: state === 'hidden' || state === 'veryHidden', id: y.id || y.strRelID });
        break;
      }
    }
  }
  // SheetJS also reads strict OOXML and two Microsoft namespaces; those are left to it
  if (xmlns !== NS_MAIN) unsupported(`workbook namespace ${String(xmlns)}`);
  return { sheets, date1904 };
}

const NUM = 0;
const DATE = 1;
const PERCENT = 2;

/** SheetJS's built-in number formats (its table after make_ssf; 27–36 and 50–58 other than 56 are absent). */
function builtinFormats(): Map<number, unknown> {
  return new Map<number, unknown>([
    [0, 'General'], [1, '0'], [2, '0.00'], [3, '#,##0'], [4, '#,##0.00'], [9, '0%'], [10, '0.00%'], [11, '0.00E+00'],
    [12, '# ?/?'], [13, '# ??/??'], [14, 'm/d/yy'], [15, 'd-mmm-yy'], [16, 'd-mmm'], [17, 'mmm-yy'], [18, 'h:mm AM/PM'],
    [19, 'h:mm:ss AM/PM'], [20, 'h:mm'], [21, 'h:mm:ss'], [22, 'm/d/yy h:mm'], [37, '#,##0 ;(#,##0)'],
    [38, '#,##0 ;[Red](#,##0)'], [39, '#,##0.00;(#,##0.00)'], [40, '#,##0.00;[Red](#,##0.00)'], [45, 'mm:ss'],
    [46, '[h]:mm:ss'], [47, 'mmss.0'], [48, '##0.0E+0'], [49, '@'], [56, '"上午/下午 "hh"時"mm"分"ss"秒 "'],
  ]);
}

const BAD_FORMATS: Record<string, string> = { 'd.m': 'd\\.m' };

function formatKind(z: unknown): number {
  if (typeof z !== 'string' || z === 'General') return NUM;
  if (isDateFormat(z)) return DATE;
  return z.includes('%') ? PERCENT : NUM;
}

/** What each cellXfs index turns a number into: NUM, DATE or PERCENT; null when there is no cellXfs at all. */
function parseStyles(xml: string): Uint8Array | null {
  if (xml.includes('<!--') || xml.slice(0, 1024).includes('<!DOCTYPE')) unsupported('comments or doctype in styles');
  const table = builtinFormats();
  const numberFmt = new Map<number, unknown>(table);
  const nf = matchElement(xml, 'numFmts');
  if (nf) {
    for (const x of tags(nf[0])) {
      const y = parseTag(x);
      if (stripNs(y[0] ?? '') !== '<numFmt') continue;
      if (y.formatCode === undefined || y.numFmtId === undefined) unsupported('numFmt without formatCode or numFmtId');
      const f = unescapeXml(y.formatCode);
      let j = parseInt(y.numFmtId, 10);
      if (Number.isNaN(j)) unsupported('bad numFmtId');
      numberFmt.set(j, f);
      if (j > 0) {
        if (j > 0x188) {
          for (j = 0x188; j > 0x3c; --j) if (numberFmt.get(j) == null) break;
          numberFmt.set(j, f);
        }
        table.set(j, (BAD_FORMATS as Record<string, unknown>)[f] || f);
      }
    }
  }
  const cx = matchElement(xml, 'cellXfs');
  if (!cx) return null;
  const kinds: number[] = [];
  for (const x of tags(cx[0])) {
    const y = parseTag(x);
    const name = stripNs(y[0] ?? '');
    if (name !== '<xf' && name !== '<xf/>' && name !== '<xf>') continue;
    let id: number | undefined;
    if (y.numFmtId) {
      if (!/^\d+$/.test(y.numFmtId)) unsupported('bad numFmtId in cellXfs');
      id = parseInt(y.numFmtId, 10);
      if (id > 0x188) {
        const want = numberFmt.get(id);
        for (let i = 0x188; i > 0x3c; --i) {
          if (want == numberFmt.get(i)) {
            id = i;
            break;
          }
        }
      }
    } else if (y.numFmtId === '') unsupported('empty numFmtId in cellXfs');
    kinds.push(id === undefined ? NUM : formatKind(table.get(id)));
  }
  return Uint8Array.from(kinds);
}

type ThemeColor = { rgb?: string } | undefined;
const THEME_SLOTS = ['</a:lt1>', '</a:dk1>', '</a:lt2>', '</a:dk2>', '</a:accent1>', '</a:accent2>', '</a:accent3>', '</a:accent4>', '</a:accent5>', '</a:accent6>', '</a:hlink>', '</a:folHlink>'];

/** SheetJS reads the first theme, refuses the whole file when it lacks these parts, and keeps its colour scheme. */
function readTheme(xml: string): ThemeColor[] {
  const t = matchPlainElement(xml, 'a:themeElements');
  if (!t) unsupported('theme without themeElements');
  for (const part of ['a:clrScheme', 'a:fontScheme', 'a:fmtScheme']) if (!matchPlainElement(t[0], part)) unsupported(`theme without ${part}`);
  const scheme = matchPlainElement(t[0], 'a:clrScheme')!;
  const colors: ThemeColor[] = [];
  let color: { rgb?: string } = {};
  for (const x of tags(scheme[0])) {
    const y = parseTag(x);
    if (y[0] === '<a:srgbClr') color.rgb = y.val;
    else if (y[0] === '<a:sysClr') color.rgb = y.lastClr;
    else if (THEME_SLOTS.includes(y[0] ?? '')) {
      colors[THEME_SLOTS.indexOf(y[0]!)] = color;
      color = {};
    }
  }
  return colors;
}

/** SheetJS refuses the whole file when a font colour names a theme colour the scheme does not have. */
function checkFontColors(xml: string, colors: ThemeColor[]): void {
  const fonts = matchElement(xml, 'fonts');
  if (!fonts) return;
  let tint: number | undefined;
  for (const x of tags(fonts[0])) {
    const y = parseTag(x);
    const name = stripNs(y[0] ?? '');
    if (name === '</font>' || name === '<font/>') tint = undefined;
    if (name !== '<color' || y.rgb || y.indexed || !y.theme) continue;
    if (y.tint) tint = parseFloat(y.tint);
    const c = colors[parseInt(y.theme, 10)];
    if (!c || ((tint || 0) !== 0 && typeof c.rgb !== 'string')) unsupported('a font colour outside the theme');
  }
}

// ---------------------------------------------------------------------------
// shared strings

/** A string SheetJS would read as `undefined`: fine in the table, Unsupported when a cell uses it. */
const NO_STRING = undefined;
type Sst = (string | undefined)[];

const SI_T_RE = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;
const RICH_RE = /<(?:\w+:)?r\b[^<>]*>/;

/** SheetJS's parse_si on the text of one <si> or <is> (already trimmed for <si>). */
function parseSi(x: string): string | undefined {
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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** SheetJS's parse_sst_xml, by scanning: <si> pieces split at </si>, plus the (empty) piece after the last. */
function parseSst(xml: string): Sst {
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

// ---------------------------------------------------------------------------
// dates in t="d" cells (SheetJS's parseDate and datenum)

const DAY_MS = 24 * 60 * 60 * 1000;
const DN_THRESH = Date.UTC(1899, 11, 30, 0, 0, 0);
const DN_THRESH1 = Date.UTC(1899, 11, 31, 0, 0, 0);
const DN_THRESH2 = Date.UTC(1904, 0, 1, 0, 0, 0);
const PD_TIME = /^(\d+):(\d+)(:\d+)?(\.\d+)?$/;
const PD_DATE = /^(\d+)-(\d+)-(\d+)$/;
const PD_DATETIME = /^(\d+)-(\d+)-(\d+)[T ](\d+):(\d+)(:\d+)?(\.\d+)?$/;
// what SheetJS then hands to new Date(): only the ECMAScript date-time form with a zone means the same everywhere
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isoSerial(str: string, date1904: boolean): number {
  let ms: number;
  let m = PD_TIME.exec(str);
  if (m) {
    ms = new Date(
      (date1904 ? DN_THRESH2 : DN_THRESH1) +
        ((parseInt(m[1]!, 10) * 60 + parseInt(m[2]!, 10)) * 60 + (m[3] ? parseInt(m[3].slice(1), 10) : 0)) * 1000 +
        (m[4] ? parseInt((m[4] + '000').slice(1, 4), 10) : 0),
    ).getTime();
  } else if ((m = PD_DATE.exec(str))) {
    ms = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 0, 0, 0, 0)).getTime();
  } else if ((m = PD_DATETIME.exec(str))) {
    ms = new Date(
      Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, (m[6] && parseInt(m[6].slice(1), 10)) || 0, (m[7] && parseInt((m[7] + '0000').slice(1, 4), 10)) || 0),
    ).getTime();
  } else if (ISO_ZONED.test(str)) {
    ms = new Date(str).getTime();
  } else {
    // SheetJS falls back to new Date(str), which for other forms depends on the time zone or the engine
    unsupported(`t="d" value ${str.slice(0, 40)}`);
  }
  let res = (ms - DN_THRESH) / DAY_MS;
  if (date1904) {
    res -= 1462;
    return res < -1402 ? res - 1 : res;
  }
  return res < 60 ? res - 1 : res;
}

// ---------------------------------------------------------------------------
// worksheets

interface SheetContext {
  fileName: string;
  sst: Sst;
  /** by cellXfs index; null: no cellXfs, every number stays a number */
  kinds: Uint8Array | null;
  date1904: boolean;
  /** cells counted in earlier sheets */
  cellsBefore: number;
  dates: Map<number, ExcelDate>;
}

interface SheetResult {
  rows: CellValue[][];
  hiddenRows: Set<number>;
  merges: Merge[];
  /** after </sheetData>: hyperlinks, legacy drawing */
  tail: string;
}

const MAX_ROW = 1_048_575;
const MAX_COL = 16_383;
const MERGE_RE = /<(?:\w+:)?mergeCell ref=["'][A-Z0-9:]+['"]\s*[/]?>/g;

/** The first `c` at or after `from`, or -1 (a loop: the distances are a few bytes). */
function find(b: Uint8Array, c: number, from: number): number {
  for (let i = from, n = b.length; i < n; i++) if (b[i] === c) return i;
  return -1;
}

/** Whether the ASCII text `lit` is at `i`. */
function bytesAt(b: Uint8Array, i: number, lit: string): boolean {
  if (i < 0 || i + lit.length > b.length) return false;
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/** Position of the closing quote of the attribute value that starts at `q`; Unsupported when there is none. */
function attrValueEnd(b: Uint8Array, q: number): number {
  const quote = b[q]!;
  if (quote !== 34 && quote !== 39) unsupported('unquoted attribute');
  const e = find(b, quote, q + 1);
  if (e < 0) unsupported('unterminated attribute');
  return e;
}

const ROW_OTHER = 0;
const ROW_R = 1;
const ROW_HIDDEN = 2;
const ROW_HT = 3;
const ROW_OUTLINE = 4;

/** Whether bytes [a, z) equal the lower-case ASCII `lit`, ignoring case. */
function sameIgnoringCase(b: Uint8Array, a: number, z: number, lit: string): boolean {
  if (z - a !== lit.length) return false;
  for (let k = 0; k < lit.length; k++) if ((b[a + k]! | 0x20) !== lit.charCodeAt(k)) return false;
  return true;
}

/**
 * Which row attribute SheetJS's parsexmltag would file the name [a, z) under: it keys attributes by local name
 * (a prefix dropped, or for unprefixed names anything from an inner '_'), and by that name lower-cased too.
 */
function rowAttrKind(b: Uint8Array, a: number, z: number): number {
  let colon = -1;
  for (let i = a; i < z; i++) {
    if (b[i] === 58) {
      colon = i;
      break;
    }
  }
  let ka = a;
  let kz = z;
  if (colon >= 0) {
    if (colon - a === 5 && bytesAt(b, a, 'xmlns')) return ROW_OTHER;
    if (colon - a >= 3 && bytesAt(b, colon - 3, 'ext')) unsupported('an ext-prefixed row attribute');
    ka = colon + 1;
  } else {
    for (let i = a + 1; i < z; i++) {
      if (b[i] === 95) {
        kz = i;
        break;
      }
    }
  }
  if (sameIgnoringCase(b, ka, kz, 'r')) return ROW_R;
  if (sameIgnoringCase(b, ka, kz, 'hidden')) return ROW_HIDDEN;
  if (sameIgnoringCase(b, ka, kz, 'ht')) return ROW_HT;
  return kz - ka === 12 && bytesAt(b, ka, 'outlineLevel') ? ROW_OUTLINE : ROW_OTHER;
}

/**
 * The worksheet XML is scanned as bytes: markup is ASCII, and the few texts a sheet holds itself (inline strings,
 * formula strings) are decoded from their byte ranges, so the 40-odd MB of a big sheet are never copied.
 */
function parseWorksheet(b: Buffer, ctx: SheetContext): SheetResult {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) unsupported('UTF-16 worksheet');
  const n = b.length;

  // the root must be an unprefixed <worksheet>; prefixed documents are left to SheetJS
  let i = 0;
  for (;;) {
    i = find(b, 60, i);
    if (i < 0) unsupported('no root element');
    const c = b[i + 1]!;
    if (c === 63 /* ? */ || c === 33 /* ! */) {
      const comment = bytesAt(b, i, '<!--');
      const e = comment ? b.indexOf('-->', i) : find(b, 62, i);
      if (e < 0) unsupported('unterminated declaration');
      i = e + (comment ? 3 : 1);
      continue;
    }
    break;
  }
  if (!bytesAt(b, i, '<worksheet') || (!isSpace(b[i + 10]!) && b[i + 10]! !== 62)) unsupported('worksheet root is not <worksheet>');

  const rows: CellValue[][] = [];
  const hiddenRows = new Set<number>();
  const sd = b.indexOf('<sheetData', i);
  const sdAfter = b[sd + 10]!;
  if (sd >= 0 && sdAfter !== 62 && sdAfter !== 47 && !isSpace(sdAfter)) unsupported('unusual <sheetData');
  if (b.lastIndexOf(':sheetData', sd < 0 ? n : sd) >= 0) unsupported('prefixed sheetData');
  if (sd < 0) {
    const whole = b.toString('latin1');
    return { rows, hiddenRows, merges: merges(whole), tail: whole };
  }
  const sdGt = find(b, 62, sd);
  if (sdGt < 0) unsupported('unterminated <sheetData');
  // <sheetData/>: SheetJS then reads merges and links from the whole document
  if (b[sdGt - 1]! === 47) {
    const whole = b.toString('latin1');
    return { rows, hiddenRows, merges: merges(whole), tail: whole };
  }

  const { sst, kinds, date1904, dates } = ctx;
  const nKinds = kinds ? kinds.length : 0;
  let total = ctx.cellsBefore;
  let inRow = false;
  let tagr = 0;
  let tagc = -1;
  let curR = -1;
  let cur: CellValue[] = [];
  // shared-formula masters seen, by si as SheetJS keys them
  const shared = new Map<string, SharedFormula>();

  let p = sdGt + 1;
  let tailStart = -1;
  for (;;) {
    const lt = find(b, 60, p);
    if (lt < 0) unsupported('sheetData not closed');
    const c1 = b[lt + 1]!;

    if (c1 === 99 /* c */) {
      // ------------------------------------------------------------ <c …>
      const c2 = b[lt + 2]!;
      if (c2 !== 32 && c2 !== 62 && c2 !== 47) unsupported('unusual element in a row');
      if (!inRow) unsupported('cell outside a row');
      let j = lt + 2;
      let rA = -1;
      let rB = -1;
      let sA = -1;
      let sB = -1;
      let tA = -1;
      let tB = -1;
      let selfClose = false;
      for (;;) {
        let ch = b[j]!;
        const hadSpace = isSpace(ch);
        while (isSpace(ch)) ch = b[++j]!;
        if (ch === 62) {
          j++;
          break;
        }
        if (ch === 47) {
          if (b[j + 1]! !== 62) unsupported('bad cell tag');
          selfClose = true;
          j += 2;
          break;
        }
        if (!hadSpace) unsupported('attributes not separated by a space');
        const nameStart = j;
        while (ch > 32 && ch !== 61 && ch !== 62 && ch !== 47) ch = b[++j]!;
        if (ch !== 61) unsupported('attribute without "="');
        const nameLen = j - nameStart;
        const vStart = j + 1;
        const vEnd = attrValueEnd(b, vStart);
        const first = b[nameStart]!;
        if (nameLen === 1 && first === 114 /* r */) {
          if (rA >= 0) unsupported('duplicate r');
          rA = vStart + 1;
          rB = vEnd;
        } else if (nameLen === 1 && first === 115 /* s */) {
          if (sA >= 0) unsupported('duplicate s');
          sA = vStart + 1;
          sB = vEnd;
        } else if (nameLen === 1 && first === 116 /* t */) {
          if (tA >= 0) unsupported('duplicate t');
          tA = vStart + 1;
          tB = vEnd;
        } else {
          const name = b.toString('latin1', nameStart, j);
          if (name !== 'cm' && name !== 'vm' && name !== 'ph') unsupported(`cell attribute ${name}`);
        }
        j = vEnd + 1;
      }
      // SheetJS ends the tag at its first '>'
      if (find(b, 62, lt) !== j - 1) unsupported('">" inside a cell attribute');

      // children
      let vA = -1;
      let vB = -1;
      let fOpen = -1;
      let fGt = -1;
      let fA = -1;
      let fB = -1;
      let isA = -1;
      let isB = -1;
      let cellEnd = j;
      if (!selfClose) {
        let k = j;
        for (;;) {
          const l2 = find(b, 60, k);
          if (l2 < 0) unsupported('cell not closed');
          const d1 = b[l2 + 1]!;
          if (d1 === 118 /* v */) {
            const d2 = b[l2 + 2]!;
            let gt = l2 + 2;
            if (d2 !== 62) {
              if (!isSpace(d2)) unsupported('unusual element in a cell');
              gt = find(b, 62, l2);
              if (gt < 0 || b[gt - 1]! === 47) unsupported('<v/>');
              const inner = find(b, 60, l2 + 1);
              if (inner >= 0 && inner < gt) unsupported('bad <v> tag');
            }
            if (vA >= 0) unsupported('two values in a cell');
            vA = gt + 1;
            vB = find(b, 60, vA);
            if (vB < 0 || b[vB + 1]! !== 47 || b[vB + 2]! !== 118 || b[vB + 3]! !== 62) unsupported('markup inside <v>');
            k = vB + 4;
          } else if (d1 === 102 /* f */) {
            const d2 = b[l2 + 2]!;
            if (d2 !== 62 && d2 !== 47 && !isSpace(d2)) unsupported('unusual element in a cell');
            if (fOpen >= 0) unsupported('two formulas in a cell');
            fOpen = l2;
            fGt = find(b, 62, l2);
            if (fGt < 0) unsupported('bad <f> tag');
            if (b[fGt - 1]! === 47) k = fGt + 1;
            else {
              fA = fGt + 1;
              fB = find(b, 60, fA);
              if (!bytesAt(b, fB, '</f>')) unsupported('markup inside <f>');
              k = fB + 4;
            }
          } else if (d1 === 105 /* i */ && bytesAt(b, l2, '<is>')) {
            if (isA >= 0) unsupported('two <is> in a cell');
            isA = l2 + 4;
            isB = b.indexOf('</is>', isA);
            if (isB < 0) unsupported('<is> not closed');
            k = isB + 5;
          } else if (d1 === 47 && b[l2 + 2]! === 99 && b[l2 + 3]! === 62) {
            cellEnd = l2 + 4;
            break;
          } else if (d1 === 101 && bytesAt(b, l2, '<extLst>')) {
            const e2 = b.indexOf('</extLst>', l2);
            if (e2 < 0) unsupported('extLst not closed');
            k = e2 + 9;
          } else unsupported(`<${b.toString('latin1', l2 + 1, l2 + 12)}…> in a cell`);
        }
      }

      // position: the cell's own r (row and column), or the next column of the row
      let col: number;
      let row: number;
      if (rA >= 0) {
        let q = rA;
        col = 0;
        let ch = b[q]!;
        while (ch >= 65 && ch <= 90) {
          col = col * 26 + (ch - 64);
          ch = b[++q]!;
        }
        if (q === rA || q - rA > 3 || ch < 49 || ch > 57) unsupported('unusual cell reference');
        row = 0;
        while (ch >= 48 && ch <= 57) {
          row = row * 10 + (ch - 48);
          ch = b[++q]!;
        }
        if (q !== rB) unsupported('unusual cell reference');
        col -= 1;
        row -= 1;
        tagc = col;
      } else {
        // SheetJS looks for r="…" anywhere in what follows <c; text that holds one is left to it
        for (let q = j; q < cellEnd - 2; q++) {
          if (b[q]! === 114 && b[q + 1]! === 61) {
            const qc = b[q + 2]!;
            if (qc === 34 || qc === 39) unsupported('r="…" inside a cell without r');
          }
        }
        col = ++tagc;
        row = tagr - 1;
      }
      if (col > MAX_COL || row > MAX_ROW || col < 0 || row < 0) unsupported('cell outside the sheet');

      // formulas only matter where SheetJS's handling of them fails
      if (fOpen >= 0) cellFormula(b, fOpen, fGt, fA, fB, j, cellEnd, col, shared);

      // value
      let value: CellValue = null;
      let num = 0;
      let isNum = false;
      const hasV = vA >= 0 && vB > vA;
      if (tA < 0) {
        if (hasV) {
          num = numberAt(b, vA, vB);
          isNum = true;
        }
        // no value: an empty cell, formula or not (SheetJS makes such a formula 0, then `0 == ""` makes it a stub)
      } else {
        const t0 = b[tA]!;
        const tl = tB - tA;
        if (tl === 1 && t0 === 115 /* s */) {
          if (hasV) {
            const idx = intAt(b, vA, vB);
            if (idx < 0 || idx >= sst.length) unsupported('shared string index out of range');
            const str = sst[idx];
            if (str === undefined) unsupported('a shared string SheetJS reads as undefined');
            value = str === '' ? null : str;
          }
        } else if (tl === 0 || (tl === 1 && t0 === 110) /* n */) {
          if (hasV) {
            num = numberAt(b, vA, vB);
            isNum = true;
          }
        } else if (tl === 3 && bytesAt(b, tA, 'str')) {
          if (hasV) {
            // SheetJS unescapes the raw bytes, decodes UTF-8, then unescapes again: done the same way here
            const once = unescapeXml(b.toString('latin1', vA, vB));
            const str = unescapeXml(Buffer.from(once, 'latin1').toString('utf8'), true);
            value = str === '' ? null : str;
          }
        } else if (tl === 9 && bytesAt(b, tA, 'inlineStr')) {
          if (isA >= 0 && isB > isA) {
            const x = textAt(b, isA, isB);
            if (x.trim() === '') unsupported('blank <is>');
            const str = parseSi(x);
            if (str === undefined) unsupported('an inline string SheetJS reads as undefined');
            value = str === '' ? null : str;
          }
        } else if (tl === 1 && t0 === 98 /* b */) {
          const v = hasV ? unescapeXml(b.toString('latin1', vA, vB)) : undefined;
          value = v === '1' || v === 'true';
        } else if (tl === 1 && t0 === 100 /* d */) {
          if (!hasV) unsupported('t="d" without a value');
          num = isoSerial(unescapeXml(textAt(b, vA, vB)), date1904);
          isNum = true;
        } else {
          // t="e" and types SheetJS does not know: the cell exists but holds nothing
          const t = b.toString('latin1', tA, tB);
          if (t.includes('>') || t.includes('<')) unsupported('bad t');
        }
      }
      if (isNum) {
        let kind = NUM;
        if (sA >= 0 && kinds) {
          // SheetJS looks the style up as a property name: only canonical indices find one
          let xf = 0;
          let q = sA;
          for (; q < sB; q++) {
            const ch = b[q]!;
            if (ch < 48 || ch > 57) break;
            xf = xf * 10 + (ch - 48);
          }
          if (q === sB && q > sA && (sB - sA === 1 || b[sA]! !== 48) && xf < nKinds) kind = kinds[xf]!;
        }
        if (kind === NUM) value = num;
        else if (kind === DATE) {
          let d = dates.get(num);
          if (!d) {
            d = new ExcelDate(num);
            dates.set(num, d);
          }
          value = d;
        } else value = percentText(num);
      }

      // place it
      if (row !== curR) {
        curR = row;
        cur = rows[row] ?? (rows[row] = []);
      }
      const len = cur.length;
      if (col === len) {
        cur.push(value);
        total++;
      } else if (col > len) {
        for (let z = len; z < col; z++) cur.push(null);
        cur.push(value);
        total += col + 1 - len;
      } else cur[col] = value;
      if (total > MAX_CELLS) throw tooManyCells(ctx.fileName);
      p = cellEnd;
    } else if (c1 === 114 /* r */ && b[lt + 2]! === 111 && b[lt + 3]! === 119) {
      // ------------------------------------------------------------ <row …>
      const c4 = b[lt + 4]!;
      if (c4 !== 32 && c4 !== 62 && c4 !== 47) unsupported('unusual element in sheetData');
      if (inRow) unsupported('row inside a row');
      let j = lt + 4;
      let r: string | undefined;
      let hidden: string | undefined;
      let ht: string | undefined;
      let outline: string | undefined;
      let selfClose = false;
      for (;;) {
        let ch = b[j]!;
        const hadSpace = isSpace(ch);
        while (isSpace(ch)) ch = b[++j]!;
        if (ch === 62) {
          j++;
          break;
        }
        if (ch === 47) {
          if (b[j + 1]! !== 62) unsupported('bad row tag');
          selfClose = true;
          j += 2;
          break;
        }
        if (!hadSpace || ch !== ch) unsupported('bad row tag');
        const nameStart = j;
        while (ch > 32 && ch !== 61 && ch !== 62 && ch !== 47) ch = b[++j]!;
        if (ch !== 61) unsupported('row attribute without "="');
        const vEnd = attrValueEnd(b, j + 1);
        const kind = rowAttrKind(b, nameStart, j);
        if (kind !== ROW_OTHER) {
          const v = b.toString('latin1', j + 2, vEnd);
          if (kind === ROW_R) r = v;
          else if (kind === ROW_HIDDEN) hidden = v;
          else if (kind === ROW_HT) ht = v;
          else outline = v;
        }
        j = vEnd + 1;
      }
      if (find(b, 62, lt) !== j - 1) unsupported('">" inside a row attribute');
      if (r !== undefined) {
        if (!/^[1-9]\d{0,6}$/.test(r)) unsupported('unusual row number');
        tagr = parseInt(r, 10);
        if (tagr - 1 > MAX_ROW) unsupported('row outside the sheet');
      } else {
        // SheetJS reads a trailing <row/> without r twice
        if (selfClose) unsupported('<row/> without r');
        tagr++;
      }
      tagc = -1;
      const isHidden = hidden !== undefined && parseXmlBool(hidden);
      if (ht || isHidden || outline != null) {
        if (isHidden) hiddenRows.add(tagr - 1);
        else hiddenRows.delete(tagr - 1);
      }
      inRow = !selfClose;
      p = j;
    } else if (c1 === 47 /* / */) {
      if (bytesAt(b, lt, '</row>')) {
        if (!inRow) unsupported('stray </row>');
        inRow = false;
        p = lt + 6;
      } else if (bytesAt(b, lt, '</sheetData>')) {
        if (inRow) unsupported('row not closed');
        tailStart = lt + 12;
        break;
      } else unsupported(`<${b.toString('latin1', lt + 1, lt + 12)}…> in sheetData`);
    } else unsupported(`<${b.toString('latin1', lt + 1, lt + 12)}…> in sheetData`);
  }

  const tail = b.toString('latin1', tailStart);
  return { rows, hiddenRows, merges: merges(tail), tail };
}

function merges(tail: string): Merge[] {
  const out: Merge[] = [];
  for (const m of tail.match(MERGE_RE) ?? []) out.push(safeDecodeRange(m.slice(m.indexOf('=') + 2)));
  return out;
}

/** Text of a byte range: the bytes as they are when ASCII, else their UTF-8 decoding. */
function textAt(b: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++) if (b[i]! > 127) return b.toString('utf8', from, to);
  return b.toString('latin1', from, to);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * parseFloat of a <v>, exactly: up to 15 significant digits and a decimal point are an exact integer divided
 * by an exact power of ten, which IEEE rounds correctly, as parseFloat does. Anything else goes to parseFloat.
 */
function numberAt(b: Buffer, from: number, to: number): number {
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
function intAt(b: Buffer, from: number, to: number): number {
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

interface SharedFormula {
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
function cellFormula(
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

/** A comment, threaded comment, note or hyperlink on an empty cell makes SheetJS create that cell, empty. */
function ensureCell(rows: CellValue[][], r: number, c: number): void {
  if (r < 0 || c < 0 || r > MAX_ROW || c > MAX_COL) unsupported('annotation outside the sheet');
  const row = rows[r] ?? (rows[r] = []);
  for (let z = row.length; z <= c; z++) row.push(null);
}

const A1 = /^[A-Z]{1,3}[1-9]\d*$/;

function commentRefs(xml: string): string[] {
  if (/<(?:\w+:)?comments *\/>/.test(xml)) return [];
  const refs: string[] = [];
  const list = matchElement(xml, 'commentList');
  if (!list || !list[1]) return refs;
  for (const x of list[1].split(/<\/\w*:?comment>/)) {
    if (x === '' || x.trim() === '') continue;
    const cm = /<(?:\w+:)?comment[^<>]*>/.exec(x);
    if (!cm) continue;
    const ref = parseTag(cm[0]).ref;
    if (ref === undefined || !A1.test(ref)) unsupported('comment with an unusual ref');
    if (/<(?:\w+:)?rPh\b/.test(x)) unsupported('phonetic run in a comment');
    refs.push(ref);
  }
  return refs;
}

function threadedRefs(xml: string): string[] {
  const refs: string[] = [];
  let ref: string | undefined;
  let hasText = false;
  for (const x of tags(xml)) {
    const y = parseTag(x);
    switch (stripNs(y[0] ?? '')) {
      case '<threadedComment':
        ref = y.ref;
        hasText = false;
        break;
      case '</text>':
        hasText = true;
        break;
      case '</threadedComment>':
        if (hasText) {
          if (ref === undefined || !A1.test(ref)) unsupported('threaded comment with an unusual ref');
          refs.push(ref);
        }
        break;
    }
  }
  return refs;
}

/** SheetJS's parse_vml: every Note shape makes a cell at its row/column, or at the next comment's ref. */
function noteCells(vml: string, comments: string[]): { r: number; c: number }[] {
  const out: { r: number; c: number }[] = [];
  const shapes: string[] = [];
  const open = /<(?:\w+:)?shape\b[^<>]*>/g;
  const close = /<\/(?:\w+:)?shape>/g;
  let m: RegExpExecArray | null;
  while ((m = open.exec(vml))) {
    close.lastIndex = open.lastIndex;
    if (!close.exec(vml)) return [];
    shapes.push(vml.slice(m.index, close.lastIndex));
    open.lastIndex = close.lastIndex;
  }
  let cidx = 0;
  for (const shape of shapes) {
    let type = '';
    let R = -1;
    let C = -1;
    let aidx = -1;
    for (const t of shape.matchAll(TAG_RE)) {
      const x = t[0];
      const y = parseTag(x);
      switch (stripNs(y[0] ?? '')) {
        case '<ClientData':
          if (y.ObjectType) type = y.ObjectType;
          break;
        case '<Row':
        case '<Row>':
        case '<Column':
        case '<Column>':
          aidx = t.index + x.length;
          break;
        case '</Row>':
          R = +shape.slice(aidx, t.index).trim();
          break;
        case '</Column>':
          C = +shape.slice(aidx, t.index).trim();
          break;
      }
    }
    if (type !== 'Note') continue;
    if (R >= 0 && C >= 0) {
      if (!Number.isInteger(R) || !Number.isInteger(C)) unsupported('note at a fractional position');
      out.push({ r: R, c: C });
    } else {
      const ref = comments[cidx];
      if (ref === undefined) unsupported('note without a comment');
      out.push(decodeCell(ref));
    }
    ++cidx;
  }
  return out;
}

// ---------------------------------------------------------------------------
// the reader

function readXlsx(bytes: Uint8Array, fileName: string): { sheets: SheetGrid[]; cellCount: number; date1904: boolean } {
  const pkg = new Package(bytes);
  if (pkg.has('META-INF/manifest.xml') || pkg.has('objectdata.xml') || pkg.has('Index/Document.iwa')) unsupported('not an OOXML package');
  const ctXml = pkg.text('[Content_Types].xml');
  if (ctXml === null) unsupported('no [Content_Types].xml');
  const ct = parseContentTypes(ctXml);
  let wbPath: string;
  if (ct.workbooks.length > 0) wbPath = stripSlash(ct.workbooks[0]!);
  else if (pkg.bytesOf('xl/workbook.xml')?.length) wbPath = 'xl/workbook.xml';
  else unsupported('no workbook part');
  if (wbPath.slice(-3) === 'bin' || ct.sst.slice(-4) === '.bin' || ct.style.slice(-4) === '.bin') unsupported('.xlsb');

  // shared strings first (SheetJS tolerates a missing part), then theme and styles (it does not)
  let sst: Sst = [];
  if (ct.sst) {
    const b = pkg.bytesOf(stripSlash(ct.sst));
    if (b && b.length) sst = parseSst(xmlText(b));
  }
  let colors: ThemeColor[] | null = null;
  if (ct.themes.length > 0) {
    const theme = pkg.bytesOf(ct.themes[0]!.replace(/^\//, ''));
    // an empty or missing theme part: SheetJS uses its default theme, which has every colour
    colors = theme && theme.length ? readTheme(theme.toString('latin1')) : THEME_SLOTS.map(() => ({ rgb: '000000' }));
  }
  let kinds: Uint8Array | null = null;
  if (ct.style) {
    const styles = pkg.text(stripSlash(ct.style));
    if (styles === null) unsupported('styles part missing');
    if (styles) {
      if (colors) checkFontColors(styles, colors);
      kinds = parseStyles(styles);
    }
  }

  const wbXml = pkg.text(wbPath);
  if (!wbXml) unsupported('workbook part missing or empty');
  const wb = parseWorkbook(wbXml);
  const names = new Set<string>();
  for (const sh of wb.sheets) {
    if (names.has(sh.name)) unsupported('two sheets with one name');
    names.add(sh.name);
  }

  const wbRelsI = wbPath.lastIndexOf('/');
  let wbRelsFile = (wbPath.slice(0, wbRelsI + 1) + '_rels/' + wbPath.slice(wbRelsI + 1) + '.rels').replace(/^\//, '');
  if (!pkg.has(wbRelsFile)) wbRelsFile = 'xl/_rels/workbook.xml.rels';
  const wbRelsXml = pkg.text(wbRelsFile);
  if (wbRelsXml === null && wb.sheets.length > 0) unsupported('no workbook relationships');
  const wbRels = parseRels(wbRelsXml, wbRelsFile.replace(/_rels.*/, 's5s'));

  const sheets: SheetGrid[] = [];
  const dates = new Map<number, ExcelDate>();
  let cellCount = 0;
  for (const sh of wb.sheets) {
    const rel = sh.id === undefined ? undefined : wbRels.byId.get(sh.id);
    if (!rel) unsupported(`sheet ${sh.name} has no relationship`);
    if (!rel.Type || !REL_WS.includes(rel.Type)) unsupported(`sheet ${sh.name} is not a worksheet`);
    let path = 'xl/' + rel.Target.replace(/[/]?xl\//, '');
    if (!pkg.has(path)) path = rel.Target;
    if (!pkg.has(path)) path = wbRelsFile.replace(/_rels\/[\S\s]*$/, '') + rel.Target;
    if (path.slice(-4) === '.bin') unsupported('.xlsb sheet');
    let data = pkg.bytesOf(path);
    if (!data || data.length === 0) unsupported(`sheet ${sh.name} has no part`);
    const ws = parseWorksheet(data, { fileName, sst, kinds, date1904: wb.date1904, cellsBefore: cellCount, dates });
    data = null;

    // links, comments and notes on empty cells become empty cells
    const relsPath = path.replace(/^(.*)(\/)([^/]*)$/, '$1/_rels/$3.rels');
    const sheetRels = parseRels(pkg.text(relsPath), path);
    for (const link of ws.tail.match(/<(?:\w+:)?hyperlink [^<>]*>/gm) ?? []) {
      const ref = parseTag(link).ref;
      if (!ref) break;
      const range = safeDecodeRange(ref);
      if ((range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1) > 100_000) unsupported('hyperlink over a huge range');
      for (let R = range.s.r; R <= range.e.r; ++R) for (let C = range.s.c; C <= range.e.c; ++C) ensureCell(ws.rows, R, C);
    }
    let comments: string[] = [];
    const threaded: string[] = [];
    for (const r of sheetRels.byTarget.values()) {
      if (r.Type !== REL_COMMENTS && r.Type !== REL_THREADED) continue;
      const file = resolvePath(r.Target, path);
      if (file.slice(-4) === '.bin') unsupported('.xlsb comments');
      const xml = pkg.text(file);
      if (xml === null) unsupported('comments part missing');
      if (r.Type === REL_COMMENTS) {
        comments = commentRefs(xml);
        for (const ref of comments) {
          const a = decodeCell(ref);
          ensureCell(ws.rows, a.r, a.c);
        }
      } else threaded.push(...threadedRefs(xml));
    }
    for (const ref of threaded) {
      const a = decodeCell(ref);
      ensureCell(ws.rows, a.r, a.c);
    }
    const legrel = /legacyDrawing r:id="(.*?)"/.exec(ws.tail);
    const drawing = legrel ? sheetRels.byId.get(legrel[1]!) : undefined;
    if (drawing) {
      const vml = pkg.bytesOf(resolvePath(drawing.Target, path));
      if (vml && vml.length) for (const a of noteCells(vml.toString('utf8'), comments)) ensureCell(ws.rows, a.r, a.c);
    }

    const rows = ws.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row) cellCount += row.length;
      else rows[r] = [];
    }
    if (cellCount > MAX_CELLS) throw tooManyCells(fileName);
    sheets.push({ name: sh.name, hidden: sh.hidden, rows, hiddenRows: ws.hiddenRows, merges: ws.merges });
  }
  return { sheets, cellCount, date1904: wb.date1904 };
}

function stripSlash(x: string): string {
  return x.charAt(0) === '/' ? x.slice(1) : x;
}

/**
 * .xlsx only, and only what it reproduces exactly: anything else throws `Unsupported` (an .xls or CSV file too).
 * Refusals (empty, too large, zip bomb, corrupt zip, too many cells) are the SheetJS reader's, word for word.
 */
export const fastXlsxReader: WorkbookReader = {
  read(bytes, fileName) {
    const format = sniffFormat(bytes, fileName);
    if (format !== 'xlsx') unsupported(`${format} file`);
    checkXlsxPackage(bytes, fileName);
    try {
      const { sheets, cellCount, date1904 } = readXlsx(bytes, fileName);
      return { format, sheets, cellCount, ...(date1904 ? { date1904: true } : {}) };
    } catch (err) {
      if (err instanceof ImportRefusal || err instanceof Unsupported) throw err;
      // a bug or an exhausted resource here is not the file's fault: SheetJS gets its turn
      throw new Unsupported(`fast reader failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
};

/** The importer's reader: the fast one for .xlsx, SheetJS for .xls, CSV and whatever the fast one leaves to it. */
export const defaultReader: WorkbookReader = {
  read(bytes, fileName) {
    if (sniffFormat(bytes, fileName) !== 'xlsx') return sheetJsReader.read(bytes, fileName);
    try {
      return fastXlsxReader.read(bytes, fileName);
    } catch (err) {
      if (err instanceof Unsupported) return sheetJsReader.read(bytes, fileName);
      throw err;
    }
  },
};
