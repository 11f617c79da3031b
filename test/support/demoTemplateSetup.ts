// globalSetup of the node and e2e projects: a folder for this run's demo workspace templates
// (test/support/demoWorkspace.ts), removed when the run ends, so no run reuses another's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-demo-templates-'));
  project.provide('demoTemplateDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
