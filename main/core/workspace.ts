import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from './db/connection';
import { migrate, readMigrations, type MigrateResult } from './db/migrate';
import { loadSeeds } from './plan/loadSeeds';
import { syncPlan, type SyncResult } from './plan/syncPlan';
import { defaultResources, type Resources } from './resources';
import { ApiError } from '../../shared/api';

import { APPLICATION_ID } from './db/applicationId';

export { APPLICATION_ID };

export interface Workspace {
  db: Db;
  file: string;
  migration: MigrateResult;
  plan: SyncResult;
}

export interface OpenOptions {
  /** Create the file when it does not exist (init, first start of the app). */
  create?: boolean;
  resources?: Resources;
  now?: () => Date;
}

function isEmptyDatabase(db: Db): boolean {
  return (db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0;
}

export function openWorkspace(file: string, opts: OpenOptions = {}): Workspace {
  const resources = opts.resources ?? defaultResources();
  const now = opts.now ?? (() => new Date());
  const inMemory = file === ':memory:';
  const resolved = inMemory ? file : path.resolve(file);
  if (!inMemory) {
    const exists = fs.existsSync(resolved);
    if (!exists && !opts.create) {
      throw new ApiError('workspace_missing', `工作区文件 ${resolved} 不存在。请先用“bluesky init --db ${file}”创建工作区，或检查路径是否正确。`);
    }
    if (exists && fs.statSync(resolved).isDirectory()) {
      throw new ApiError('workspace_invalid', `${resolved} 是一个文件夹，不是工作区文件。请指定一个 .sqlite 文件的路径。`);
    }
    if (!exists) fs.mkdirSync(path.dirname(resolved), { recursive: true });
  }
  let db: Db;
  try {
    db = openDatabase(resolved);
    db.pragma('schema_version'); // forces SQLite to read the header: a non-database file fails here, not later
  } catch (err) {
    throw new ApiError('workspace_invalid', `${resolved} 不是工作台的工作区文件（${(err as Error).message}）。`);
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      if (appId !== 0 || !isEmptyDatabase(db)) {
        throw new ApiError('workspace_invalid', `${resolved} 是其他程序的 SQLite 数据库，不是工作台的工作区文件，工作台不会改动它。`);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    const migration = migrate(db, readMigrations(resources.migrationsDir), { file: resolved, now });
    const plan = syncPlan(db, loadSeeds(resources.seedsDir));
    return { db, file: resolved, migration, plan };
  } catch (err) {
    db.close();
    throw err;
  }
}
