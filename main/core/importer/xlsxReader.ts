// A fast reader for .xlsx workbooks that returns exactly what the SheetJS reader returns.
//
// SheetJS parses a 100,000-row ledger in about 3 s and 360 MB, most of it building cell objects we then throw
// away. This reader inflates only the parts the importer needs (node:zlib on entries found through the zip central
// directory), scans the worksheet XML with indexOf/charCodeAt, and builds the rows directly as CellValue arrays.
//
// "Exactly what SheetJS returns" includes SheetJS's quirks (listed in the report that came with this file and
// tested in test/core/importer/xlsxReader.test.ts): styled empty cells count as cells (the importer's SheetJS
// options imply sheetStubs), a formula without a cached value holds SheetJS's text of it (a shared formula shifted
// to the cell) unless its type says otherwise (t="str" is empty, t="b" is FALSE), an error SheetJS has no code for
// (#SPILL!, #CALC!…) is #UNKNOWN!, comments, notes and hyperlinks on empty cells create empty cells, a t="str"
// result is unescaped twice, built-in CJK date formats that a workbook does not define (27–36, 50–58 except 56)
// are plain numbers, and 1904-system serials are passed through unchanged.
// Whatever this reader does not reproduce faithfully it refuses with `Unsupported`, and `defaultReader` hands the
// file to SheetJS. An ImportRefusal is never retried.
//
// This file wires the parts under xlsx/: zip.ts (the package), workbook.ts (content types, sheets, date system),
// sharedStrings.ts, styles.ts (number formats, theme), sheetScanner.ts (the worksheet XML, with bytes.ts, dates.ts
// and formulas.ts), annotations.ts (comments, notes, links) and xml.ts (SheetJS's XML helpers).
import type { ExcelDate } from './values';
import { collectGarbage } from './memory';
import { ImportRefusal } from './refusal';
import { checkMerges, damagedFile, MAX_FAST_CELLS } from './sheetLimits';
import {
  checkXlsxPackage,
  sheetJsReader,
  sniffFormat,
  tooManyCells,
  type SheetGrid,
  type WorkbookReader,
} from './workbookReader';
import { addAnnotatedCells } from './xlsx/annotations';
import { parseSst, type Sst } from './xlsx/sharedStrings';
import { parseWorksheet, parseWorksheetPieces } from './xlsx/sheetScanner';
import { checkFontColors, parseStyles, readTheme, THEME_SLOTS, type ThemeColor } from './xlsx/styles';
import type { WorkerInflateOptions } from './xlsx/inflateWorker';
import { Unsupported, unsupported } from './xlsx/unsupported';
import { parseContentTypes, parseWorkbook, REL_WS } from './xlsx/workbook';
import { parseRels } from './xlsx/xml';
import { drain, Package, xmlText } from './xlsx/zip';

export { Unsupported };

/** Worksheets inflating to more than this are released at once after reading (a 100,000-row ledger is about 45 MB). */
const RELEASE_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * Worksheets inflating to more than this are scanned as they inflate, piece by piece, rather than inflated whole
 * first: a 500,000-row sheet's XML is about 200 MB, a 1,048,576-row one's about 430 MB.
 */
const STREAM_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * Worksheets inflating to more than this (about 10,000 rows and up, where the second thread saves more than it takes to
 * start), and not above streamAboveBytes, are inflated by a worker thread while this one scans them (xlsx/inflateWorker.ts).
 * Above streamAboveBytes memory comes first: the thread's pieces and its own heap cost a 500,000-row import 30–60 MB
 * of its 600 MB, for no time it would notice, so those are inflated here, piece by piece.
 */
const THREAD_ABOVE_BYTES = 4 * 1024 * 1024;

function inflatedByThread(size: number, opts: XlsxReadOptions): boolean {
  return size > (opts.threadAboveBytes ?? THREAD_ABOVE_BYTES) && size <= opts.streamAboveBytes;
}

export interface XlsxReadOptions {
  /** Worksheets whose XML is larger than this are scanned piece by piece. */
  streamAboveBytes: number;
  /** Compressed bytes inflated per piece in this thread (tests cut the XML into small pieces to try every boundary). */
  pieceBytes?: number;
  /** Worksheets whose XML is larger than this, up to streamAboveBytes, are inflated by a worker thread (Infinity: never). */
  threadAboveBytes?: number;
  /** Inflated bytes per piece from the worker thread (tests make them small). */
  threadPieceBytes?: number;
}

function readXlsx(bytes: Uint8Array, fileName: string, opts: XlsxReadOptions): { sheets: SheetGrid[]; cellCount: number; date1904: boolean } {
  const pkg = new Package(bytes, fileName);
  // big worksheets start inflating in a second thread now, while this one reads the shared strings and styles
  for (const name of pkg.names()) {
    if (WORKSHEET_PART.test(name) && inflatedByThread(pkg.sizeOf(name), opts)) pkg.prefetch(name, workerPieces(opts));
  }
  try {
    return readPackage(pkg, fileName, opts);
  } finally {
    pkg.close();
  }
}

/** Pieces from the worker end with a whole row, so the scan takes each as it comes without joining it to the next. */
function workerPieces(opts: XlsxReadOptions): WorkerInflateOptions {
  return { ...(opts.threadPieceBytes ? { pieceBytes: opts.threadPieceBytes } : {}), align: '</row>' };
}

/** Where nearly every workbook keeps its worksheets; another path is read as well, only not prefetched. */
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;

function readPackage(pkg: Package, fileName: string, opts: XlsxReadOptions): { sheets: SheetGrid[]; cellCount: number; date1904: boolean } {
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
  if (wb.sheets.length === 0) throw damagedFile(fileName, '找不到任何工作表');
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
  let inflated = 0;
  for (const sh of wb.sheets) {
    const rel = sh.id === undefined ? undefined : wbRels.byId.get(sh.id);
    if (!rel) unsupported(`sheet ${sh.name} has no relationship`);
    if (!rel.Type || !REL_WS.includes(rel.Type)) unsupported(`sheet ${sh.name} is not a worksheet`);
    let path = 'xl/' + rel.Target.replace(/[/]?xl\//, '');
    if (!pkg.has(path)) path = rel.Target;
    if (!pkg.has(path)) path = wbRelsFile.replace(/_rels\/[\S\s]*$/, '') + rel.Target;
    if (path.slice(-4) === '.bin') unsupported('.xlsb sheet');
    const size = pkg.sizeOf(path);
    const sheetCtx = { fileName, sheetName: sh.name, sst, kinds, date1904: wb.date1904, cellsBefore: cellCount, dates };
    let ws: ReturnType<typeof parseWorksheet>;
    inflated += size;
    const threaded = inflatedByThread(size, opts);
    if (threaded || size > opts.streamAboveBytes) {
      const pieces = pkg.piecesOf(path, { ...(opts.pieceBytes ? { pieceBytes: opts.pieceBytes } : {}), ...(threaded ? { worker: workerPieces(opts) } : {}) });
      try {
        ws = parseWorksheetPieces(pieces, sheetCtx);
      } catch (err) {
        // the whole-XML path checks the part (declarations, its true size) before scanning it: so does this, at the end
        drain(pieces);
        throw err;
      }
    } else {
      const data = pkg.bytesOf(path);
      if (!data || data.length === 0) unsupported(`sheet ${sh.name} has no part`);
      ws = parseWorksheet(data, sheetCtx);
    }
    checkMerges(ws.merges, fileName, sh.name);

    // links, comments and notes on empty cells become empty cells
    addAnnotatedCells(pkg, path, ws.rows, ws.tail);

    const rows = ws.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row) cellCount += row.length;
      else rows[r] = [];
    }
    if (cellCount > MAX_FAST_CELLS) throw tooManyCells(fileName, MAX_FAST_CELLS);
    sheets.push({ name: sh.name, hidden: sh.hidden, rows, hiddenRows: ws.hiddenRows, merges: ws.merges });
  }
  pkg.checkUnread();
  // the worksheets' XML is garbage now, but outside V8's heap: without a collection it stays through the checks
  if (inflated > RELEASE_AFTER_BYTES) collectGarbage();
  return { sheets, cellCount, date1904: wb.date1904 };
}

function stripSlash(x: string): string {
  return x.charAt(0) === '/' ? x.slice(1) : x;
}

/**
 * .xlsx only, and only what it reproduces exactly: anything else throws `Unsupported` (an .xls or CSV file too).
 * Refusals (empty, too large, zip bomb, corrupt zip, too many cells) are the SheetJS reader's, word for word.
 */
export function fastXlsxReaderWith(opts: XlsxReadOptions): WorkbookReader {
  return {
    read(bytes, fileName) {
      const format = sniffFormat(bytes, fileName);
      if (format !== 'xlsx') unsupported(`${format} file`);
      checkXlsxPackage(bytes, fileName);
      try {
        const { sheets, cellCount, date1904 } = readXlsx(bytes, fileName, opts);
        return { format, sheets, cellCount, ...(date1904 ? { date1904: true } : {}) };
      } catch (err) {
        if (err instanceof ImportRefusal || err instanceof Unsupported) throw err;
        // a bug or an exhausted resource here is not the file's fault: SheetJS gets its turn
        throw new Unsupported(`fast reader failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

export const fastXlsxReader: WorkbookReader = fastXlsxReaderWith({ streamAboveBytes: STREAM_ABOVE_BYTES });

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
