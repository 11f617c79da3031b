import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

// End-to-end tests run against a fresh production build of the renderer, never a stale dist/.
export default async function setup(project: TestProject): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const outDir = path.join(root, 'test-output', 'renderer');
  await build({ configFile: path.join(root, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'error' });
  project.provide('rendererDir', outDir);
}
