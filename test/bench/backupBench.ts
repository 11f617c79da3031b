// `npx tsx test/bench/backupBench.ts [--rows N]` — not part of `npm test`.
// What the automatic backup adds to an import batch: imports a 100,000-row vehicle ledger into a fresh workspace,
// then times the copy made before the next batch (online backup) and the one made before a migration (VACUUM INTO).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from '../../main/core/workspace';
import { importFile } from '../../main/core/importer/importFile';
import { backupWorkspace, backupWorkspaceSync } from '../../main/core/backup/backupWorkspace';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const ROWS = Number(args.rows);
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-backup-bench-'));
  try {
    const title = '盂县2020年9月国三及以下营运柴油货车淘汰台账';
    const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: [title], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county: '盂县', count: ROWS, seed: 2020, period: '2020-09' }) }] });
    const ws = openWorkspace(path.join(dir, 'ws.sqlite'), { create: true });
    let t = performance.now();
    const r = importFile(ws.db, { fileName: `${title}.xlsx`, bytes }, { user: 'bench', now: new Date('2020-10-08T01:00:00Z') });
    const importMs = performance.now() - t;
    if (r.status !== 'imported') throw new Error(`import ${r.status}`);
    const size = fs.statSync(ws.file).size + (fs.existsSync(`${ws.file}-wal`) ? fs.statSync(`${ws.file}-wal`).size : 0);
    console.log(`workspace: ${ROWS} rows, ${mb(size)} (file + WAL); import ${(importMs / 1000).toFixed(2)} s`);
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const b = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'import', now: new Date(Date.UTC(2020, 9, 8, 2, i)) }))!;
      const onlineMs = performance.now() - t;
      t = performance.now();
      backupWorkspaceSync({ db: ws.db, workspace: ws.file, reason: 'migration', now: new Date(Date.UTC(2020, 9, 8, 3, i)) });
      const vacuumMs = performance.now() - t;
      console.log(`run ${i + 1}: online backup ${onlineMs.toFixed(0)} ms (${mb(b.size)}, ${((onlineMs / importMs) * 100).toFixed(1)}% of the import); VACUUM INTO ${vacuumMs.toFixed(0)} ms`);
    }
    ws.db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
