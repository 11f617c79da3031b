// `npm run web` builds the renderer only when its sources changed since the last build: a fingerprint of every
// file the bundle is made from is kept beside it, so a second start takes no build at all.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'renderer');
const stamp = path.join(outDir, '.sources.sha256');
const inputs = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json'];

function files(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [p];
  return fs.readdirSync(full).sort().flatMap((name) => files(path.join(p, name)));
}

const hash = crypto.createHash('sha256');
for (const f of inputs.flatMap(files)) {
  hash.update(`${f.split(path.sep).join('/')}\0`);
  hash.update(fs.readFileSync(path.join(root, f)));
}
const fingerprint = hash.digest('hex');
const built = fs.existsSync(path.join(outDir, 'index.html')) && fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';

if (built === fingerprint && !process.argv.includes('--force')) {
  console.log('界面未改动，沿用上次构建（dist/renderer）。');
} else {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, `${fingerprint}\n`);
}
