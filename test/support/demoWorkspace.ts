// The demo workspace takes seconds to build (every demo ledger imported, two months assessed). Where the run provides
// a template folder (test/support/demoTemplateSetup.ts), it is built once per run and each caller gets its own copy:
// no test sees another's changes, and none depends on which test built the template.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { createDemoWorkspace } from '../../main/core/demo';
import { openWorkspace, type Workspace } from '../../main/core/workspace';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder that lives as long as the run, for demo workspace templates. */
    demoTemplateDir?: string;
  }
}

/** The demo workspace at `file`, as createDemoWorkspace builds it: copied from this run's template when there is one. */
export function demoWorkspace(file: string, opts: { assessments?: boolean } = {}): Workspace {
  const dir = inject('demoTemplateDir');
  if (!dir) return createDemoWorkspace(file, undefined, opts);
  const template = path.join(dir, opts.assessments ? 'demo-assessed.sqlite' : 'demo.sqlite');
  if (!fs.existsSync(template)) {
    // built aside and renamed into place, so a copy never reads a half-built file; two builders race harmlessly
    const tmp = path.join(dir, `build-${crypto.randomUUID()}.sqlite`);
    const ws = createDemoWorkspace(tmp, undefined, opts);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    ws.db.close();
    fs.renameSync(tmp, template);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  }
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(template, file);
  return openWorkspace(file);
}
