// What SheetJS gets of an .xlsx: not the zip, which it would inflate without any cap, but its parts already
// inflated by zipGuard (capped), checked for DOCTYPEs, for XML that is cut short or garbled, and for the few
// constructs SheetJS loops over cell by cell (column ranges, hyperlink ranges) past Excel's grid.
import type * as XLSX from 'xlsx';
import { sheetJs } from './sheetJs';
import { checkColumnRanges, damagedPart, EXCEL_COLS, EXCEL_ROWS, forbiddenMarkup, MAX_CELLS, outsideGrid, rowPlace, shown, tooManyCells } from './sheetLimits';
import { hasDeclaration, xmlStructureProblem } from './xmlChecks';
import { inflateEntry, type ZipEntry } from './zipGuard';
import { safeDecodeRange } from './xlsx/xml';

/** Parts SheetJS never reads: they stay empty rather than cost an inflate. */
const NOT_READ = /^(xl\/(media|embeddings|printerSettings|activeX)\/|.*\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|wdp|svg|ico)$)/i;
/** Parts whose structure decides the data: cut short or garbled, they are damage, not an empty workbook. */
const STRUCTURAL = /^(\[Content_Types\]\.xml|xl\/_rels\/workbook\d*\.xml\.rels|xl\/workbook\d*\.xml|xl\/worksheets\/[^/]+\.xml|xl\/sharedStrings\d*\.xml)$/i;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

type Container = { FileIndex: unknown[]; FullPaths: string[] };
type Cfb = { utils: { cfb_new(): Container; cfb_add(cfb: Container, name: string, content: Uint8Array, opts: { unsafe: boolean }): unknown } };
const cfbOf = () => sheetJs().CFB as unknown as Cfb;
const parseZip = (zip: Container, opts: XLSX.ParsingOptions) => (sheetJs() as unknown as { parse_zip(zip: Container, opts: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip(zip, opts);

/** Which sheet a worksheet part is, for messages: from workbook.xml and its relationships, when they can be read. */
function sheetNames(parts: Map<string, Buffer>): Map<string, string> {
  const out = new Map<string, string>();
  const wb = parts.get('xl/workbook.xml')?.toString('utf8');
  const rels = parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8');
  if (!wb || !rels) return out;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, ('xl/' + target.replace(/^\/?(xl\/)?/, '')).toLowerCase());
  }
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\b(?:r:)?id="([^"]*)"/.exec(m[0])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name && part) out.set(part, name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
  }
  return out;
}

/**
 * Column ranges and hyperlinks SheetJS walks one cell at a time: inside the grid, and hyperlinks over no more cells
 * than a workbook may hold; nor more cells than that.
 */
function checkLoops(xml: string, fileName: string, sheet: string | null): void {
  checkColumnRanges(xml, fileName, sheet);
  for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["'](\d+)/g)) {
    if (m[1]!.length > 7 || Number(m[1]) > EXCEL_ROWS) throw outsideGrid(fileName, sheet, rowPlace(m[1]!));
  }
  let cells = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?hyperlink [^<>]*>/gm)) {
    const ref = /\bref\s*=\s*["']([^"']*)/.exec(m[0])?.[1];
    if (!ref) break;
    const r = safeDecodeRange(ref);
    if (r.e.r >= EXCEL_ROWS || r.e.c >= EXCEL_COLS || r.s.r >= EXCEL_ROWS || r.s.c >= EXCEL_COLS) throw outsideGrid(fileName, sheet, `超链接区域“${shown(ref)}”`);
    if (r.e.r >= r.s.r && r.e.c >= r.s.c) cells += (r.e.r - r.s.r + 1) * (r.e.c - r.s.c + 1);
    if (cells > MAX_CELLS) throw tooManyCells(fileName);
  }
  // every <c> becomes an object in SheetJS: past the cap, memory would run out before the count is made
  let tags = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const c = xml.charCodeAt(i + 1) === 99 ? i + 2 : -1;
    const after = c > 0 ? xml.charCodeAt(c) : 0;
    if (after === 32 || after === 62 || after === 47 || after === 9 || after === 10 || after === 13) {
      if (++tags > MAX_CELLS) throw tooManyCells(fileName);
    }
  }
}

/**
 * Reads an .xlsx with SheetJS from parts we inflated: SheetJS's own unzip inflates every entry without a cap and
 * follows whatever the local headers claim. The zip directory must already have passed checkZipSize.
 */
export function readWithSheetJs(bytes: Uint8Array, fileName: string, zip: ZipEntry[], opts: XLSX.ParsingOptions): { wb: XLSX.WorkBook; worksheets: Set<string> } {
  const parts = new Map<string, Buffer>();
  const CFB = cfbOf();
  const cfb = CFB.utils.cfb_new();
  for (const e of zip) {
    const key = e.name.toLowerCase();
    const content = NOT_READ.test(e.name) || e.name.endsWith('/') ? Buffer.alloc(0) : inflateEntry(bytes, e, fileName);
    if (/\.(xml|rels|vml)$/i.test(e.name) && hasDeclaration(content)) throw forbiddenMarkup(fileName, e.name);
    if (STRUCTURAL.test(e.name)) parts.set(key, content);
    // as SheetJS's unzip names entries: one character per byte of the name
    CFB.utils.cfb_add(cfb, e.latin1Name, content, { unsafe: true });
  }
  let names: Map<string, string> | null = null;
  const sheetOf = (part: string) => (WORKSHEET.test(part) ? ((names ??= sheetNames(parts)).get(part) ?? null) : null);
  for (const [part, content] of parts) {
    const problem = xmlStructureProblem(content);
    if (problem) {
      const sheet = sheetOf(part);
      throw damagedPart(fileName, sheet ?? null, part, problem);
    }
    if (WORKSHEET.test(part)) checkLoops(content.toString('latin1'), fileName, sheetOf(part));
  }
  // what XLSX.read does before it unzips: cellStyles implies cellNF and sheetStubs
  const o: XLSX.ParsingOptions = { ...opts, type: 'buffer' };
  if (o.cellStyles) {
    o.cellNF = true;
    o.sheetStubs = true;
  }
  // SheetJS drops a worksheet it fails to parse without a word: which sheets are worksheets, to say so
  return { wb: parseZip(cfb, o), worksheets: new Set((names ?? sheetNames(parts)).values()) };
}
