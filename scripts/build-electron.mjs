// Bundles the Electron main process and the sandboxed preload into CommonJS under dist/electron.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'electron'));
fs.mkdirSync(out, { recursive: true });
// a sandboxed preload cannot be an ES module; the root package.json says "type": "module"
fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');

// import.meta.url is only a fallback in core/resources.ts; __filename exists in the bundle
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: false, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };
await build({
  ...common,
  entryPoints: [path.join(root, 'main', 'electron', 'index.ts')],
  outfile: path.join(out, 'main.cjs'),
  // native modules stay in node_modules (unpacked from asar by electron-builder)
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
});
await build({
  ...common,
  // imports run in this worker thread, beside main.cjs
  entryPoints: [path.join(root, 'main', 'core', 'jobs', 'importWorker.ts')],
  outfile: path.join(out, 'import-worker.cjs'),
  external: ['better-sqlite3', '@resvg/resvg-js'],
});
await build({
  ...common,
  // monthly workbooks and dossiers are built in this worker thread
  entryPoints: [path.join(root, 'main', 'core', 'jobs', 'reportWorker.ts')],
  outfile: path.join(out, 'report-worker.cjs'),
  external: ['better-sqlite3', '@resvg/resvg-js'],
});
await build({
  ...common,
  platform: 'browser',
  entryPoints: [path.join(root, 'main', 'electron', 'preload.ts')],
  outfile: path.join(out, 'preload.cjs'),
  external: ['electron'],
});
console.log(`已构建 ${path.relative(root, out)}/main.cjs、import-worker.cjs、report-worker.cjs 和 preload.cjs`);
