import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './tmp';

/**
 * The CLI bundled into one CommonJS file, as a separate process starts it without compiling TypeScript: tests
 * that kill or race real processes need each one up in a fraction of a second. Built under test-output/ so the
 * bundle finds seeds/ and the migrations the way the installed program does. Returns the bundle and a cleanup.
 */
export async function bundleCli(): Promise<{ file: string; remove: () => void }> {
  fs.mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, 'test-output', 'cli-'));
  // readable by another user too: the permission tests run it as one
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  const file = path.join(dir, 'bluesky.cjs');
  await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    logOverride: { 'empty-import-meta': 'silent' },
    entryPoints: [path.join(repoRoot, 'main', 'cli', 'index.ts')],
    outfile: file,
    external: ['better-sqlite3', '@resvg/resvg-js', 'playwright-core'],
  });
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `bluesky ARGS` from the bundle; `done` settles when the process has exited, however. */
export function startCli(bundle: string, args: string[], cwd: string, as?: { uid: number; gid: number }): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [bundle, ...args], { cwd, env: { ...process.env, INIT_CWD: cwd }, stdio: ['ignore', 'pipe', 'pipe'], ...(as ?? {}) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}
