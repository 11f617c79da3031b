// One worksheet's XML scanned as bytes into rows of cell values, hidden rows and merges.
import { ExcelDate, FormulaProblem, type CellValue } from '../values';
import { ERROR_TEXTS, percentText, tooManyCells, UNKNOWN_ERROR, type Merge } from '../workbookReader';
import { checkColumnRanges, columnName, damagedPart, EXCEL_COLS, EXCEL_ROWS, MAX_FAST_CELLS, outsideGrid, rowPlace, shown } from '../sheetLimits';
import { xmlStructureProblem } from '../xmlChecks';
import { attrValueEnd, bytesAt, find, intAt, numberAt, sameIgnoringCase, textAt } from './bytes';
import { isoSerial } from './dates';
import { arrayFormulaStart, cellFormula, type Formulas } from './formulas';
import { parseSi, type Sst } from './sharedStrings';
import { DATE, NUM } from './styles';
import { unsupported } from './unsupported';
import { isSpace, parseXmlBool, safeDecodeRange, unescapeXml } from './xml';

interface SheetContext {
  fileName: string;
  sheetName: string;
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

/** The last 0-based row and column of Excel's grid. */
export const MAX_ROW = EXCEL_ROWS - 1;
export const MAX_COL = EXCEL_COLS - 1;
const KNOWN_ERRORS = new Set(ERROR_TEXTS.values());
const MERGE_RE = /<(?:\w+:)?mergeCell ref=["'][A-Z0-9:]+['"]\s*[/]?>/g;

const ROW_OTHER = 0;
const ROW_R = 1;
const ROW_HIDDEN = 2;
const ROW_HT = 3;
const ROW_OUTLINE = 4;

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

/** Where sheetData opens, once the root is checked; null for a sheet without rows (no sheetData, or an empty one). */
function prelude(b: Buffer, ctx: SheetContext): { sd: number; sdGt: number } | null {
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

  const sd = b.indexOf('<sheetData', i);
  const sdAfter = b[sd + 10]!;
  if (sd >= 0 && sdAfter !== 62 && sdAfter !== 47 && !isSpace(sdAfter)) unsupported('unusual <sheetData');
  if (b.lastIndexOf(':sheetData', sd < 0 ? n : sd) >= 0) unsupported('prefixed sheetData');
  // column widths are not read here, but SheetJS would walk their ranges: the same file must fail the same way
  checkColumnRanges(b.toString('latin1', 0, sd < 0 ? n : sd), ctx.fileName, ctx.sheetName);
  if (sd < 0) return null;
  const sdGt = find(b, 62, sd);
  if (sdGt < 0) unsupported('unterminated <sheetData');
  // <sheetData/>: SheetJS then reads merges and links from the whole document
  return b[sdGt - 1]! === 47 ? null : { sd, sdGt };
}

/** A sheet without rows: merges and links come from the whole document. */
function withoutRows(b: Buffer, ctx: SheetContext): SheetResult {
  checkStructure(b, ctx);
  const whole = b.toString('latin1');
  return { rows: [], hiddenRows: new Set(), merges: merges(whole), tail: whole };
}

/**
 * The worksheet XML is scanned as bytes: markup is ASCII, and the few texts a sheet holds itself (inline strings,
 * formula strings) are decoded from their byte ranges, so the 40-odd MB of a big sheet are never copied.
 */
export function parseWorksheet(b: Buffer, ctx: SheetContext): SheetResult {
  const at = prelude(b, ctx);
  if (!at) return withoutRows(b, ctx);
  const st = scanState(ctx);
  const tailStart = scanBody(b, at.sdGt + 1, st, ctx, false);
  return finishSheet(st, b.subarray(0, at.sd), b.subarray(tailStart), ctx);
}

/**
 * parseWorksheet over the XML in pieces, as a big sheet is inflated: only the rows not yet scanned are held, never
 * the whole XML (a 500,000-row sheet's is about 200 MB). Each scan stops after a </row>; what follows waits for the
 * next piece. Whatever a cut could make ambiguous (a "</row>" inside an inline string) ends in Unsupported, as the
 * whole-XML scan's own doubts do.
 */
export function parseWorksheetPieces(pieces: Iterable<Buffer>, ctx: SheetContext): SheetResult {
  const xml = new PieceBuffer(pieces[Symbol.iterator]());
  // the head, up to <sheetData …>
  for (;;) {
    const sd = xml.buf.indexOf('<sheetData');
    if (sd >= 0 && find(xml.buf, 62, sd) >= 0) break;
    if (!xml.pullUntil(sd >= 0 ? ['>'] : ['<sheetData'])) return parseWorksheet(xml.buf, ctx);
  }
  const at = prelude(xml.buf, ctx);
  if (!at) {
    xml.pullUntil([]);
    return parseWorksheet(xml.buf, ctx);
  }
  const head = Buffer.from(xml.buf.subarray(0, at.sd));
  const st = scanState(ctx);
  xml.buf = xml.buf.subarray(at.sdGt + 1);
  for (;;) {
    if (xml.buf.indexOf('</sheetData>') >= 0) break;
    const cut = xml.buf.lastIndexOf('</row>');
    if (cut >= 0) {
      scanBody(xml.buf.subarray(0, cut + 6), 0, st, ctx, true);
      xml.buf = Buffer.from(xml.buf.subarray(cut + 6));
    }
    if (!xml.pullUntil(['</row>', '</sheetData>'])) break;
  }
  // the last rows, then the tail (merges, links), which is small; or, without </sheetData>, what the whole scan says
  xml.pullUntil([]);
  const tailStart = scanBody(xml.buf, 0, st, ctx, false);
  return finishSheet(st, head, xml.buf.subarray(tailStart), ctx);
}

/** The XML not yet scanned. Pieces without the marker a scan waits for are only collected, and joined once. */
class PieceBuffer {
  buf: Buffer = Buffer.alloc(0);
  constructor(private readonly pieces: Iterator<Buffer>) {}

  /** Pulls pieces until one holds a marker (none: to the end); false when the XML ended without one. */
  pullUntil(markers: string[]): boolean {
    // nothing carried over (pieces that end with a row): the next piece is taken as it is, not copied
    const parts = this.buf.length > 0 ? [this.buf] : [];
    let found = false;
    while (!found) {
      const r = this.pieces.next();
      if (r.done) break;
      const prev = parts[parts.length - 1];
      // a marker may start in the previous piece
      const seam = prev ? Buffer.concat([prev.subarray(Math.max(0, prev.length - 12)), r.value.subarray(0, 12)]) : r.value.subarray(0, 0);
      found = markers.some((m) => r.value.includes(m) || seam.includes(m));
      parts.push(r.value);
    }
    this.buf = parts.length === 0 ? this.buf : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    return found;
  }
}

/** What scanning sheetData carries from one piece of the XML to the next. */
interface ScanState {
  rows: CellValue[][];
  hiddenRows: Set<number>;
  total: number;
  inRow: boolean;
  tagr: number;
  tagc: number;
  curR: number;
  cur: CellValue[];
  formulas: Formulas;
  arrayCells: ArrayCell[];
}

function scanState(ctx: SheetContext): ScanState {
  return { rows: [], hiddenRows: new Set(), total: ctx.cellsBefore, inRow: false, tagr: 0, tagc: -1, curR: -1, cur: [], formulas: { shared: new Map(), arrays: [] }, arrayCells: [] };
}

/**
 * Scans sheetData's rows in b from p, and returns the index after </sheetData>; with `more`, b may end between two
 * elements instead, and -1 says so (the caller comes back with the rest of the XML and the same state).
 */
function scanBody(b: Buffer, p: number, st: ScanState, ctx: SheetContext, more: boolean): number {
  const { sst, kinds, date1904, dates } = ctx;
  const nKinds = kinds ? kinds.length : 0;
  const { rows, hiddenRows, formulas, arrayCells } = st;
  // locals while scanning, written back at the end: the loop runs once per cell
  let { total, inRow, tagr, tagc, curR, cur } = st;
  let tailStart = -1;

  for (;;) {
    const lt = find(b, 60, p);
    if (lt < 0) {
      if (!more) unsupported('sheetData not closed');
      break;
    }
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
        if (q === rA || ch < 49 || ch > 57) unsupported('unusual cell reference');
        row = 0;
        while (ch >= 48 && ch <= 57) {
          row = row * 10 + (ch - 48);
          ch = b[++q]!;
        }
        if (q !== rB) unsupported('unusual cell reference');
        col -= 1;
        row -= 1;
        // letters then digits, as Excel writes them, but past its grid: SheetJS would keep it, and the rows before it
        if (col > MAX_COL || row > MAX_ROW) throw outsideGrid(ctx.fileName, ctx.sheetName, `单元格地址“${shown(b.toString('latin1', rA, Math.min(rB, rA + 60)))}”`);
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
      if (col > MAX_COL || row > MAX_ROW) throw outsideGrid(ctx.fileName, ctx.sheetName, `单元格地址“${columnName(col)}${row + 1}”`);
      if (col < 0 || row < 0) unsupported('cell outside the sheet');

      // value
      let value: CellValue = null;
      let num = 0;
      let isNum = false;
      // what SheetJS keeps as an empty cell: one with a formula there is a formula without a cached value
      let stub = false;
      const hasV = vA >= 0 && vB > vA;
      if (tA < 0) {
        if (hasV) {
          num = numberAt(b, vA, vB);
          isNum = true;
        } else stub = true;
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
          } else stub = true;
        } else if (tl === 0 || (tl === 1 && t0 === 110) /* n */) {
          if (hasV) {
            num = numberAt(b, vA, vB);
            isNum = true;
          } else stub = true;
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
        } else if (tl === 1 && t0 === 101 /* e */) {
          // SheetJS keeps the error as its code, so an error it has no code for has no text either
          const text = hasV ? unescapeXml(b.toString('latin1', vA, vB)) : '';
          value = new FormulaProblem('error', KNOWN_ERRORS.has(text) ? text : UNKNOWN_ERROR);
        } else {
          // types SheetJS does not know: the cell exists but holds nothing
          const t = b.toString('latin1', tA, tB);
          if (t.includes('>') || t.includes('<')) unsupported('bad t');
        }
      }

      // formulas matter where SheetJS's handling of them fails, and where a cell has nothing but its formula
      if (fOpen >= 0) {
        const f = cellFormula(b, fOpen, fGt, fA, fB, j, cellEnd, row, col, formulas, stub);
        if (f) value = new FormulaProblem('no_cached_value', f);
      }
      if (stub && value === null && formulas.arrays.length > 0) {
        const first = arrayFormulaStart(formulas, row, col);
        if (first) {
          arrayCells.push({ row, col, first });
          value = ARRAY_CELL;
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
      if (total > MAX_FAST_CELLS) throw tooManyCells(ctx.fileName, MAX_FAST_CELLS);
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
        if (/^[1-9]\d*$/.test(r) && (r.length > 7 || parseInt(r, 10) > EXCEL_ROWS)) throw outsideGrid(ctx.fileName, ctx.sheetName, rowPlace(r));
        if (!/^[1-9]\d{0,6}$/.test(r)) unsupported('unusual row number');
        tagr = parseInt(r, 10);
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
  st.total = total;
  st.inRow = inRow;
  st.tagr = tagr;
  st.tagc = tagc;
  st.curR = curR;
  st.cur = cur;
  return tailStart;
}

function finishSheet(st: ScanState, head: Buffer, tail: Buffer, ctx: SheetContext): SheetResult {
  if (st.arrayCells.length > 0) resolveArrayCells(st.rows, st.arrayCells);
  // the scan above checked sheetData tag by tag; what is around it must be whole XML too
  checkStructure(Buffer.concat([head, Buffer.from('<sheetData/>'), tail]), ctx);
  const text = tail.toString('latin1');
  return { rows: st.rows, hiddenRows: st.hiddenRows, merges: merges(text), tail: text };
}

/** A worksheet cut short or garbled outside its cells is damage, as the SheetJS reader finds it too. */
function checkStructure(xml: Buffer, ctx: SheetContext): void {
  const problem = xmlStructureProblem(xml);
  if (problem) throw damagedPart(ctx.fileName, ctx.sheetName, ctx.sheetName, problem);
}

/** A cell inside an array formula, saved without a value and without a formula of its own. */
interface ArrayCell {
  row: number;
  col: number;
  first: { r: number; c: number };
}

// stands in for an ArrayCell until the whole sheet is read
const ARRAY_CELL = new FormulaProblem('no_cached_value', '');

/**
 * An array formula's other cells hold its first cell's formula when that cell has no cached value either, as the
 * SheetJS reader finds it: cell by cell in row order, once SheetJS has read the whole sheet.
 */
function resolveArrayCells(rows: CellValue[][], cells: ArrayCell[]): void {
  // a cell written twice is whatever came last: the later entry of a position goes first (the sort is stable)
  cells.reverse().sort((x, y) => x.row - y.row || x.col - y.col);
  for (const { row, col, first } of cells) {
    if (rows[row]![col] !== ARRAY_CELL) continue;
    const f = rows[first.r]?.[first.c];
    rows[row]![col] = f instanceof FormulaProblem && f !== ARRAY_CELL && f.kind === 'no_cached_value' ? f : null;
  }
}

function merges(tail: string): Merge[] {
  const out: Merge[] = [];
  for (const m of tail.match(MERGE_RE) ?? []) out.push(safeDecodeRange(m.slice(m.indexOf('=') + 2)));
  return out;
}
