// The zip layer every .xlsx reader goes through first: the central directory checked before anything is inflated
// (sizes, compression ratios, entries that overlap), and a capped inflate for the readers that need every part.
import { inflateRawSync } from 'node:zlib';
import { ImportRefusal } from './refusal';

/**
 * What an .xlsx may expand to before we let a parser inflate it. Real ledgers are a few MB; 100,000 rows are ~50 MB of
 * XML, and a 12-column ledger down to Excel's last row (1,048,576) about 500 MB.
 */
export const MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
/**
 * Deflate can reach about 1:1000; Excel's XML, where every cell names its own address, stays near 1:10 and the most
 * repetitive sheets we have seen under 1:70. A big entry claiming more is a bomb, honest about its size or not.
 */
export const MAX_RATIO = 200;
const RATIO_FROM_BYTES = 1024 * 1024;

export interface ZipEntry {
  name: string;
  /** the name's bytes as SheetJS reads them: one character per byte */
  latin1Name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Where the end-of-central-directory record starts (signature 0x06054b50 within the last 64 KB + 22 bytes), or -1. */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}

function damaged(fileName: string, detail = ''): ImportRefusal {
  return new ImportRefusal('unreadable', `文件“${fileName}”不完整或已损坏${detail}，无法读取。请重新保存或重新发送原文件。`);
}

function tooLarge(fileName: string): ImportRefusal {
  return new ImportRefusal(
    'too_large',
    `文件“${fileName}”解压后超过 ${Math.round(MAX_UNCOMPRESSED_BYTES / 1024 / 1024)} MB（疑似压缩炸弹或异常文件），已拒绝读取。请检查文件来源。`,
  );
}

function lyingSize(fileName: string, entry: string): ImportRefusal {
  return new ImportRefusal('too_large', `文件“${fileName}”中“${entry}”解压后的大小与文件声明的不符（疑似压缩炸弹或被篡改的文件），已拒绝读取。请检查文件来源。`);
}

/** The zip64 extended-information extra field: the 64-bit values of whichever fields are 0xffffffff, in this order. */
function zip64Values(view: DataView, from: number, to: number, e: ZipEntry): void {
  for (let q = from; q + 4 <= to; ) {
    const id = view.getUint16(q, true);
    const len = view.getUint16(q + 2, true);
    if (id === 1) {
      let p = q + 4;
      const end = Math.min(p + len, to);
      const next = (): number | undefined => {
        if (p + 8 > end) return undefined;
        const v = Number(view.getBigUint64(p, true));
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next() ?? e.size;
      if (e.compressedSize === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
      if (e.localOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
      return;
    }
    q += 4 + len;
  }
}

/**
 * Reads the zip central directory (without inflating anything) and refuses archives that claim to expand beyond
 * the cap, entries whose compression ratio only a bomb has, and entries whose data overlap (the trick that lets a
 * small zip hold the same bytes many times over): a zip bomb is stopped before it costs memory.
 */
export function checkZipSize(bytes: Uint8Array, fileName: string): { entries: string[]; zip: ZipEntry[]; uncompressed: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw damaged(fileName, '（找不到压缩包目录）');
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    // Zip64: the real values sit in the zip64 end record that the locator points to.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== 0x07064b50) throw new ImportRefusal('unreadable', `文件“${fileName}”的压缩包目录已损坏，无法读取。`);
    const z64 = Number(view.getBigUint64(loc + 8, true));
    if (z64 + 56 > bytes.length || view.getUint32(z64, true) !== 0x06064b50) throw new ImportRefusal('unreadable', `文件“${fileName}”的压缩包目录已损坏，无法读取。`);
    count = Number(view.getBigUint64(z64 + 32, true));
    offset = Number(view.getBigUint64(z64 + 48, true));
  }
  if (count > MAX_ENTRIES) throw new ImportRefusal('too_large', `文件“${fileName}”包含 ${count} 个内部部件，超出台账文件的合理范围，已拒绝。`);
  const zip: ZipEntry[] = [];
  const utf8 = new TextDecoder();
  let total = 0;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw damaged(fileName);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen > bytes.length) throw damaged(fileName);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const e: ZipEntry = {
      name: utf8.decode(nameBytes),
      latin1Name: Buffer.from(nameBytes.buffer, nameBytes.byteOffset, nameBytes.byteLength).toString('latin1'),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localOffset === 0xffffffff) zip64Values(view, p + 46 + nameLen, p + 46 + nameLen + extraLen, e);
    total += e.size;
    if (total > MAX_UNCOMPRESSED_BYTES) throw tooLarge(fileName);
    zip.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  for (const e of zip) {
    if (e.size > RATIO_FROM_BYTES && e.size > e.compressedSize * MAX_RATIO) {
      const ratio = e.compressedSize > 0 ? `约 ${Math.round(e.size / e.compressedSize).toLocaleString('zh-CN')} 倍` : '无穷大';
      throw new ImportRefusal(
        'too_large',
        `文件“${fileName}”中“${e.name}”声明解压后是压缩数据的${ratio}（${(e.size / 1024 / 1024).toFixed(1)} MB），远超正常工作簿（疑似压缩炸弹），已拒绝读取。请检查文件来源。`,
      );
    }
  }
  checkNoOverlap(view, zip, offset, fileName);
  return { entries: zip.map((e) => e.name), zip, uncompressed: total };
}

/** Each entry's local header and data must end before the next entry (and the directory) begins. */
function checkNoOverlap(view: DataView, zip: ZipEntry[], directoryAt: number, fileName: string): void {
  const sorted = [...zip].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const lo = e.localOffset;
    if (lo + 30 > view.byteLength || view.getUint32(lo, true) !== 0x04034b50) throw damaged(fileName);
    const end = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true) + e.compressedSize;
    const next = i + 1 < sorted.length ? sorted[i + 1]!.localOffset : directoryAt;
    if (end > next) {
      if (end > view.byteLength) throw damaged(fileName);
      throw new ImportRefusal('unreadable', `文件“${fileName}”的内部部件互相重叠（疑似压缩炸弹或被篡改的文件），已拒绝读取。请检查文件来源。`);
    }
  }
}

/**
 * One entry inflated, never past the size the directory declares (which checkZipSize has capped): a stream that
 * runs on is a lying size, a short or broken one a damaged file. An entry encrypted in both its headers is a
 * password-protected package; the local header alone saying so is damage.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry, fileName: string): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = e.localOffset;
  const flags = view.getUint16(lo + 6, true);
  const method = view.getUint16(lo + 8, true);
  const encrypted = (flags & 0x41) !== 0;
  if (encrypted && (e.flags & 0x41) !== 0) {
    throw new ImportRefusal('encrypted', `文件“${fileName}”设置了打开密码，工作台无法读取。请取消密码后重新保存，或请报送单位发送未加密的文件。`);
  }
  // the directory alone saying so is ignored, as SheetJS and most unzippers do: the local header governs the data
  if (encrypted || method !== e.method) throw damaged(fileName, `（内部部件“${e.name}”的两处记录不一致）`);
  if (!(flags & 8)) {
    const csz = view.getUint32(lo + 18, true);
    const usz = view.getUint32(lo + 22, true);
    if ((csz !== 0xffffffff && csz !== e.compressedSize) || (usz !== 0xffffffff && usz !== e.size)) throw damaged(fileName, `（内部部件“${e.name}”的两处记录不一致）`);
  }
  const start = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true);
  const raw = bytes.subarray(start, start + e.compressedSize);
  if (method === 0) {
    if (e.compressedSize !== e.size) throw damaged(fileName, `（内部部件“${e.name}”的大小记录不一致）`);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }
  if (method !== 8) throw new ImportRefusal('unreadable', `文件“${fileName}”使用了工作台不支持的压缩方式（内部部件“${e.name}”），无法读取。请用 Excel 或 WPS 重新保存后再导入。`);
  let out: Buffer;
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw lyingSize(fileName, e.name);
    throw damaged(fileName, `（内部部件“${e.name}”无法解压）`);
  }
  if (out.length !== e.size) throw damaged(fileName, `（内部部件“${e.name}”不完整）`);
  return out;
}
