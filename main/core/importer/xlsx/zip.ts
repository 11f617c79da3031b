// The zip layer of an .xlsx: the central directory, and one entry inflated at a time.
import { inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import { ImportRefusal } from '../refusal';
import { forbiddenMarkup } from '../sheetLimits';
import { hasDeclaration } from '../xmlChecks';
import { findEndOfCentralDirectory } from '../zipGuard';
import { InflateFailure, inflateInWorker, type WorkerInflate, type WorkerInflateOptions } from './inflateWorker';
import { unsupported } from './unsupported';

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
  const eocd = findEndOfCentralDirectory(bytes);
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

/** An entry's stored bytes and method, after the checks of its local header. */
function entryData(bytes: Uint8Array, e: ZipEntry): { raw: Uint8Array; method: number } {
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
  return { raw: bytes.subarray(start, end), method };
}

function lyingSize(fileName: string, e: ZipEntry): ImportRefusal {
  return new ImportRefusal('too_large', `文件“${fileName}”中“${e.name}”解压后的大小与文件声明的不符（疑似压缩炸弹或被篡改的文件），已拒绝读取。请检查文件来源。`);
}

/** The bytes of one entry; anything SheetJS's unzip might read differently is Unsupported. */
function inflateEntry(bytes: Uint8Array, e: ZipEntry, fileName: string): Buffer {
  const { raw, method } = entryData(bytes, e);
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
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw lyingSize(fileName, e);
    unsupported(`cannot inflate ${e.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (out.length !== e.size) unsupported(`${e.name} inflates to ${out.length} bytes, not ${e.size}`);
  return out;
}

export class Package {
  private readonly zip: Zip;
  private readonly read = new Set<string>();
  /** Parts a worker thread began inflating before they were asked for (prefetch). */
  private readonly early = new Map<string, WorkerInflate>();
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {
    this.zip = readZip(bytes);
  }
  /** SheetJS looks parts up case-insensitively. */
  has(path: string): boolean {
    return this.zip.has(path.toLowerCase());
  }
  /** Every part this reader reads is XML: one that declares a DOCTYPE or entities is refused. */
  bytesOf(path: string): Buffer | null {
    const key = path.toLowerCase();
    const e = this.zip.get(key);
    if (!e) return null;
    this.read.add(key);
    this.takeEarly(key)?.stop();
    const b = inflateEntry(this.bytes, e, this.fileName);
    if (hasDeclaration(b)) throw forbiddenMarkup(this.fileName, e.name);
    return b;
  }
  /** The size the zip declares for a part (0 for none). */
  sizeOf(path: string): number {
    return this.zip.get(path.toLowerCase())?.size ?? 0;
  }

  /**
   * One entry inflated piece by piece, with the checks bytesOf makes: the whole part is never in memory at once.
   * Checked as it goes, so a consumer that stops early should drain the rest (drain()). With `worker`, a worker thread
   * inflates while the caller scans (node:zlib); otherwise fflate here, `pieceBytes` compressed at a time.
   */
  *piecesOf(path: string, opts: { pieceBytes?: number; worker?: WorkerInflateOptions } = {}): Generator<Buffer> {
    const key = path.toLowerCase();
    const e = this.zip.get(key);
    if (!e) return;
    this.read.add(key);
    const { raw, method } = entryData(this.bytes, e);
    if (method === 0) {
      yield this.bytesOf(path)!;
      return;
    }
    if (method !== 8) unsupported(`zip compression method ${method}`);
    const early = this.takeEarly(key);
    let chunks: Iterable<Buffer> | null = null;
    if (opts.worker) chunks = early ?? inflateInWorker(raw, e.size, opts.worker);
    else early?.stop();
    chunks ??= inflateHere(raw, opts.pieceBytes ?? COMPRESSED_PIECE);
    let total = 0;
    let first = true;
    let carry: Buffer = Buffer.alloc(0);
    try {
      for (let piece of chunks) {
        total += piece.length;
        if (total > e.size) throw lyingSize(this.fileName, e);
        if (first && ((piece[0] === 0xff && piece[1] === 0xfe) || (piece[0] === 0xfe && piece[1] === 0xff))) {
          // UTF-16: checked whole, as bytesOf does
          piece = this.bytesOf(path)!;
          yield piece;
          return;
        }
        first = false;
        // a declaration cut in two by the piece boundary: its start is carried over to the next piece
        const look = carry.length ? Buffer.concat([carry, piece]) : piece;
        if (hasDeclaration(look)) throw forbiddenMarkup(this.fileName, e.name);
        carry = declarationStart(look);
        yield piece;
      }
    } catch (err) {
      if (!(err instanceof InflateFailure)) throw err;
      if (err.kind === 'too_large') throw lyingSize(this.fileName, e);
      unsupported(`cannot inflate ${e.name}: ${err.message}`);
    }
    if (total !== e.size) unsupported(`${e.name} inflates to ${total} bytes, not ${e.size}`);
  }

  /**
   * Starts a worker thread inflating a part now, while this thread reads the smaller parts first; piecesOf(path,
   * { worker }) takes its pieces. Only a hint: a part that cannot be inflated so is left for piecesOf to judge.
   */
  prefetch(path: string, opts: WorkerInflateOptions = {}): void {
    const key = path.toLowerCase();
    const e = this.zip.get(key);
    if (!e || e.method !== 8 || this.early.has(key)) return;
    let raw: Uint8Array;
    try {
      raw = entryData(this.bytes, e).raw;
    } catch {
      return;
    }
    const w = inflateInWorker(raw, e.size, opts);
    if (w) this.early.set(key, w);
  }

  /** Names of the parts, as written in the zip. */
  names(): string[] {
    return [...this.zip.values()].map((e) => e.name);
  }

  private takeEarly(key: string): WorkerInflate | undefined {
    const w = this.early.get(key);
    this.early.delete(key);
    return w;
  }

  /** Ends the threads of prefetched parts nobody asked for. */
  close(): void {
    for (const w of this.early.values()) w.stop();
    this.early.clear();
  }

  /** The XML parts this reader had no use for are checked too: a DOCTYPE anywhere in a workbook is refused. */
  checkUnread(): void {
    for (const key of this.zip.keys()) {
      if (this.read.has(key) || key.endsWith('/') || !/\.(xml|rels|vml)$/.test(key)) continue;
      this.bytesOf(key);
    }
  }
  /** A small XML part as text. */
  text(path: string): string | null {
    const b = this.bytesOf(path);
    return b ? xmlText(b) : null;
  }
}

/** Compressed bytes inflated at a time by piecesOf in this thread (XML compresses about 7 to 1). */
const COMPRESSED_PIECE = 1 << 16;

/** Raw-deflate data inflated here with fflate, pieceBytes of it at a time. */
function* inflateHere(raw: Uint8Array, pieceBytes: number): Generator<Buffer> {
  const out: Uint8Array[] = [];
  const inflater = new Inflate((d) => out.push(d));
  for (let at = 0, first = true; at < raw.length || first; at += pieceBytes, first = false) {
    try {
      inflater.push(raw.subarray(at, at + pieceBytes), at + pieceBytes >= raw.length);
    } catch (err) {
      throw new InflateFailure('inflate', err instanceof Error ? err.message : String(err));
    }
    for (const d of out) yield Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    out.length = 0;
  }
}

const NONE = Buffer.alloc(0);

/**
 * The end of b from its last '<' when the next piece could make it a declaration hasDeclaration finds: "<", or "<!"
 * then only blanks and fewer than 7 letters up to the end. Anything else after that '<' cannot become one.
 */
function declarationStart(b: Buffer): Buffer {
  const lt = b.lastIndexOf(60);
  if (lt < 0) return NONE;
  let i = lt + 1;
  if (i < b.length) {
    if (b[i] !== 33) return NONE;
    i++;
    while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
    const word = i;
    while (i < b.length && i - word < 7 && ((b[i]! | 32) >= 97 && (b[i]! | 32) <= 122)) i++;
    if (i < b.length) return NONE;
  }
  return Buffer.from(b.subarray(lt));
}

/** Reads a generator to its end, for the checks it makes as it goes (a consumer gave up before the end). */
export function drain(pieces: Iterator<Buffer>): void {
  while (!pieces.next().done);
}

export function xmlText(b: Buffer): string {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) unsupported('UTF-16 XML part');
  return b.toString('utf8');
}
