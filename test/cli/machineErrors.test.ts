import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../main/core/api';
import { demoWorkspace } from '../support/demoWorkspace';
import { machineError } from '../../main/core/machineErrors';
import { openWorkspace } from '../../main/core/workspace';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { cli } from '../support/cliHarness';
import { bundleCli, startCli } from '../support/cliBundle';
import { suiteDir, tmpDir } from '../support/tmp';

// What the machine says — a full disk, a read-only file or folder, an empty or foreign file given as the workspace —
// reaches the user as what it is, never as "不是工作台的工作区文件" or an internal error, and leaves files alone.

let bundle: { file: string; remove: () => void };
let dir: string;
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  dir = suiteDir('bluesky-machine-');
  fs.chmodSync(dir, 0o755); // the ordinary user the permission tests run as must reach it
  bundle = await bundleCli();
}, 60_000);

afterAll(() => bundle?.remove());

async function vehicleLedger(county: string, count: number): Promise<{ name: string; base64: string }> {
  const title = `${county}2020年9月国三及以下营运柴油货车淘汰台账`;
  const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: [title], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county, count, seed: count, period: '2020-09' }) }] });
  return { name: `${title}.xlsx`, base64: bytes.toString('base64') };
}

describe('a file given as the workspace', () => {
  it('an empty (0-byte) file is refused by a read command and stays empty', async () => {
    const file = path.join(tmpDir(), '空.sqlite');
    fs.writeFileSync(file, '');
    for (const args of [['summary', '--db', file, '--as-of', '2020-09-30'], ['report', 'list', '--db', file], ['plan', '--db', file]]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/是空文件（0 字节），不是工作区/);
    }
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('another program’s SQLite database is left byte for byte as it was, journal mode included', async () => {
    const file = path.join(tmpDir(), '其他程序.db');
    const other = new Database(file);
    other.exec(`CREATE TABLE t (x); INSERT INTO t VALUES (1);`);
    other.close();
    const before = sha(file);
    for (const args of [['summary', '--db', file, '--as-of', '2020-09-30'], ['import', 'x.xlsx', '--db', file], ['init', '--db', file]]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('是其他程序的 SQLite 数据库');
    }
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.readFileSync(file)[18]).toBe(1); // still a rollback-journal database, not switched to WAL
  });

  it('a file that is not a database at all is named as such, untouched', async () => {
    const file = path.join(tmpDir(), '台账.sqlite');
    fs.writeFileSync(file, 'PK\u0003\u0004 not a database, an Excel file renamed');
    const before = sha(file);
    const r = await cli(['summary', '--db', file, '--as-of', '2020-09-30']);
    expect(r.stderr).toMatch(/不是工作台的工作区文件（不是 SQLite 数据库/);
    expect(sha(file)).toBe(before);
  });
});

describe.skipIf(!asRoot && process.platform === 'win32')('read-only files and folders', () => {
  // as root every permission check passes, so the commands run as an ordinary user, as they would in an office
  const run = (args: string[], cwd: string) => (asRoot ? startCli(bundle.file, args, cwd, NOBODY).done : startCli(bundle.file, args, cwd).done);

  function workspaceIn(folder: string): string {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, '工作区.sqlite');
    openWorkspace(file, { create: true }).db.close();
    return file;
  }

  it('a read-only workspace file is said to be read-only, for reading commands too, before anything is read', async () => {
    const folder = path.join(dir, 'ro-file');
    const file = workspaceIn(folder);
    fs.chmodSync(folder, 0o777);
    fs.chmodSync(file, 0o444);
    const before = sha(file);
    for (const args of [['summary', '--db', file, '--as-of', '2020-09-30'], ['import', path.join(folder, 'x.xlsx'), '--db', file]]) {
      const r = await run(args, folder);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/工作区文件 .*工作区\.sqlite 是只读的/);
      expect(r.stderr).not.toMatch(/内部错误|不是工作台的工作区文件/);
    }
    expect(sha(file)).toBe(before);
  });

  it('a workspace in a folder the user cannot write says so about the folder', async () => {
    const folder = path.join(dir, 'ro-folder');
    const file = workspaceIn(folder);
    fs.chmodSync(file, 0o666);
    fs.chmodSync(folder, asRoot ? 0o755 : 0o555);
    try {
      const r = await run(['summary', '--db', file, '--as-of', '2020-09-30'], folder);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/工作区所在的文件夹 .*ro-folder 不可写/);
    } finally {
      fs.chmodSync(folder, 0o755);
    }
  });

  it('a ledger the user may not read is refused with that reason', async () => {
    const folder = path.join(dir, 'ro-ledger');
    const file = workspaceIn(folder);
    fs.chmodSync(folder, 0o777);
    fs.chmodSync(file, 0o666);
    const ledger = path.join(folder, '盂县锅炉台账.xlsx');
    fs.writeFileSync(ledger, 'x');
    fs.chmodSync(ledger, 0o000);
    const r = await run(['import', ledger, '--db', file, '--json'], folder);
    expect(r.stdout, r.stderr).not.toBe('');
    const out = JSON.parse(r.stdout) as { submissions: { status: string; error: { message: string } }[] };
    expect(out.submissions[0]!.status).toBe('refused');
    expect(out.submissions[0]!.error.message).toMatch(/盂县锅炉台账\.xlsx.*(权限|EACCES)/);
  });
});

describe('a full disk', () => {
  it('an import that fills the disk says the disk is full, writes nothing of that file, and names what a batch did land', async () => {
    const ws = demoWorkspace(path.join(tmpDir(), 'demo.sqlite'));
    try {
      const pages = ws.db.pragma('page_count', { simple: true }) as number;
      const small = await vehicleLedger('郊区', 50);
      const big = await vehicleLedger('盂县', 20_000);
      // room for the small file, not for the big one: SQLite stops at this page count as at a full disk
      ws.db.pragma(`max_page_count = ${pages + 200}`);
      const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date() }, user: '分析员' });
      const before = (await api['submissions.list']({ includeSuperseded: true })).length;
      const err = await Promise.resolve().then(() => api['imports.run']({ files: [small, big] })).then(
        () => null,
        (e: unknown) => e as { code: string; message: string; details: { committed: { file: string }[]; notCommitted: string[] } },
      );
      expect(err).toMatchObject({ code: 'disk_full' });
      expect(err!.message).toContain('磁盘空间已满');
      expect(err!.message).toContain(`已写入工作区（不需要重新导入）：“${small.name}”`);
      expect(err!.message).toContain(`未写入工作区（请稍后重新导入）：“${big.name}”`);
      expect(err!.details).toMatchObject({ committed: [{ file: small.name }], notCommitted: [big.name] });
      const after = await api['submissions.list']({ includeSuperseded: true });
      expect(after.length).toBe(before + 1);
      expect(after.some((s) => s.file === big.name)).toBe(false);
      expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      ws.db.close();
    }
  });

  it('a file written to a full disk is reported as a full disk', () => {
    let error: unknown = null;
    try {
      fs.writeFileSync('/dev/full', Buffer.alloc(4096));
    } catch (e) {
      error = e;
    }
    expect(machineError(error)).toMatchObject({ code: 'disk_full', message: expect.stringContaining('磁盘空间已满') });
  });
});

describe('an issued report always has its file', () => {
  it('when --out cannot be written, nothing is recorded as issued', async () => {
    const folder = tmpDir();
    const db = path.join(folder, 'demo.sqlite');
    demoWorkspace(db, { assessments: true }).db.close();
    fs.writeFileSync(path.join(folder, '通报'), 'a file where a folder should be');
    const r = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--out', '通报/九月.xlsx'], folder);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/路径.*不可用/);
    expect(r.stderr).not.toContain('内部错误');
    expect((await cli(['report', 'list', '--db', db, '--json'])).json()).toEqual([]);
    expect(fs.readdirSync(folder).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
