import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/tmp';

const FORBIDDEN = /^(electron|react|react-dom|ag-grid-.*|@ag-grid-community\/.*|@testing-library\/.*|jsdom|playwright-core)(\/.*)?$/;
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!).filter(Boolean);
}

describe('the domain core stays pure Node', () => {
  for (const area of ['main/core', 'shared']) {
    it(`${area} imports no electron, React or UI library, and reaches no module outside the core and shared/`, () => {
      const offences: string[] = [];
      for (const file of sourceFiles(path.join(repoRoot, area))) {
        for (const spec of importsOf(file)) {
          const rel = path.relative(repoRoot, file);
          if (FORBIDDEN.test(spec)) offences.push(`${rel} → ${spec}`);
          if (spec.startsWith('.')) {
            const target = path.relative(repoRoot, path.resolve(path.dirname(file), spec));
            if (!target.startsWith('main/core') && !target.startsWith('shared')) offences.push(`${rel} → ${target}`);
          }
          if (area === 'shared' && spec.startsWith('node:')) offences.push(`${rel} → ${spec}（shared/ 也在渲染进程运行）`);
        }
      }
      expect(offences).toEqual([]);
    });
  }

  it('type-checks without DOM types (tsconfig.core.json has lib ES2023 only)', () => {
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'tsconfig.core.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
