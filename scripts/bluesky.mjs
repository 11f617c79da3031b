// `npm run bluesky`: the CLI as one bundled file, built on first use and again whenever its sources change, so a
// command starts without compiling TypeScript. Libraries stay in node_modules and load only in the commands that
// use them (ExcelJS, docx and ECharts with a report, SheetJS with an .xls or .csv, playwright with a PDF).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'cli');
const bundle = path.join(outDir, 'bluesky.cjs');
const stampFile = path.join(outDir, 'sources.txt');

/** Every source file by path, size and modification time: cheap enough to check at each start. */
function fingerprint() {
  const hash = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs|json)$/.test(e.name)) {
        const s = fs.statSync(p);
        hash.update(`${path.relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(root, 'main'));
  walk(path.join(root, 'shared'));
  const lock = fs.statSync(path.join(root, 'package-lock.json'));
  hash.update(`lock\0${lock.size}\0${lock.mtimeMs}`);
  // and how it is built: a change to the build options below builds the bundle again
  const self = fs.statSync(import.meta.filename);
  hash.update(`build\0${self.size}\0${self.mtimeMs}`);
  return hash.digest('hex');
}

/** Bundled into the CLI rather than required from node_modules at run time. */
const INLINE = new Set(['zod']);

function externalPackages() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => !INLINE.has(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

async function buildBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error',
    // import.meta.url is only a fallback where __filename is missing (core/resources.ts, importer/sheetJs.ts)
    logOverride: { 'empty-import-meta': 'silent' },
    entryPoints: [path.join(root, 'main', 'cli', 'index.ts')],
    outfile: bundle,
    // packages stay in node_modules, except the small pure-JS ones every start needs: one file loads faster than
    // the few dozen module files zod is made of
    external: externalPackages(),
    // a smaller file parses sooner at every start (about 20 ms of 250): no indentation, Chinese kept as UTF-8 rather
    // than \uXXXX escapes; names stay as written, so an internal error still names the function
    minifyWhitespace: true,
    charset: 'utf8',
  });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  // two commands started at once may both build: each writes its own file and renames it into place
  const tmp = `${bundle}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, bundle);
}

const current = fingerprint();
const built = fs.existsSync(bundle) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
if (built !== current) {
  // said only to a person at a terminal: scripts read stdout and stderr as the command's own
  if (process.stderr.isTTY) process.stderr.write('（命令行源码有改动，正在重新构建，约需几秒……）\n');
  await buildBundle();
  fs.writeFileSync(stampFile, current);
}
createRequire(import.meta.url)(bundle);
