import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerRunner } from '../../main/core/jobs/importRunner';
import { xlsx } from '../fixtures/workbooks';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { newWorkspace } from '../support/importHarness';

describe('imports off the main thread', () => {
  it('runs in a worker thread on its own connection, reporting progress, and the result is in the workspace', async () => {
    const ws = newWorkspace();
    const bytes = await xlsx({ sheets: [{ name: 'S', titleRows: ['城区2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county: '城区', count: 12000, seed: 1, period: '2020-09' }) }] });
    const file = path.join(path.dirname(ws.file), '城区车辆.xlsx');
    fs.writeFileSync(file, bytes);
    const progress: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const results = await workerRunner(ws.file).run(
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

  it('runs one job at a time and reports a refused file like the inline runner', async () => {
    const ws = newWorkspace();
    const runner = workerRunner(ws.file);
    const [a, b] = await Promise.all([
      runner.run({ files: [{ name: 'x.xlsx', bytes: new Uint8Array([1, 2, 3]) }], dryRun: true, user: 'w', at: new Date().toISOString() }),
      runner.run({ files: [{ name: 'missing.xlsx', path: '/nonexistent/missing.xlsx' }], dryRun: true, user: 'w', at: new Date().toISOString() }),
    ]);
    expect(a[0]).toMatchObject({ status: 'refused', error: { code: 'unreadable' } });
    expect(b[0]).toMatchObject({ status: 'refused', error: { code: 'unreadable', message: '找不到文件“/nonexistent/missing.xlsx”。' } });
  });
});
