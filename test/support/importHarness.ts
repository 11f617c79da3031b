import path from 'node:path';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import { importFile, type ImportOptions, type ImportResult } from '../../main/core/importer/importFile';
import { tmpDir } from './tmp';

export const NOW = new Date('2020-10-08T09:00:00+08:00');

export function newWorkspace(): Workspace {
  return openWorkspace(path.join(tmpDir(), 'ws.sqlite'), { create: true });
}

export function imp(ws: Workspace, fileName: string, bytes: Uint8Array, opts: Partial<ImportOptions> = {}): ImportResult {
  return importFile(ws.db, { fileName, bytes }, { user: '测试分析员', now: NOW, ...opts });
}

export function check(ws: Workspace, fileName: string, bytes: Uint8Array, opts: Partial<ImportOptions> = {}): ImportResult {
  return imp(ws, fileName, bytes, { ...opts, dryRun: true });
}

/** Every table's row count: to prove that a refused import wrote nothing. */
export function tableCounts(ws: Workspace): Record<string, number> {
  const tables = (ws.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(tables.map((t) => [t, (ws.db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
}

export function codes(r: ImportResult): string[] {
  return r.findings.map((f) => f.code);
}
