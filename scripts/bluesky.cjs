// `npm run bluesky`: the CLI as one bundled file, built on first use and again whenever its sources change, so a
// command starts without compiling TypeScript. Libraries stay in node_modules and load only in the commands that
// use them (ExcelJS, docx and ECharts with a report, SheetJS with an .xls or .csv, playwright with a PDF).
// CommonJS, not an ES module: Node starts a CommonJS entry sooner, and every command pays for the launcher.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'cli');
const bundle = path.join(outDir, 'bluesky.cjs');
const stampFile = path.join(outDir, 'sources.txt');
// V8's compiled code for the bundle, kept between runs: compiling the 1 MB bundle is a fifth of a bare start
const cacheFile = path.join(outDir, 'bluesky.v8cache');

/** Every source file by path, size and modification time: cheap enough to check at each start. */
function fingerprint() {
  const hash = createHash('sha256');
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
  const self = fs.statSync(__filename);
  hash.update(`build\0${self.size}\0${self.mtimeMs}`);
  // and which Node runs it: a code cache from another V8 is of no use
  hash.update(`node\0${process.version}`);
  return hash.digest('hex');
}

/** Bundled into the CLI rather than required from node_modules at run time. */
const INLINE = new Set(['zod']);

function externalPackages() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => !INLINE.has(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

/** Writes a file whole or not at all: two commands started at once may both write it. */
function writeWhole(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function buildBundle() {
  const result = require('esbuild').buildSync({
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
  // the old code cache belongs to the old bundle (V8 itself checks little more than the source's length)
  fs.rmSync(cacheFile, { force: true });
  writeWhole(bundle, result.outputFiles[0].contents);
}

/**
 * Runs the bundle as Node's require would, but compiled with V8's code cache when there is one; without one (or
 * with one V8 turns down) the cache is written as the command ends, holding the functions this run compiled.
 */
function runBundle() {
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!/, '//');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // no importModuleDynamically: a script from the code cache loses it, so the sources load packages with require
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeWhole(cacheFile, script.createCachedData());
      } catch {
        // a read-only checkout starts without the cache, no slower than before
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(outDir);
  mod.loaded = true;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, outDir);
}

const current = fingerprint();
const built = fs.existsSync(bundle) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
if (built !== current) {
  // said only to a person at a terminal: scripts read stdout and stderr as the command's own
  if (process.stderr.isTTY) process.stderr.write('（命令行源码有改动，正在重新构建，约需几秒……）\n');
  buildBundle();
  fs.writeFileSync(stampFile, current);
}
runBundle();
