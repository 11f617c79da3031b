// Finds the Electron executable the way electron/index.js does, without loading it:
// loading it would try to download the binary, which an offline machine cannot.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export function electronBinaryOrNull() {
  let dir;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathTxt = path.join(dir, 'path.txt');
  const rel = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? path.join(override, rel || 'electron') : rel ? path.join(dir, 'dist', rel) : null;
  return exe && fs.existsSync(exe) ? exe : null;
}
