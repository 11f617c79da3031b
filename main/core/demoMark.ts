// How documents tell the demo workspace from a real one. The demo's register entries carry "（示例）" in their
// words so the UI shows them as examples; a document says so only when it is itself a demo.
import type { Db } from './db/connection';
import { getMeta, setMeta } from './db/repos/metaRepo';

/** The mark the demo puts on its saved runs and decisions. */
export const DEMO_MARK = '（示例）';

const DEMO_META_KEY = 'workspace.demo';

/** Marks a workspace as the demo (createDemoWorkspace does, once its demo data is in). */
export function markDemoWorkspace(db: Db): void {
  setMeta(db, DEMO_META_KEY, '1');
}

export function isDemoWorkspace(db: Db): boolean {
  try {
    return getMeta(db, DEMO_META_KEY) === '1';
  } catch {
    return false;
  }
}

/** Text from the register as a document quotes it: the demo mark stays only in a demo document. */
export function documentText(text: string, demo: boolean): string {
  return demo ? text : text.split(DEMO_MARK).join('');
}
