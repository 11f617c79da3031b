import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders the core reads at run time. The packaged app passes them (Electron's resourcesPath); elsewhere they are found next to the code. */
export interface Resources {
  seedsDir: string;
  migrationsDir: string;
}

function here(): string {
  // import.meta.url is empty in the CommonJS bundle for Electron; __filename exists there instead.
  if (typeof __filename === 'string' && __filename) return path.dirname(__filename);
  return path.dirname(fileURLToPath(import.meta.url));
}

function findUp(start: string, probe: string): string | null {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, probe))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

let cached: Resources | null = null;

export function defaultResources(): Resources {
  if (cached) return cached;
  const fromEnv = process.env.BLUESKY_RESOURCES;
  if (fromEnv) {
    cached = { seedsDir: path.join(fromEnv, 'seeds'), migrationsDir: path.join(fromEnv, 'migrations') };
    return cached;
  }
  const root = findUp(here(), path.join('seeds', 'plan.json'));
  if (!root) throw new Error(`找不到方案数据目录 seeds/（从 ${here()} 向上查找）。`);
  cached = { seedsDir: path.join(root, 'seeds'), migrationsDir: path.join(root, 'main', 'core', 'db', 'migrations') };
  return cached;
}
