import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workerRunner, type ImportRunner, type WorkerRunnerOptions } from '../../main/core/jobs/importRunner';
import { cancelFlag } from '../../main/core/jobs/importJob';
import { createApi } from '../../main/core/api';
import { xlsx } from '../fixtures/workbooks';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { imp, newWorkspace } from '../support/importHarness';
import { createWorkspaceSession } from '../../main/core/workspaceSession';
import { openWorkspace } from '../../main/core/workspace';
import { searchBacklog } from '../../main/core/db/repos/ledgerSearchRepo';
import * as hostile from '../fixtures/hostile';

const runners: ImportRunner[] = [];
/** A worker runner closed after the test: its worker may still be indexing for search when the test ends. */
function worker(file: string, opts?: WorkerRunnerOptions): ImportRunner {
  const r = workerRunner(file, opts);
  runners.push(r);
  return r;
}
afterEach(async () => {
  while (runners.length) await runners.pop()!.close?.();
});

describe('imports off the main thread', () => {
  it('runs in a worker thread on its own connection, reporting progress, and the result is in the workspace', async () => {
    const ws = newWorkspace();
    const bytes = await xlsx({ sheets: [{ name: 'S', titleRows: ['城区2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county: '城区', count: 12000, seed: 1, period: '2020-09' }) }] });
    const file = path.join(path.dirname(ws.file), '城区车辆.xlsx');
    fs.writeFileSync(file, bytes);
    const progress: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const results = await worker(ws.file).run(
      { files: [{ name: '城区车辆.xlsx', path: file }], dryRun: false, user: 'worker', at: '2020-10-08T01:00:00.000Z' },
      (p) => progress.push(p.stage),
    );
    clearInterval(timer);
    expect(results[0]).toMatchObject({ status: 'imported', rows: { total: 12000 } });
    expect(progress).toContain('check');
    expect(progress).toContain('write');
    // the main thread kept ticking while the worker parsed and wrote
    expect(ticks).toBeGreaterThan(20);
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM vehicle_rows').get() as { n: number }).n).toBe(12000);
  });

  it('between jobs it puts the imported rows into the search index, so a search later has nothing left to index', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '平定县', count: 3000, seed: 2, period: '2020-09' });
    const bytes = await xlsx({ sheets: [{ name: 'S', titleRows: ['平定县2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows }] });
    const runner = worker(ws.file);
    try {
      const [r] = await runner.run({ files: [{ name: '平定县车辆.xlsx', bytes }], dryRun: false, user: 'worker', at: '2020-10-08T01:00:00.000Z' });
      expect(r).toMatchObject({ status: 'imported', rows: { total: 3000 } });
      // no search is made here: the idle worker empties the list on its own
      await expect.poll(() => searchBacklog(ws.db), { timeout: 60_000, interval: 100 }).toEqual([]);
      expect(ws.db.prepare('SELECT COUNT(*) AS n FROM ledger_search').get()).toEqual({ n: 3000 });
      // and after the next job, its rows too
      const more = await xlsx({ sheets: [{ name: 'S', titleRows: ['盂县2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county: '盂县', count: 500, seed: 3, period: '2020-09' }) }] });
      const [next] = await runner.run({ files: [{ name: '盂县车辆.xlsx', bytes: more }], dryRun: false, user: 'worker', at: '2020-10-08T02:00:00.000Z' });
      expect(next).toMatchObject({ status: 'imported', rows: { total: 500 } });
      await expect.poll(() => searchBacklog(ws.db), { timeout: 60_000, interval: 100 }).toEqual([]);
      expect(ws.db.prepare('SELECT COUNT(*) AS n FROM ledger_search').get()).toEqual({ n: 3500 });
    } finally {
      await runner.close?.();
    }
  });

  it('rows the CLI imported are indexed in the background once the app opens the workspace, before any search', async () => {
    const ws = newWorkspace();
    const rows = vehicleRows({ county: '郊区', count: 2000, seed: 5, period: '2020-09' });
    const bytes = await xlsx({ sheets: [{ name: 'S', titleRows: ['郊区2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows }] });
    // as the CLI does it: in the calling thread, no worker to index afterwards
    imp(ws, '郊区车辆.xlsx', bytes, { unit: '郊区', period: '2020-09' });
    expect(searchBacklog(ws.db)).toHaveLength(1);
    const runner = worker(ws.file);
    const session = createWorkspaceSession({
      workspace: ws,
      context: (w) => ({ db: w.db, file: w.file, clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员', runner }),
      reopen: (f) => openWorkspace(f),
    });
    try {
      await expect.poll(() => searchBacklog(ws.db), { timeout: 60_000, interval: 100 }).toEqual([]);
      expect(ws.db.prepare('SELECT COUNT(*) AS n FROM ledger_search').get()).toEqual({ n: 2000 });
      const found = await session.api['ledgers.search']({ query: rows[1500]![2] as string, limit: 10 });
      expect(found.rows.map((r) => r.unit)).toEqual(['郊区']);
    } finally {
      await runner.close?.();
    }
  });

  it('runs one job at a time and reports a refused file like the inline runner', async () => {
    const ws = newWorkspace();
    const runner = worker(ws.file);
    const [a, b] = await Promise.all([
      runner.run({ files: [{ name: 'x.xlsx', bytes: new Uint8Array([1, 2, 3]) }], dryRun: true, user: 'w', at: new Date().toISOString() }),
      runner.run({ files: [{ name: 'missing.xlsx', path: '/nonexistent/missing.xlsx' }], dryRun: true, user: 'w', at: new Date().toISOString() }),
    ]);
    expect(a[0]).toMatchObject({ status: 'refused', error: { code: 'unreadable' } });
    expect(b[0]).toMatchObject({ status: 'refused', error: { code: 'unreadable', message: '找不到文件“/nonexistent/missing.xlsx”。' } });
  });
});

describe('a file that would hang or exhaust the import worker costs that file only', () => {
  const at = '2020-10-08T01:00:00.000Z';
  async function ledger(county: string, count: number): Promise<Buffer> {
    return xlsx({ sheets: [{ name: 'S', titleRows: [`${county}2020年9月车辆淘汰台账`], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county, count, seed: 4, period: '2020-09' }) }] });
  }

  it('past its time bound a file is refused, the job goes on to its next file, and the next job runs', async () => {
    const ws = newWorkspace();
    const runner = worker(ws.file);
    const a = { name: '城区车辆.xlsx', bytes: await ledger('城区', 2000) };
    const b = { name: '郊区车辆.xlsx', bytes: await ledger('郊区', 2000) };
    // a 1 ms bound: no file can be read in it, so both are stopped by it, one after the other
    const stopped = await runner.run({ files: [a, b], dryRun: false, user: 'w', at, timeLimitMs: 1 });
    expect(stopped.map((r) => [r.file, r.status, r.error?.message.includes('无法在限定时间（1 秒）内读取')])).toEqual([
      ['城区车辆.xlsx', 'refused', true],
      ['郊区车辆.xlsx', 'refused', true],
    ]);
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM vehicle_rows').get() as { n: number }).n).toBe(0);
    const [ok] = await runner.run({ files: [a], dryRun: false, user: 'w', at });
    expect(ok).toMatchObject({ status: 'imported', rows: { total: 2000 } });
  });

  it('a worker that runs out of memory on a file: that file is refused, and a fresh worker imports the files after it', async () => {
    const ws = newWorkspace();
    // a small heap, so 5,890,000 cells exhaust it where a real PC's would hold them
    const runner = worker(ws.file, { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const good = { name: '城区车辆.xlsx', bytes: await ledger('城区', 50) };
    const results = await runner.run({ files: [good, { name: '大表.xlsx', bytes: hostile.manyCells(190_000, 31) }, { ...good, name: '城区车辆（副本）.xlsx' }], dryRun: true, user: 'w', at });
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['城区车辆.xlsx', 'checked'],
      ['大表.xlsx', 'refused'],
      ['城区车辆（副本）.xlsx', 'checked'],
    ]);
    expect(results[1]!.error).toEqual({ code: 'unreadable', message: expect.stringContaining('读取文件“大表.xlsx”时导入进程意外停止（内存耗尽），该文件未导入') });
  });
});

describe('a batch from the import page', () => {
  const at = '2020-10-08T01:00:00.000Z';
  const ledger = (county: string, count: number, seed: number) =>
    xlsx({ sheets: [{ name: 'S', titleRows: [`${county}2020年9月车辆淘汰台账`], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county, count, seed, period: '2020-09' }) }] });

  it('cancelled while its first file is read: that file lands whole, the files not begun come back cancelled and unwritten', async () => {
    const ws = newWorkspace();
    const runner = worker(ws.file);
    const files = [
      { name: '城区车辆.xlsx', bytes: await ledger('城区', 10000, 1) },
      { name: '矿区车辆.xlsx', bytes: await ledger('矿区', 300, 2) },
      { name: '郊区车辆.xlsx', bytes: await ledger('郊区', 300, 3) },
    ];
    const cancel = cancelFlag();
    const results = await runner.run({ files, dryRun: false, user: 'w', at, cancel }, (p) => {
      if (p.index === 0 && p.stage === 'read') Atomics.store(cancel, 0, 1);
    });
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['城区车辆.xlsx', 'imported'],
      ['矿区车辆.xlsx', 'cancelled'],
      ['郊区车辆.xlsx', 'cancelled'],
    ]);
    expect(results[1]!.error?.message).toBe('已取消：“矿区车辆.xlsx”没有导入，仍可再导入。');
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM vehicle_rows').get() as { n: number }).n).toBe(10000);
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n).toBe(1);
    // the same worker takes the next job
    const [again] = await runner.run({ files: [files[1]!], dryRun: false, user: 'w', at });
    expect(again).toMatchObject({ status: 'imported', rows: { total: 300 } });
  });

  it('carries each file’s own corrections, and backs the workspace up once for the whole batch', async () => {
    const ws = newWorkspace();
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date(at) }, user: '分析员', runner: worker(ws.file) });
    // the second file's title says September; the analyst knows it is October's return and set that on the page
    const { submissions } = await api['imports.run']({
      files: [
        { name: '城区车辆.xlsx', base64: Buffer.from(await ledger('城区', 40, 4)).toString('base64') },
        { name: '矿区车辆.xlsx', base64: Buffer.from(await ledger('矿区', 40, 5)).toString('base64'), overrides: { period: '2020-10' } },
      ],
    });
    expect(submissions.map((r) => [r.file, r.status, r.submitter, r.period])).toEqual([
      ['城区车辆.xlsx', 'imported', '城区', '2020-09'],
      ['矿区车辆.xlsx', 'imported', '矿区', '2020-10'],
    ]);
    const backups = fs.readdirSync(path.join(path.dirname(ws.file), '备份'));
    expect(backups.filter((f) => f.includes('导入前'))).toHaveLength(1);
  });
});
