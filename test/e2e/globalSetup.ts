import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

// End-to-end tests run against a fresh production build of the renderer, never a stale dist/. The demo workspace
// templates (test/support/demoWorkspace.ts) live in a folder of this run, so no run reuses another's.
export default async function setup(project: TestProject): Promise<() => void> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const outDir = path.join(root, 'test-output', 'renderer');
  await build({ configFile: path.join(root, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'error' });
  project.provide('rendererDir', outDir);
  const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-demo-templates-'));
  project.provide('demoTemplateDir', templates);
  return () => fs.rmSync(templates, { recursive: true, force: true });
}
