// One measured step of `npm run bench:import`: SheetJS parsing the same file and nothing else.
// `importer`: the options main/core/importer/workbookReader.ts passes; `default`: SheetJS's defaults, for reference.
// Plain JavaScript run by plain node, so its start-up is SheetJS's own and not a TypeScript compiler's.
import fs from 'node:fs';
import * as XLSX from 'xlsx';

const [file, mode] = process.argv.slice(2);
if (!file || (mode !== 'importer' && mode !== 'default')) throw new Error('usage: sheetjsChild.mjs <file.xlsx> importer|default');

const t0 = performance.now();
const bytes = fs.readFileSync(file);
const wb =
  mode === 'importer'
    ? XLSX.read(bytes, { type: 'buffer', dense: true, cellNF: true, cellHTML: false, cellText: false, cellStyles: true, sheetStubs: false })
    : XLSX.read(bytes, { type: 'buffer' });
const ms = performance.now() - t0;

const ws = wb.Sheets[wb.SheetNames[0]];
const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
console.log(JSON.stringify({ step: `sheetjs-${mode}`, ms, maxRssKb: process.resourceUsage().maxRSS, sheetRows: range.e.r + 1 }));
