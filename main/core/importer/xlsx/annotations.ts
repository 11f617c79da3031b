// Comments, threaded comments, notes and hyperlinks: on an empty cell, each makes SheetJS create that cell, empty.
import type { CellValue } from '../values';
import { MAX_COL, MAX_ROW } from './sheetScanner';
import { unsupported } from './unsupported';
import { decodeCell, matchElement, parseRels, parseTag, resolvePath, safeDecodeRange, stripNs, TAG_RE, tags } from './xml';
import type { Package } from './zip';

const REL_COMMENTS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const REL_THREADED = 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment';

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

/** The empty cells that links, comments and notes of the sheet at `path` make; `tail` is what follows its sheetData. */
export function addAnnotatedCells(pkg: Package, path: string, rows: CellValue[][], tail: string): void {
  const relsPath = path.replace(/^(.*)(\/)([^/]*)$/, '$1/_rels/$3.rels');
  const sheetRels = parseRels(pkg.text(relsPath), path);
  for (const link of tail.match(/<(?:\w+:)?hyperlink [^<>]*>/gm) ?? []) {
    const ref = parseTag(link).ref;
    if (!ref) break;
    const range = safeDecodeRange(ref);
    if ((range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1) > 100_000) unsupported('hyperlink over a huge range');
    for (let R = range.s.r; R <= range.e.r; ++R) for (let C = range.s.c; C <= range.e.c; ++C) ensureCell(rows, R, C);
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
        ensureCell(rows, a.r, a.c);
      }
    } else threaded.push(...threadedRefs(xml));
  }
  for (const ref of threaded) {
    const a = decodeCell(ref);
    ensureCell(rows, a.r, a.c);
  }
  const legrel = /legacyDrawing r:id="(.*?)"/.exec(tail);
  const drawing = legrel ? sheetRels.byId.get(legrel[1]!) : undefined;
  if (drawing) {
    const vml = pkg.bytesOf(resolvePath(drawing.Target, path));
    if (vml && vml.length) for (const a of noteCells(vml.toString('utf8'), comments)) ensureCell(rows, a.r, a.c);
  }
}
