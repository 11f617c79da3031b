// Which parts of a request name a file on this machine. The contract calls every such field `path`
// (a FileInput's path, imports.returnWorkbook's path), so a host can find them without knowing each method.

/** The key every request field that names a file on this machine carries. */
export const PATH_FIELD = 'path';

/** Deeper than any request in the contract; deeper data is refused rather than walked. */
const MAX_DEPTH = 8;

export type PathScan = { ok: true; paths: string[] } | { ok: false };

/**
 * Every `path` string in a request, at any depth, as sent (before the schema check, so nothing can hide
 * behind a shape the schema would refuse anyway). A request nested deeper than any real one is not ok.
 */
export function filePathsIn(args: unknown): PathScan {
  const paths: string[] = [];
  const walk = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) return value.every((v) => walk(v, depth + 1));
    for (const [key, v] of Object.entries(value)) {
      if (key === PATH_FIELD && typeof v === 'string') paths.push(v);
      else if (!walk(v, depth + 1)) return false;
    }
    return true;
  };
  return walk(args, 0) ? { ok: true, paths } : { ok: false };
}

/** A path as the user would recognise it in a message: long ones keep their end, where the file name is. */
export function shownPath(p: string): string {
  return p.length > 120 ? `…${p.slice(-119)}` : p;
}

/** A file the user chose in the app's own open dialog: the only kind of path the app's page may hand back. */
export interface PickedFile {
  name: string;
  path: string;
  size: number;
}

/** What the open dialog is for: which files it offers, and whether several may be chosen. */
export type PickPurpose = 'ledgers' | 'allocation' | 'workspace' | 'plan';
