import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { createApi } from '../../main/core/api';
import { workerRunner } from '../../main/core/jobs/importRunner';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { bundleCli, startCli } from '../support/cliBundle';
import { suiteDir } from '../support/tmp';

// Two writers at once: a second CLI, or the CLI beside the open app, must wait its turn and land — never
// "database is locked" — and one file imported twice at the same moment lands once.

let bundle: { file: string; remove: () => void };
let dir: string;
const ROWS = 20_000;

async function ledger(county: string, seed: number): Promise<string> {
  const title = `${county}2020年9月国三及以下营运柴油货车淘汰台账`;
  const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: [title], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county, count: ROWS, seed, period: '2020-09' }) }] });
  const file = path.join(dir, `${title}.xlsx`);
  fs.writeFileSync(file, bytes);
  return file;
}

function freshWorkspace(name: string): string {
  const file = path.join(dir, name);
  openWorkspace(file, { create: true }).db.close();
  return file;
}

function counts(file: string): { submissions: number; rows: number; integrity: string } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      submissions: (db.prepare('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n,
      rows: (db.prepare('SELECT COUNT(*) AS n FROM vehicle_rows').get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

let yu: string;
let pd: string;

beforeAll(async () => {
  dir = suiteDir('bluesky-writers-');
  [bundle, yu, pd] = await Promise.all([bundleCli(), ledger('盂县', 11), ledger('平定县', 12)]);
}, 120_000);

afterAll(() => bundle?.remove());

describe('two writers on one workspace', () => {
  it('two CLI imports at once both land, the second after the first', async () => {
    const ws = freshWorkspace('two-cli.sqlite');
    const a = startCli(bundle.file, ['import', yu, '--db', ws, '--json'], dir);
    const b = startCli(bundle.file, ['import', pd, '--db', ws, '--json'], dir);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.stderr).toBe('');
    expect(rb.stderr).toBe('');
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(JSON.parse(ra.stdout).submissions[0]).toMatchObject({ status: 'imported', submitter: '盂县' });
    expect(JSON.parse(rb.stdout).submissions[0]).toMatchObject({ status: 'imported', submitter: '平定县' });
    expect(counts(ws)).toEqual({ submissions: 2, rows: 2 * ROWS, integrity: 'ok' });
  });

  it('one file imported twice at the same moment lands once; the other says it is already in', async () => {
    const ws = freshWorkspace('same-file.sqlite');
    const runs = await Promise.all([0, 1, 2].map(() => startCli(bundle.file, ['import', yu, '--db', ws, '--json'], dir).done));
    const statuses = runs
      .map((r) => JSON.parse(r.stdout) as { submissions?: { status: string }[]; error?: unknown })
      .map((out) => (expect(out.error, JSON.stringify(out.error)).toBeUndefined(), out.submissions![0]!.status))
      .sort();
    expect(statuses).toEqual(['duplicate_file', 'duplicate_file', 'imported']);
    expect(counts(ws)).toEqual({ submissions: 1, rows: ROWS, integrity: 'ok' });
  });

  it('the CLI imports while the app has the workspace open and imports in its worker', async () => {
    const wsFile = freshWorkspace('with-app.sqlite');
    // the app's side: its own connection on the window's thread, imports in a worker thread
    const app = openWorkspace(wsFile, { busyTimeoutMs: 20_000 });
    const runner = workerRunner(app.file);
    try {
      const api = createApi({ db: app.db, file: app.file, clock: { now: () => new Date() }, user: '分析员', runner });
      const cli = startCli(bundle.file, ['import', pd, '--db', wsFile, '--json'], dir);
      const inApp = api['imports.run']({ files: [{ name: path.basename(yu), path: yu }] });
      const [fromCli, fromApp] = await Promise.all([cli.done, inApp]);
      expect(fromCli.stderr).toBe('');
      expect(JSON.parse(fromCli.stdout).submissions[0].status).toBe('imported');
      expect(fromApp.submissions[0]!.status).toBe('imported');
      // the window's own connection sees both, and can still write (a user alias) afterwards
      expect((await api['submissions.list']({})).map((s) => s.submitter).sort()).toEqual(['平定县', '盂县'].sort());
    } finally {
      await runner.close?.();
      app.db.close();
    }
    expect(counts(wsFile)).toEqual({ submissions: 2, rows: 2 * ROWS, integrity: 'ok' });
  });

  it('a writer that waited too long says so in Chinese and writes nothing', async () => {
    const wsFile = freshWorkspace('busy.sqlite');
    const holder = new Database(wsFile);
    holder.prepare('BEGIN IMMEDIATE').run();
    const ws = openWorkspace(wsFile, { busyTimeoutMs: 300 });
    try {
      const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date() }, user: '分析员' });
      await expect(api['imports.run']({ files: [{ name: path.basename(yu), path: yu }] })).rejects.toMatchObject({
        code: 'workspace_busy',
        message: expect.stringMatching(/^工作区正被另一项操作写入.*没有写入任何内容/),
      });
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
      ws.db.close();
    }
    expect(counts(wsFile)).toMatchObject({ submissions: 0, rows: 0 });
  });
});
