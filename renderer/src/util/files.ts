import type { FileBlob } from '../../../shared/ledgerModels';

/** A dropped or picked file as base64, in slices so a 50 MB ledger does not build one giant string argument. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts: string[] = [];
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) parts.push(String.fromCharCode(...bytes.subarray(i, i + slice)));
  return btoa(parts.join(''));
}

/** Uploads go in groups well under the bridge's cap on a request (a 100 MB file's base64); at most 50 files a request. */
export const BATCH_UPLOAD_BYTES = 60 * 1024 * 1024;
export const BATCH_FILES = 50;

/** Files in request-sized groups, in order; a file bigger than a group goes alone (the bridge says if it is too big). */
export function uploadBatches<T>(items: readonly T[], upload: (item: T) => number): T[][] {
  const out: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const last = out.at(-1);
    if (last && last.length < BATCH_FILES && bytes + upload(item) <= BATCH_UPLOAD_BYTES) {
      last.push(item);
      bytes += upload(item);
    } else {
      out.push([item]);
      bytes = upload(item);
    }
  }
  return out;
}

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** The MIME type of a file the core produced, by its extension. */
export function mimeOf(fileName: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** Saves a file the core produced (workbook, Word, PDF), the way a browser saves a download. */
export function saveBlob(blob: FileBlob): void {
  const bin = atob(blob.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeOf(blob.fileName) }));
  const a = document.createElement('a');
  a.href = url;
  a.download = blob.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export { formatBytes } from '../../../shared/format';
