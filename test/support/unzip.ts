import zlib from 'node:zlib';
import { readCentralDirectory } from '../fixtures/zip';

/** One entry of a zip (a .docx or .xlsx part) as text. */
export function unzipEntry(zip: Buffer, name: string): string {
  const e = readCentralDirectory(zip).find((x) => x.name === name);
  if (!e) throw new Error(`${name} is not in the archive`);
  const nameLen = zip.readUInt16LE(e.localOffset + 26);
  const extraLen = zip.readUInt16LE(e.localOffset + 28);
  const start = e.localOffset + 30 + nameLen + extraLen;
  const data = zip.subarray(start, start + e.compressedSize);
  return (e.method === 0 ? data : zlib.inflateRawSync(data)).toString('utf8');
}

/** Every entry of a zip (a .docx or .xlsx package) as text, by name. */
export function unzipAll(zip: Buffer): Map<string, string> {
  return new Map(readCentralDirectory(zip).map((e) => [e.name, unzipEntry(zip, e.name)]));
}
