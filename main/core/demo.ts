import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace, type Workspace } from './workspace';
import type { Resources } from './resources';

/**
 * The workspace a newcomer sees first (`npm run web`): built fresh each time so it always shows
 * the same state. Today it holds the plan and the units; demo ledgers join it with the import feature.
 */
export function createDemoWorkspace(file: string, resources?: Resources): Workspace {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return openWorkspace(file, { create: true, ...(resources ? { resources } : {}) });
}
