import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from './db/connection';
import { machineError } from './machineErrors';
import { migrate, readMigrations, type MigrateResult } from './db/migrate';
import { loadSeeds, type Seeds } from './plan/loadSeeds';
import { getMeta } from './db/repos/metaRepo';
import { countPlan } from './db/repos/planRepo';
import { syncPlan, type SyncResult } from './plan/syncPlan';
import { adoptLegacyWorkbookPlan, ensureBuiltinVersion, loadPlanVersion } from './plan/planVersions';
import { currentOsUser } from './osUser';
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
  /** How long writes wait for another writer; the app's own thread waits less than the CLI (see openDatabase). */
  busyTimeoutMs?: number;
  /** A new workspace's plan from a checked plan workbook instead of the built-in seeds (init --plan). */
  plan?: { seeds: Seeds; source: string; bytes?: Uint8Array };
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function isEmptyDatabase(db: Db): boolean {
  return (db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0;
}

function foreign(file: string): ApiError {
  return new ApiError('workspace_invalid', `${file} 是其他程序的 SQLite 数据库，不是工作台的工作区文件，工作台不会改动它。`);
}

/** Whether this process may write the file and create the journal beside it; said before anything is read. */
function checkWritable(file: string, exists: boolean): void {
  const dir = path.dirname(file);
  const denied = (p: string, mode: number): string | null => {
    try {
      fs.accessSync(p, mode);
      return null;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? 'EACCES';
    }
  };
  if (exists) {
    const read = denied(file, fs.constants.R_OK);
    if (read) throw new ApiError('no_permission', `没有读取工作区文件 ${file} 的权限。请确认当前用户有读写它的权限，或把它复制到自己的文件夹后再打开。`);
    const write = denied(file, fs.constants.W_OK);
    if (write) {
      throw new ApiError(
        'read_only',
        `工作区文件 ${file} 是只读的${write === 'EROFS' ? '（在只读的磁盘上）' : ''}。工作台打开工作区时就要写入它（即使只是查看或导出），请取消它的只读属性，或把它复制到可写的文件夹后再打开。`,
      );
    }
  }
  const folder = denied(dir, fs.constants.W_OK | fs.constants.X_OK);
  if (folder) {
    throw new ApiError(
      'read_only',
      `工作区所在的文件夹 ${dir} 不可写${folder === 'EROFS' ? '（在只读的磁盘上）' : ''}，工作台无法在其中${exists ? '保存工作区的日志文件' : '创建工作区'}。请换一个可写的文件夹，或请管理员开放该文件夹的写入权限。`,
    );
  }
}

/**
 * Looks at an existing file before SQLite opens it for writing: opening switches the journal to WAL, which
 * must never happen to a file that turns out not to be ours.
 */
function probe(file: string, create: boolean): void {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw new ApiError('workspace_invalid', `${file} 是一个文件夹，不是工作区文件。请指定一个 .sqlite 文件的路径。`);
  if (!st.isFile()) throw new ApiError('workspace_invalid', `${file} 不是普通文件（可能是设备或管道），不能作为工作区。请指定一个 .sqlite 文件的路径。`);
  if (st.size === 0) {
    if (create) return;
    throw new ApiError(
      'workspace_invalid',
      `工作区文件 ${file} 是空文件（0 字节），不是工作区，可能在复制或保存时出了错。请从备份恢复（bluesky restore），或用“bluesky init --db ${file}”新建；工作台不会改动这个文件。`,
    );
  }
  checkWritable(file, true);
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n < 100 || !head.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new ApiError('workspace_invalid', `${file} 不是工作台的工作区文件（不是 SQLite 数据库，或文件头已损坏），工作台不会改动它。请检查路径，或从备份恢复。`);
  }
  const appId = head.readUInt32BE(68);
  if (appId === APPLICATION_ID) return;
  if (appId !== 0) throw foreign(file);
  // no application id: an empty database may become a workspace, anything with tables is someone else's
  let ro: Db | null = null;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true });
    // a workspace another connection holds open may have its id only in the WAL, not yet in the file's header
    if (ro.pragma('application_id', { simple: true }) === APPLICATION_ID) return;
    if (!isEmptyDatabase(ro)) throw foreign(file);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('workspace_invalid', `${file} 不是工作台的工作区文件（${(err as Error).message}），工作台不会改动它。`);
  } finally {
    ro?.close();
  }
}

/**
 * The workspace's plans. A new workspace gets the built-in plan, or the plan workbook it was created from; the built-in
 * plan is kept up to date, each change becoming its next version. Other plans and revisions come by plans.load.
 */
function openPlan(db: Db, migration: MigrateResult, resources: Resources, fromWorkbook: OpenOptions['plan'], at: string): SyncResult {
  const user = currentOsUser();
  if (fromWorkbook) {
    if (migration.from !== 0) {
      throw new ApiError('workspace_exists', '这个工作区已经有方案。要把方案工作簿载入已有工作区（作为新方案或修订），请用 bluesky plan import 方案.xlsx --db 工作区，或在“目标与分解”页导入方案。');
    }
    const fileName = fromWorkbook.source.startsWith('workbook:') ? fromWorkbook.source.slice('workbook:'.length) : null;
    const { load } = loadPlanVersion(db, fromWorkbook.seeds, { source: 'workbook', fileName, ...(fromWorkbook.bytes ? { bytes: fromWorkbook.bytes } : {}), user, at });
    return { changed: true, targets: countPlan(db).targets, retired: 0, version: load.version };
  }
  if (getMeta(db, 'plan.source')) {
    adoptLegacyWorkbookPlan(db, { user, at });
    return { changed: false, targets: countPlan(db).targets, retired: 0 };
  }
  const seeds = loadSeeds(resources.seedsDir);
  const synced = syncPlan(db, seeds);
  ensureBuiltinVersion(db, seeds, { user, at });
  return synced;
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
    if (exists) probe(resolved, opts.create ?? false);
    else {
      fs.mkdirSync(path.dirname(resolved), { recursive: true });
      checkWritable(resolved, false);
    }
  }
  let db: Db;
  try {
    db = openDatabase(resolved, opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {});
    db.pragma('schema_version'); // forces SQLite to read the header: a non-database file fails here, not later
  } catch (err) {
    throw machineError(err, { file: resolved }) ?? new ApiError('workspace_invalid', `${resolved} 不是工作台的工作区文件（${(err as Error).message}）。`);
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      if (appId !== 0 || !isEmptyDatabase(db)) throw foreign(resolved);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    const migration = migrate(db, readMigrations(resources.migrationsDir), { file: resolved, now });
    const plan = openPlan(db, migration, resources, opts.plan, now().toISOString());
    return { db, file: resolved, migration, plan };
  } catch (err) {
    db.close();
    throw machineError(err, { file: resolved }) ?? err;
  }
}
