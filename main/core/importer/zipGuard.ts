import { ImportRefusal } from './refusal';

/** What an .xlsx may expand to before we let a parser inflate it. Real ledgers are a few MB; 100,000 rows are ~60 MB of XML. */
export const MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/** Where the end-of-central-directory record starts (signature 0x06054b50 within the last 64 KB + 22 bytes), or -1. */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}

/**
 * Reads the zip central directory (without inflating anything) and refuses archives that claim
 * to expand beyond the cap: a zip bomb is stopped before it costs memory.
 */
export function checkZipSize(bytes: Uint8Array, fileName: string): { entries: string[]; uncompressed: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw new ImportRefusal('unreadable', `文件“${fileName}”不完整或已损坏（找不到压缩包目录），无法读取。请重新保存或重新发送原文件。`);
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
  const entries: string[] = [];
  let total = 0;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) {
      throw new ImportRefusal('unreadable', `文件“${fileName}”不完整或已损坏，无法读取。请重新保存或重新发送原文件。`);
    }
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (size === 0xffffffff) {
      // zip64 extended information extra field (id 1) carries the real size
      let q = p + 46 + nameLen;
      const end = q + extraLen;
      while (q + 4 <= end) {
        const id = view.getUint16(q, true);
        const len = view.getUint16(q + 2, true);
        if (id === 1 && len >= 8) {
          size = Number(view.getBigUint64(q + 4, true));
          break;
        }
        q += 4 + len;
      }
    }
    total += size;
    if (total > MAX_UNCOMPRESSED_BYTES) {
      throw new ImportRefusal(
        'too_large',
        `文件“${fileName}”解压后超过 ${Math.round(MAX_UNCOMPRESSED_BYTES / 1024 / 1024)} MB（疑似压缩炸弹或异常文件），已拒绝读取。请检查文件来源。`,
      );
    }
    entries.push(name);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, uncompressed: total };
}
