import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

const made: string[] = [];

/** A fresh folder removed after the test. */
export function tmpDir(prefix = 'bluesky-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  while (made.length) fs.rmSync(made.pop()!, { recursive: true, force: true });
});

const suite: string[] = [];

/** A folder shared by the tests of a file (made in beforeAll), removed after the last of them. */
export function suiteDir(prefix = 'bluesky-suite-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  suite.push(dir);
  return dir;
}

afterAll(() => {
  while (suite.length) fs.rmSync(suite.pop()!, { recursive: true, force: true });
});

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const seedsDir = path.join(repoRoot, 'seeds');
export const migrationsDir = path.join(repoRoot, 'main', 'core', 'db', 'migrations');

/** A writable copy of seeds/ and the migrations, for tests that break or extend them. */
export function copyResources(): { seedsDir: string; migrationsDir: string } {
  const dir = tmpDir('bluesky-res-');
  const s = path.join(dir, 'seeds');
  const m = path.join(dir, 'migrations');
  fs.cpSync(seedsDir, s, { recursive: true });
  fs.cpSync(migrationsDir, m, { recursive: true });
  return { seedsDir: s, migrationsDir: m };
}
