import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openWorkspace } from '../../main/core/workspace';
import { syncPlan } from '../../main/core/plan/syncPlan';
import { loadSeeds } from '../../main/core/plan/loadSeeds';
import { readPlan } from '../../main/core/db/repos/planRepo';
import { addAlias } from '../../main/core/units/aliases';
import { resolveUnit } from '../../main/core/units/resolve';
import type { Db } from '../../main/core/db/connection';
import { copyResources, migrationsDir, seedsDir, tmpDir } from '../support/tmp';
import { readMigrations } from '../../main/core/db/migrate';
import { UNDO_0010, UNDO_0011 } from '../support/undoMigrations';
import { listPlanVersions, versionLabel } from '../../main/core/db/repos/planVersionsRepo';
import { importFile } from '../../main/core/importer/importFile';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';

const LATEST = readMigrations(migrationsDir).length;
const next = (n: number) => String(LATEST + n).padStart(4, '0');

function dump(db: Db): Record<string, unknown[]> {
  // a virtual table (the search index) is read through its shadow tables, which hold what it stores
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}

const fixedNow = () => new Date('2020-10-05T08:00:00Z');

describe('creating a workspace', () => {
  it('makes a WAL database with foreign keys on, stamped as a workstation workspace, holding the plan', () => {
    const file = path.join(tmpDir(), 'ws.sqlite');
    const ws = openWorkspace(file, { create: true });
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST);
    const plan = readPlan(ws.db);
    expect(plan.tasks).toHaveLength(22);
    const restoration = plan.tasks[13]!.targets.find((t) => t.id === 'T14-abandoned-mine-restoration')!;
    expect(restoration).toMatchObject({ value: 20000, measure: '亩', lead: ['市规划和自然资源局'], units: ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'] });
    ws.db.close();
  });

  it('lays a new workspace out in 8 KB pages, and leaves one made with 4 KB pages as it is, importing into it', async () => {
    const file = path.join(tmpDir(), 'ws.sqlite');
    const ws = openWorkspace(file, { create: true });
    expect(ws.db.pragma('page_size', { simple: true })).toBe(8192);
    ws.db.close();
    // a workspace from before: 4 KB pages (SQLite's default)
    const older = path.join(tmpDir(), 'older.sqlite');
    const raw = new Database(older);
    raw.pragma('journal_mode = WAL');
    raw.close();
    const old = openWorkspace(older, { create: true });
    expect(old.db.pragma('page_size', { simple: true })).toBe(4096);
    const bytes = await xlsx({ sheets: [{ name: '台账', titleRows: ['盂县2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 40, seed: 3, period: '2020-09' }) }] });
    const r = importFile(old.db, { fileName: '盂县锅炉台账.xlsx', bytes }, { user: 'test', now: fixedNow() });
    expect(r).toMatchObject({ status: 'imported', rows: { total: 40 } });
    expect(old.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(old.db.pragma('integrity_check', { simple: true })).toBe('ok');
    old.db.close();
  });

  it('gives the same plan read back from the database as the seeds hold', () => {
    const ws = openWorkspace(':memory:');
    const seeds = loadSeeds(seedsDir);
    const plan = readPlan(ws.db);
    expect(plan.tasks.map((t) => t.targets.map((x) => x.id))).toEqual(seeds.plan.tasks.map((t) => t.targets.map((x) => x.id)));
    expect(plan.goals.find((g) => g.id === 'G4-so2-annual')!.unitValues).toEqual({ 城区: 20, 矿区: 20, 郊区: 20, 平定县: 20, 盂县: 60, 开发区: 20 });
    expect(plan.provisions.map((p) => p.code)).toEqual(['四(一)', '四(二)', '四(三)', '四(四)', '四(五)', '四(六)', '四(七)']);
    ws.db.close();
  });

  it('opens from a second program while the one that created it still holds it open', () => {
    // the app has just made the workspace; the CLI opens it before anything was written back into the file
    const file = path.join(tmpDir(), 'ws.sqlite');
    const app = openWorkspace(file, { create: true });
    const cli = openWorkspace(file);
    expect(readPlan(cli.db).tasks).toHaveLength(22);
    cli.db.close();
    app.db.close();
  });

  it('refuses to open a path that does not exist unless asked to create it', () => {
    const file = path.join(tmpDir(), 'missing.sqlite');
    expect(() => openWorkspace(file)).toThrow(/工作区文件 .*missing\.sqlite 不存在/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('loading the plan is idempotent', () => {
  it('reopening the workspace changes nothing', () => {
    const file = path.join(tmpDir(), 'ws.sqlite');
    const first = openWorkspace(file, { create: true });
    const before = dump(first.db);
    first.db.close();
    const second = openWorkspace(file);
    expect(second.plan.changed).toBe(false);
    expect(second.migration).toMatchObject({ from: LATEST, to: LATEST, backup: null });
    expect(dump(second.db)).toEqual(before);
    second.db.close();
  });

  it('writing the same seeds again, even forced, leaves every row as it was', () => {
    const ws = openWorkspace(':memory:');
    const before = dump(ws.db);
    syncPlan(ws.db, loadSeeds(seedsDir), { force: true });
    expect(dump(ws.db)).toEqual(before);
    ws.db.close();
  });

  it('takes a changed plan in place, retires a vanished target and keeps the analyst’s aliases', () => {
    const res = copyResources();
    const file = path.join(tmpDir(), 'ws.sqlite');
    const ws = openWorkspace(file, { create: true, resources: res });
    addAlias(ws.db, '盂县政府办', '盂县', 'analyst', '2020-10-01T00:00:00Z');
    ws.db.close();

    const planFile = path.join(res.seedsDir, 'plan.json');
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    plan.tasks[2].targets[0].value = 150;
    plan.tasks[2].targets.splice(1, 1); // drop T03-refractory-governance
    fs.writeFileSync(planFile, JSON.stringify(plan));

    const again = openWorkspace(file, { resources: res });
    expect(again.plan).toMatchObject({ changed: true, retired: 1 });
    const view = readPlan(again.db);
    expect(view.tasks[2]!.targets.map((t) => [t.id, t.value])).toEqual([['T03-refractory-enterprises', 150]]);
    expect(again.db.prepare(`SELECT retired FROM targets WHERE id = 'T03-refractory-governance'`).get()).toEqual({ retired: 1 });
    expect(resolveUnit(again.db, '盂县政府办')).toBe('盂县');
    // the plan as it was stays as version 1, for what was saved against it
    const versions = listPlanVersions(again.db);
    expect(versions.map((v) => versionLabel(v.version, v.source))).toEqual(['原方案', '第2版（随程序更新）']);
    expect(view.version?.versionId).toBe(versions[1]!.id);
    const first = readPlan(again.db, versions[0]!.id);
    expect(first.tasks[2]!.targets.map((t) => [t.id, t.value])).toEqual([
      ['T03-refractory-enterprises', 160],
      ['T03-refractory-governance', null],
    ]);
    again.db.close();
  });
});

describe('migrations', () => {
  function addMigration(dir: string, name: string, sql: string) {
    fs.writeFileSync(path.join(dir, name), sql);
  }

  it('refuses a workspace made by a newer program, and leaves it alone', () => {
    const file = path.join(tmpDir(), 'ws.sqlite');
    openWorkspace(file, { create: true }).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    const bytes = fs.readFileSync(file);
    expect(() => openWorkspace(file)).toThrow(new RegExp(`数据库版本为 ${LATEST + 1}，高于本程序支持的版本 ${LATEST}.*请升级工作台`));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('copies an existing workspace aside before migrating it, then migrates in one step per file', () => {
    const res = copyResources();
    const dir = tmpDir();
    const file = path.join(dir, 'ws.sqlite');
    openWorkspace(file, { create: true, resources: res, now: fixedNow }).db.close();
    addMigration(res.migrationsDir, `${next(1)}_notes.sql`, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;');
    const ws = openWorkspace(file, { resources: res, now: fixedNow });
    expect(ws.migration).toMatchObject({ from: LATEST, to: LATEST + 1 });
    // into the 备份 folder beside it, named for the Beijing time and the reason
    expect(ws.migration.backup).toBe(path.join(dir, '备份', 'ws-20201005-160000-升级前.sqlite'));
    const backup = new Database(ws.migration.backup!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(LATEST);
    expect((backup.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number }).n).toBe(22);
    backup.close();
    expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    ws.db.close();
  });

  it('rolls a failing migration back completely', () => {
    const res = copyResources();
    const file = path.join(tmpDir(), 'ws.sqlite');
    openWorkspace(file, { create: true, resources: res }).db.close();
    addMigration(res.migrationsDir, `${next(1)}_broken.sql`, 'CREATE TABLE half (id INTEGER);\nINSERT INTO no_such_table VALUES (1);');
    expect(() => openWorkspace(file, { resources: res })).toThrow(new RegExp(`升级工作区数据库到版本 ${LATEST + 1}（broken）失败.*保持在版本 ${LATEST}，升级前的备份在 .*备份.*升级前\\.sqlite`));
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    raw.close();
  });

  it('refuses migration files with a gap in their numbers', () => {
    const res = copyResources();
    addMigration(res.migrationsDir, `${next(2)}_skip.sql`, 'SELECT 1;');
    expect(() => openWorkspace(':memory:', { resources: res })).toThrow(/迁移编号不连续/);
  });

  it('will not touch another program’s SQLite database or a file that is not a database', () => {
    const dir = tmpDir();
    const foreign = path.join(dir, 'other.sqlite');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE customers (id INTEGER)');
    raw.close();
    expect(() => openWorkspace(foreign)).toThrow(/其他程序的 SQLite 数据库/);
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, '这不是数据库'.repeat(100));
    expect(() => openWorkspace(text)).toThrow(/不是工作台的工作区文件/);
  });
});

describe('migration 0006: corrections replace only the units they cover', () => {
  it('gives back the counties an earlier file lost to a later file for other counties, and backs up first', async () => {
    const { xlsx } = await import('../fixtures/workbooks');
    const { BOILER_HEADERS, boilerRows } = await import('../fixtures/ledgerRows');
    const { imp } = await import('../support/importHarness');
    const { ledgerSummary } = await import('../../main/core/ledgers/totals');
    const file = path.join(tmpDir(), 'ws.sqlite');
    const ws = openWorkspace(file, { create: true, now: fixedNow });
    const sheet = (rows: ReturnType<typeof boilerRows>) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['市生态环境局2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows }] });
    const a = imp(ws, 'a.xlsx', await sheet([...boilerRows({ county: '城区', count: 3, seed: 1, period: '2020-09' }), ...boilerRows({ county: '矿区', count: 2, seed: 2, period: '2020-09' })]));
    const b = imp(ws, 'b.xlsx', await sheet(boilerRows({ county: '郊区', count: 4, seed: 3, period: '2020-09' })));
    // the workspace as version 5 left it (later migrations' columns dropped too): b had wholly superseded a, and 城区 and 矿区 counted nothing
    ws.db.exec(`DROP TABLE submission_units;
      UPDATE submissions SET status = 'superseded', superseded_by_id = ${b.id}, superseded_at = '2020-10-08T01:00:00.000Z' WHERE id = ${a.id};
      UPDATE submissions SET supersedes_id = ${a.id} WHERE id = ${b.id};
      CREATE UNIQUE INDEX submissions_one_current ON submissions(submitter_id, kind, period) WHERE status = 'current';
      DROP INDEX proposals_unit_target;
      ALTER TABLE decisions DROP COLUMN reviewed_run_id;
      ALTER TABLE decisions DROP COLUMN os_account; ALTER TABLE decision_events DROP COLUMN os_account; ALTER TABLE issued_reports DROP COLUMN os_account;
      DROP TABLE ledger_search;
      ${UNDO_0011} ${UNDO_0010}
      PRAGMA user_version = 5;`);
    ws.db.close();

    const again = openWorkspace(file, { now: fixedNow });
    expect(again.migration).toMatchObject({ from: 5, to: LATEST });
    expect(fs.existsSync(again.migration.backup!)).toBe(true);
    expect(again.db.prepare('SELECT id, status FROM submissions ORDER BY id').all()).toEqual([
      { id: a.id, status: 'current' },
      { id: b.id, status: 'current' },
    ]);
    const units = ledgerSummary(again.db, '2020-09-30').units;
    expect(Object.keys(units).sort()).toEqual(['城区', '矿区', '郊区'].sort());
    expect(again.db.prepare(`SELECT COUNT(*) AS n FROM submission_units WHERE status = 'current'`).get()).toEqual({ n: 3 });
    again.db.close();
  });
});
