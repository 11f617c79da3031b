import path from 'node:path';

/** Where a worker's code is: bundled beside main.cjs in the app, the TypeScript source (through tsx) otherwise. */
export function workerScript(bundled: string, source: string): { file: string | URL; entry?: string } {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) return { file: path.join(path.dirname(__filename), bundled) };
  return { file: new URL('./tsWorkerBoot.mjs', import.meta.url), entry: new URL(source, import.meta.url).href };
}
