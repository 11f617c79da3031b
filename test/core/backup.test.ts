import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../main/core/api';
import { dispatch } from '../../main/core/dispatch';
import { openDatabase } from '../../main/core/db/connection';
import { readMigrations } from '../../main/core/db/migrate';
import { openWorkspace, APPLICATION_ID, type Workspace } from '../../main/core/workspace';
import { backupWorkspace } from '../../main/core/backup/backupWorkspace';
import { listBackups, pruneBackups } from '../../main/core/backup/backupFolder';
import { restoreWorkspace } from '../../main/core/backup/restoreWorkspace';
import { createWorkspaceSession } from '../../main/core/workspaceSession';
import type { ApiImpl } from '../../shared/api';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { imp } from '../support/importHarness';
import { copyResources, migrationsDir, tmpDir } from '../support/tmp';

const LATEST = readMigrations(migrationsDir).length;
/** 09:30 Beijing time on 15 October 2020, plus `min` minutes. */
const at = (min = 0) => new Date(Date.UTC(2020, 9, 15, 1, 30 + min));

async function boilerLedger(county: string, count: number, seed: number): Promise<Uint8Array> {
  return xlsx({ sheets: [{ name: 'Sheet1', titleRows: [`${county}2020年9月锅炉台账`], header: [...BOILER_HEADERS], rows: boilerRows({ county, count, seed, period: '2020-09' }) }] });
}

function count(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** Reads a copy without leaving anything beside it. */
function inspect(file: string): { rows: number; submissions: number; integrity: string; journal: string; appId: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      rows: count(db, 'boiler_rows'),
      submissions: count(db, 'submissions'),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      journal: db.pragma('journal_mode', { simple: true }) as string,
      appId: db.pragma('application_id', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

function workspaceIn(dir: string, name = '阳泉2020.sqlite'): Workspace {
  return openWorkspace(path.join(dir, name), { create: true });
}

function apiFor(ws: Workspace, now = at()): ApiImpl {
  return createApi({ db: ws.db, file: ws.file, clock: { now: () => now }, user: '测试分析员' });
}

describe('a backup is a consistent copy', () => {
  it('holds what was committed, even while another connection has uncommitted changes and the WAL is not yet folded in', async () => {
    const ws = workspaceIn(tmpDir());
    ws.db.pragma('wal_autocheckpoint = 0'); // committed pages stay in the WAL, as in a busy app
    imp(ws, '城区锅炉.xlsx', await boilerLedger('城区', 120, 1));
    const rows = count(ws.db, 'boiler_rows');
    expect(rows).toBe(120);
    expect(fs.statSync(`${ws.file}-wal`).size).toBeGreaterThan(0);

    // another writer (a second process, the import worker) is halfway through a change it has not committed
    const other = openDatabase(ws.file);
    other.exec('BEGIN IMMEDIATE');
    other.exec('DELETE FROM boiler_rows');
    other.exec(`INSERT INTO meta(key, value) VALUES ('half.done', 'yes')`);

    const made = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'manual', now: at() }))!;
    other.exec('ROLLBACK');
    other.close();

    expect(made.file).toBe(path.join(path.dirname(ws.file), '备份', '阳泉2020-20201015-093000-手动.sqlite'));
    expect(made).toMatchObject({ reason: 'manual', createdAt: '2020-10-15T01:30:00.000Z', schemaVersion: LATEST });
    // one file on its own: nothing left beside it, and it opens read-only anywhere
    expect(fs.readdirSync(path.dirname(made.file))).toEqual([made.name]);
    expect(inspect(made.file)).toEqual({ rows, submissions: 1, integrity: 'ok', journal: 'delete', appId: APPLICATION_ID });
    const copy = new Database(made.file, { readonly: true });
    expect(copy.prepare(`SELECT value FROM meta WHERE key = 'half.done'`).get()).toBeUndefined();
    copy.close();
    ws.db.close();
  });

  it('a workspace held only in memory is never backed up', async () => {
    const ws = openWorkspace(':memory:');
    expect(await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'import', now: at() })).toBeNull();
    const api = apiFor(ws);
    expect(await api['backups.list']({})).toEqual({ folder: null, backups: [] });
    ws.db.close();
  });
});

describe('the 备份 folder keeps the last N', () => {
  it('keeps the newest N copies of this workspace and touches nothing else in the folder', async () => {
    const dir = tmpDir();
    const ws = workspaceIn(dir);
    const api = apiFor(ws);
    const folder = path.join(dir, '备份');
    fs.mkdirSync(folder);
    // what else an office keeps there: notes, another workspace's backups, a file that only looks like ours
    const other = workspaceIn(dir, '晋中2020.sqlite');
    await backupWorkspace({ db: other.db, workspace: other.file, reason: 'manual', now: at(-600) });
    other.db.close();
    fs.writeFileSync(path.join(folder, '说明.txt'), '每月底刻盘一份');
    fs.writeFileSync(path.join(folder, '阳泉2020-20200101-080000-手动.sqlite'), '不是数据库，只是名字像');
    const foreign = new Database(path.join(folder, '阳泉2020-20200102-080000-导入前.sqlite'));
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();

    expect(await dispatch(api, 'workspaceSettings.set', { key: 'backupKeep', value: 3 })).toMatchObject({ ok: true, result: { backupKeep: 3 } });
    for (let i = 0; i < 5; i++) await backupWorkspace({ db: ws.db, workspace: ws.file, reason: i % 2 ? 'import' : 'issue', now: at(i * 10) });
    const names = listBackups(ws.file).map((b) => b.name);
    expect(names).toEqual(['阳泉2020-20201015-101000-印发前.sqlite', '阳泉2020-20201015-100000-导入前.sqlite', '阳泉2020-20201015-095000-印发前.sqlite']);
    expect(fs.readdirSync(folder).sort()).toEqual(
      [
        ...names,
        '说明.txt',
        '阳泉2020-20200101-080000-手动.sqlite',
        '阳泉2020-20200102-080000-导入前.sqlite',
        '晋中2020-20201014-233000-手动.sqlite',
      ].sort(),
    );

    // the clock went back (a machine whose date was wrong): the copy just made still stays
    const early = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'manual', now: new Date('2020-10-01T00:00:00Z') }))!;
    expect(listBackups(ws.file).map((b) => b.name)).toContain(early.name);
    expect(listBackups(ws.file)).toHaveLength(4);

    // two copies in the same second get different names
    const a = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'import', now: at(60) }))!;
    const b = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'import', now: at(60) }))!;
    expect([a.name, b.name]).toEqual(['阳泉2020-20201015-103000-导入前.sqlite', '阳泉2020-20201015-103000-导入前-2.sqlite']);
    expect(listBackups(ws.file)[0]!.name).toBe(b.name);
    ws.db.close();
  });

  it('copies started at the same moment, from several connections, never share a file: each is whole', async () => {
    const dir = tmpDir();
    const ws = workspaceIn(dir);
    imp(ws, '盂县2020年9月锅炉台账.xlsx', await boilerLedger('盂县', 300, 3));
    // a half-written copy another process is still filling holds its name
    const held = path.join(dir, '备份', '阳泉2020-20201015-093000-导入前.sqlite.part');
    fs.mkdirSync(path.dirname(held), { recursive: true });
    fs.writeFileSync(held, '');
    const others = [0, 1, 2].map(() => openWorkspace(ws.file));
    const made = await Promise.all([ws, ...others].map((w) => backupWorkspace({ db: w.db, workspace: w.file, reason: 'import', now: at() })));
    const names = made.map((m) => m!.name);
    expect(new Set(names).size).toBe(4);
    expect(names).not.toContain('阳泉2020-20201015-093000-导入前.sqlite');
    for (const m of made) expect(inspect(m!.file)).toMatchObject({ rows: 300, submissions: 1, integrity: 'ok' });
    expect(fs.readFileSync(held)).toHaveLength(0);
    for (const w of [ws, ...others]) w.db.close();
  });

  it('refuses a number of copies it cannot keep, in Chinese, and keeps the setting as it was', async () => {
    const ws = workspaceIn(tmpDir());
    const api = apiFor(ws);
    expect(await dispatch(api, 'workspaceSettings.get', {})).toMatchObject({ ok: true, result: { backupKeep: 20 } });
    const r = await dispatch(api, 'workspaceSettings.set', { key: 'backupKeep', value: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!r.ok && r.error.message).toContain('至少保留 1 份备份');
    expect(await dispatch(api, 'workspaceSettings.get', {})).toMatchObject({ ok: true, result: { backupKeep: 20 } });
    ws.db.close();
  });

  it('pruning with nothing to prune leaves the folder alone', () => {
    const dir = tmpDir();
    expect(pruneBackups(path.join(dir, 'ws.sqlite'), 1)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '备份'))).toBe(false);
  });
});

describe('automatic backups', () => {
  it('before each import batch, not before a check', async () => {
    const ws = workspaceIn(tmpDir());
    const api = apiFor(ws);
    const ledger = await boilerLedger('盂县', 30, 7);
    await api['imports.check']({ files: [{ name: '盂县锅炉.xlsx', base64: Buffer.from(ledger).toString('base64') }] });
    expect(listBackups(ws.file)).toEqual([]);
    const { submissions } = await api['imports.run']({ files: [{ name: '盂县锅炉.xlsx', base64: Buffer.from(ledger).toString('base64') }] });
    expect(submissions[0]!.status).toBe('imported');
    const [b] = listBackups(ws.file);
    expect(b).toMatchObject({ reason: 'import', name: '阳泉2020-20201015-093000-导入前.sqlite' });
    // the copy is the workspace as it was before the batch
    expect(inspect(b!.file)).toMatchObject({ rows: 0, submissions: 0, integrity: 'ok' });
    ws.db.close();
  });

  it('stops the batch, saying why, when the copy cannot be written', async () => {
    const dir = tmpDir();
    const ws = workspaceIn(dir);
    fs.writeFileSync(path.join(dir, '备份'), 'a file where the folder should be');
    const api = apiFor(ws);
    const r = await dispatch(api, 'imports.run', { files: [{ name: '盂县锅炉.xlsx', base64: Buffer.from(await boilerLedger('盂县', 5, 8)).toString('base64') }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'backup_failed' } });
    expect(!r.ok && r.error.message).toMatch(/^导入前备份工作区失败：.*本次导入没有进行/);
    expect(count(ws.db, 'submissions')).toBe(0);
    ws.db.close();
  });

  it('before a report is issued', async () => {
    const ws = workspaceIn(tmpDir());
    imp(ws, '盂县锅炉.xlsx', await boilerLedger('盂县', 20, 9));
    const api = apiFor(ws, new Date('2020-10-12T02:00:00Z'));
    await api['workspaceSettings.set']({ key: 'analyst', value: '王芳' });
    const issued = await api['reports.monthly']({ month: '2020-09' });
    const [b] = listBackups(ws.file);
    expect(b).toMatchObject({ reason: 'issue', name: '阳泉2020-20201012-100000-印发前.sqlite' });
    const copy = new Database(b!.file, { readonly: true });
    expect(count(copy, 'issued_reports')).toBe(0);
    copy.close();
    expect(count(ws.db, 'issued_reports')).toBe(1);
    expect(issued.report.id).toBeGreaterThan(0);
    ws.db.close();
  }, 60_000);

  it('before a migration, into the same folder, named for it', () => {
    const res = copyResources();
    const dir = tmpDir();
    const file = path.join(dir, '阳泉2020.sqlite');
    openWorkspace(file, { create: true, resources: res }).db.close();
    fs.writeFileSync(path.join(res.migrationsDir, `${String(LATEST + 1).padStart(4, '0')}_notes.sql`), 'CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT;');
    const ws = openWorkspace(file, { resources: res, now: () => at() });
    expect(ws.migration.backup).toBe(path.join(dir, '备份', '阳泉2020-20201015-093000-升级前.sqlite'));
    expect(listBackups(file)).toEqual([expect.objectContaining({ reason: 'migration', schemaVersion: LATEST })]);
    ws.db.close();
  });
});

describe('restoring a backup', () => {
  async function officeWorkspace() {
    const dir = tmpDir();
    const ws = workspaceIn(dir);
    imp(ws, '城区锅炉.xlsx', await boilerLedger('城区', 40, 11));
    const before = (await backupWorkspace({ db: ws.db, workspace: ws.file, reason: 'import', now: at() }))!;
    imp(ws, '郊区锅炉.xlsx', await boilerLedger('郊区', 25, 12));
    ws.db.close();
    return { dir, file: ws.file, before };
  }

  it('keeps the current workspace as a backup, then puts the copy in its place', async () => {
    const { file, before } = await officeWorkspace();
    fs.writeFileSync(`${file}-wal`, 'a stale log from a crash, which must not be replayed into the restored copy');
    const r = restoreWorkspace({ workspace: file, source: before.file, latestVersion: LATEST, now: at(30) });
    expect(r).toMatchObject({ workspace: file, from: before.file, schemaVersion: LATEST, keptDamaged: false, kept: { reason: 'restore', name: '阳泉2020-20201015-100000-恢复前.sqlite' } });
    expect(inspect(file)).toMatchObject({ rows: 40, submissions: 1, integrity: 'ok' });
    expect(inspect(r.kept!.file)).toMatchObject({ rows: 65, submissions: 2, integrity: 'ok' });
    expect(fs.existsSync(before.file)).toBe(true);
    // nothing of the swap is left beside the workspace
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['备份', '阳泉2020.sqlite']);
    const again = openWorkspace(file);
    expect(count(again.db, 'boiler_rows')).toBe(40);
    again.db.close();
  });

  it('refuses a missing file, a file that is not a workspace, a damaged one and a newer one, leaving the workspace byte for byte', async () => {
    const { dir, file, before } = await officeWorkspace();
    const bytes = fs.readFileSync(file);
    const copyWith = (name: string, edit: (b: Buffer) => Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, edit(Buffer.from(fs.readFileSync(before.file))));
      return p;
    };
    const foreign = path.join(dir, '客户名单.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES (1)');
    f.close();
    const newer = copyWith('新版本.sqlite', (b) => {
      b.writeUInt32BE(LATEST + 3, 60); // user_version, as a newer program leaves it
      return b;
    });
    const half = copyWith('半截.sqlite', (b) => b.subarray(0, Math.floor(b.length / 2)));
    const scribbled = copyWith('写坏.sqlite', (b) => {
      // the pages after the schema overwritten, as a failing USB stick leaves them
      for (let i = 8 * 4096; i < b.length - 4096; i += 97) b[i] = (b[i]! * 31 + 7) & 0xff;
      return b;
    });
    fs.writeFileSync(path.join(dir, '通报.sqlite'), '这不是数据库'.repeat(200));

    const cases: [string, RegExp][] = [
      [path.join(dir, '不存在.sqlite'), /找不到要恢复的文件 .*不存在\.sqlite/],
      [path.join(dir, '通报.sqlite'), /通报\.sqlite 不是 SQLite 数据库文件，不能用来恢复/],
      [foreign, /客户名单\.sqlite 是其他程序的 SQLite 数据库，不是工作台的工作区，不能用来恢复/],
      [newer, new RegExp(`新版本\\.sqlite 的数据库版本为 ${LATEST + 3}，高于本程序支持的版本 ${LATEST}.*请升级工作台`)],
      [half, /半截\.sqlite 已损坏.*不能用来恢复，当前工作区保持原样/],
      [scribbled, /写坏\.sqlite 已损坏.*不能用来恢复/],
    ];
    for (const [source, message] of cases) {
      expect(() => restoreWorkspace({ workspace: file, source, latestVersion: LATEST, now: at(30) }), path.basename(source)).toThrow(message);
      expect(fs.readFileSync(file).equals(bytes), path.basename(source)).toBe(true);
    }
    expect(listBackups(file).map((b) => b.reason)).toEqual(['import']);
    expect(fs.readdirSync(dir).filter((n) => n.includes('restoring'))).toEqual([]);
  });

  it('replaces a damaged workspace, keeping it byte for byte beside the other copies', async () => {
    const { file, before } = await officeWorkspace();
    const bytes = fs.readFileSync(file);
    // the schema page scribbled over after the header, as a failing disk leaves it: SQLite can no longer read it
    for (let i = 100; i < 4096; i++) bytes[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    expect(() => openWorkspace(file)).toThrow();
    const r = restoreWorkspace({ workspace: file, source: before.file, latestVersion: LATEST, now: at(30) });
    expect(r).toMatchObject({ keptDamaged: true, kept: { reason: 'restore' } });
    expect(fs.readFileSync(r.kept!.file).equals(bytes)).toBe(true);
    expect(inspect(file)).toMatchObject({ rows: 40, integrity: 'ok' });
    // and a restore from the damaged copy is refused
    expect(() => restoreWorkspace({ workspace: file, source: r.kept!.file, latestVersion: LATEST, now: at(40) })).toThrow(/已损坏/);
  });

  it('refuses while another program has the workspace open, and changes nothing', async () => {
    const { file, before } = await officeWorkspace();
    const app = openWorkspace(file);
    try {
      expect(() => restoreWorkspace({ workspace: file, source: before.file, latestVersion: LATEST, now: at(30) })).toThrow(/正被其他程序打开.*工作区保持原样/);
      expect(count(app.db, 'boiler_rows')).toBe(65);
      expect(listBackups(file).map((b) => b.reason)).toEqual(['import']);
    } finally {
      app.db.close();
    }
  });

  it('will not overwrite a file that is not a workspace', async () => {
    const { dir, before } = await officeWorkspace();
    const notes = path.join(dir, '台账说明.sqlite');
    const f = new Database(notes);
    f.exec('CREATE TABLE notes (text TEXT)');
    f.close();
    const bytes = fs.readFileSync(notes);
    expect(() => restoreWorkspace({ workspace: notes, source: before.file, latestVersion: LATEST, now: at() })).toThrow(/台账说明\.sqlite 不是工作台的工作区文件.*恢复不会覆盖它/);
    expect(fs.readFileSync(notes).equals(bytes)).toBe(true);
  });

  it('in the app: the open workspace is swapped and every later call sees the restored data', async () => {
    const { file, before } = await officeWorkspace();
    const session = createWorkspaceSession({
      workspace: openWorkspace(file),
      context: (ws) => ({ db: ws.db, file: ws.file, clock: { now: () => at(45) }, user: '测试分析员' }),
      reopen: (f) => openWorkspace(f),
    });
    try {
      expect((await session.api['submissions.list']({})).map((s) => s.file)).toEqual(['城区锅炉.xlsx', '郊区锅炉.xlsx']);
      const bad = await dispatch(session.api, 'backups.restore', { name: '没有这份.sqlite' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const r = await dispatch(session.api, 'backups.restore', { name: before.name });
      expect(r).toMatchObject({ ok: true, result: { kept: { reason: 'restore' } } });
      expect((await session.api['submissions.list']({})).map((s) => s.file)).toEqual(['城区锅炉.xlsx']);
      expect((await session.api['backups.list']({})).backups.map((b) => b.reason)).toEqual(['restore', 'import']);
      // and a refused file leaves the session working on the workspace as it was
      const text = path.join(path.dirname(file), '说明.txt');
      fs.writeFileSync(text, '不是工作区');
      const refused = await dispatch(session.api, 'backups.restore', { file: { name: '说明.txt', path: text } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_workspace' } });
      expect((await session.api['submissions.list']({})).map((s) => s.file)).toEqual(['城区锅炉.xlsx']);
    } finally {
      await session.close();
    }
  });
});
