// One measured step of `npm run bench:import`: imports the ledger into a fresh workspace and prints one JSON line.
// Run as `node --import tsx test/bench/importChild.ts <file.xlsx> <workspace.sqlite>`; the parent adds --cpu-prof when profiling.
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../../main/core/workspace';
import { importFile } from '../../main/core/importer/importFile';
import { indexSearchBacklog } from '../../main/core/ledgers/searchBacklog';

const [file, wsFile] = process.argv.slice(2);
if (!file || !wsFile) throw new Error('usage: importChild.ts <file.xlsx> <workspace.sqlite>');

const ws = openWorkspace(wsFile, { create: true }); // not timed
const rssBeforeKb = process.resourceUsage().maxRSS;

const t0 = performance.now();
const bytes = fs.readFileSync(file);
const result = importFile(ws.db, { fileName: path.basename(file), bytes }, { user: 'bench', now: new Date() });
const ms = performance.now() - t0;

// the search index, built after the import (by the app's idle import worker, or the next search): not part of ms
const t1 = performance.now();
indexSearchBacklog(ws.db);
const searchIndexMs = performance.now() - t1;

ws.db.close();
console.log(
  JSON.stringify({
    step: 'import',
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    rssBeforeKb,
    status: result.status,
    rows: result.rows,
    findings: result.findings.length,
    searchIndexMs,
    error: result.error ?? null,
  }),
);
