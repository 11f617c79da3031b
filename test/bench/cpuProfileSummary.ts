// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by function and by file, inclusive time of our
// own functions, and each sample charged to the nearest frame of our code (main/core, shared) unless SheetJS
// or better-sqlite3 sits between — so "ours" means time our functions spend beyond SheetJS's own parse.
// CLI: `npx tsx test/bench/cpuProfileSummary.ts <file.cpuprofile> [topN]`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** A short file label: main/core/importer/analyze.ts, xlsx, better-sqlite3, node:internal…, or (native). */
export function fileLabel(url: string): string {
  if (!url) return '(native)';
  let p = url;
  if (p.startsWith('file://')) p = fileURLToPath(p);
  if (p.startsWith(root + path.sep)) p = path.relative(root, p);
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
  if (nm) return nm[1] === '@e965/xlsx' || nm[1] === 'xlsx' ? 'xlsx (SheetJS)' : nm[1]!;
  if (p.startsWith('node:')) return p.startsWith('node:internal') ? 'node:internal' : p;
  return p;
}

// tsx compiles each .ts file to one line (minifyWhitespace, keepNames), so a profile's positions are columns of that
// line. Compiling the source again with the same esbuild options and reading its source map gives the .ts line back.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lineMaps = new Map<string, ((line: number, col: number) => number) | null>();

function decodeMappings(mappings: string): (line: number, col: number) => number {
  const lines: [number, number][][] = []; // per generated line: [generated column, source line]
  let srcLine = 0;
  for (const text of mappings.split(';')) {
    const segs: [number, number][] = [];
    let col = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0]!;
      if (vals.length >= 4) {
        srcLine += vals[2]!;
        segs.push([col, srcLine]);
      }
    }
    lines.push(segs);
  }
  return (line, col) => {
    let best = -1;
    for (const [c, l] of lines[line] ?? []) {
      if (c > col) break;
      best = l;
    }
    return best + 1;
  };
}

/** The 1-based .ts line of a profile position in one of our files, or 0 when it cannot be told. */
function sourceLine(url: string, line: number, col: number): number {
  if (!url.startsWith('file://') || !/\.[cm]?ts$/.test(url)) return line + 1;
  let map = lineMaps.get(url);
  if (map === undefined) {
    try {
      const file = fileURLToPath(url);
      const out = transformSync(fs.readFileSync(file, 'utf8'), {
        loader: 'ts', format: 'esm', target: `node${process.versions.node}`, sourcemap: 'external', minifyWhitespace: true, keepNames: true, sourcefile: file,
      });
      map = decodeMappings((JSON.parse(out.map) as { mappings: string }).mappings);
    } catch {
      map = null;
    }
    lineMaps.set(url, map);
  }
  return map ? map(line, col) : 0;
}

type Bucket = 'ours' | 'sheetjs' | 'sqlite' | 'other';
function bucketOf(label: string): Bucket {
  if (label.startsWith('main/') || label.startsWith('shared/')) return 'ours';
  if (label === 'xlsx (SheetJS)') return 'sheetjs';
  if (label === 'better-sqlite3') return 'sqlite';
  return 'other';
}

const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number, total: number) => ((100 * us) / total).toFixed(1).padStart(5) + '%';

export function summarize(profile: CpuProfile, topN = 25): string {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // sample i lasts until sample i+1 (the last until endTime)
  const dur = new Map<number, number>();
  let t = profile.startTime;
  const stamps = profile.timeDeltas.map((d) => (t += d));
  for (let i = 0; i < profile.samples.length; i++) {
    const next = i + 1 < stamps.length ? stamps[i + 1]! : profile.endTime;
    const id = profile.samples[i]!;
    dur.set(id, (dur.get(id) ?? 0) + Math.max(0, next - stamps[i]!));
  }
  const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${fileLabel(f.url)}${f.url ? ':' + sourceLine(f.url, f.lineNumber, f.columnNumber) : ''}`;
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  const incl = new Map<string, number>();
  const charged = new Map<string, number>(); // nearest frame of ours, or the library in between
  let total = 0;
  let idle = 0;
  for (const [id, us] of dur) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    self.set(key(f), (self.get(key(f)) ?? 0) + us);
    const fl = f.url ? fileLabel(f.url) : f.functionName.startsWith('(') ? f.functionName : '(native)';
    byFile.set(fl, (byFile.get(fl) ?? 0) + us);
    const seen = new Set<string>();
    let chargedTo: string | null = null;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      const b = bucketOf(fileLabel(cf.url));
      if (chargedTo === null && b !== 'other') chargedTo = b === 'ours' ? key(cf) : b === 'sheetjs' ? '[SheetJS internals]' : '[better-sqlite3 native]';
      if (b === 'ours' || b === 'sheetjs') {
        const k = b === 'ours' ? key(cf) : null;
        if (k && !seen.has(k)) {
          seen.add(k);
          incl.set(k, (incl.get(k) ?? 0) + us);
        }
      }
    }
    const c = chargedTo ?? (f.functionName.startsWith('(') ? f.functionName : '[other: node/tsx/startup]');
    charged.set(c, (charged.get(c) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines: string[] = [];
  lines.push(`CPU profile: ${(total / 1000).toFixed(0)} ms sampled (idle ${(idle / 1000).toFixed(0)} ms excluded)`);
  lines.push('', '-- self time by file --', '     ms      %  file');
  for (const [k, v] of top(byFile, 15)) lines.push(`${ms(v)} ${pct(v, total)}  ${k}`);
  lines.push('', `-- top ${topN} functions by self time --`, '     ms      %  function  file:line');
  for (const [k, v] of top(self, topN)) lines.push(`${ms(v)} ${pct(v, total)}  ${k}`);
  lines.push('', '-- self time charged to the nearest frame of our code, SheetJS or better-sqlite3 (builtins, regexps, native calls included) --', '     ms      %  function  file:line');
  for (const [k, v] of top(charged, topN)) lines.push(`${ms(v)} ${pct(v, total)}  ${k}`);
  lines.push('', '-- inclusive time of our functions --', '     ms      %  function  file:line');
  for (const [k, v] of top(incl, topN)) lines.push(`${ms(v)} ${pct(v, total)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpuProfileSummary.ts <file.cpuprofile> [topN]');
  console.log(summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, n ? Number(n) : 25));
}
