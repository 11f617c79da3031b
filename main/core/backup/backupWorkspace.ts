// Consistent copies of a workspace, made through the connection that holds it: SQLite's online backup, or VACUUM INTO
// where the caller cannot wait (opening a workspace to migrate it). Each copy is one self-contained file.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import { ApiError } from '../../../shared/api';
import { BACKUP_REASON_LABEL, type BackupReason, type BackupView } from '../../../shared/backupModels';
import { APPLICATION_ID } from '../db/applicationId';
import { readWorkspaceSetting } from '../settings/workspaceSettings';
import { backupFolderOf, listBackups, pruneBackups, reserveBackupName, plainBackupPath, readDbHeader, parseBackupName } from './backupFolder';

/** Pages copied per step of the online backup: 64 MB at the default page size, so a workspace goes in one or two steps. */
const STEP_PAGES = 16_384;

export const isInMemory = (file: string) => file === ':memory:' || file === '';

/** Why a copy could not be written, in words the analyst can act on. */
export function describeWriteFailure(err: unknown, target: string): string {
  const code = (err as { code?: string }).code ?? '';
  const dir = path.dirname(target);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return `磁盘空间不足，无法在 ${dir} 写入 ${path.basename(target)}。请清理磁盘空间后重试。`;
  if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'].includes(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return `没有权限在 ${dir} 写入 ${path.basename(target)}（文件夹只读，或文件被其他程序占用）。`;
  }
  return `无法写入 ${target}（${err instanceof Error ? err.message : String(err)}）。`;
}

/** A copy made by the online backup keeps the source's WAL flag; turn it into a plain single file. */
function settle(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/**
 * Writes a consistent copy of the open database to `dest` (temp name, then rename), through SQLite's online backup.
 * `reserved`: the empty `dest.part` was created by reserveBackupName and is ours to fill, not to clear.
 */
export async function copyDatabaseTo(db: Db, dest: string, reserved = false): Promise<void> {
  const part = `${dest}.part`;
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (!reserved) removeQuietly(part);
    await db.backup(part, { progress: () => STEP_PAGES });
    settle(part);
    fs.renameSync(part, dest);
  } catch (err) {
    removeQuietly(part);
    throw err;
  }
}

/** The same, synchronously, with VACUUM INTO (whose copy is already a plain single file). */
export function copyDatabaseToSync(db: Db, dest: string, reserved = false): void {
  const part = `${dest}.part`;
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (!reserved) removeQuietly(part);
    db.prepare('VACUUM INTO ?').run(part);
    fs.renameSync(part, dest);
  } catch (err) {
    removeQuietly(part);
    throw err;
  }
}

function viewOf(workspace: string, file: string): BackupView {
  const name = path.basename(file);
  const parsed = parseBackupName(workspace, name)!;
  return { name, file, reason: parsed.reason, createdAt: parsed.createdAt, size: fs.statSync(file).size, schemaVersion: readDbHeader(file)?.userVersion ?? 0 };
}

/** What did not happen because the copy could not be made. */
const NOT_DONE: Record<BackupReason, string> = {
  import: '为保护工作区，本次导入没有进行。',
  issue: '为保护工作区，本次没有印发报告。',
  migration: '工作区没有升级，仍保持原样。',
  manual: '',
  restore: '当前工作区没有被替换。',
  plan: '方案没有载入。',
};

function failure(err: unknown, reason: BackupReason, dest: string): ApiError {
  if (err instanceof ApiError) return err;
  const what = reason === 'manual' ? '备份工作区失败' : `${BACKUP_REASON_LABEL[reason]}备份工作区失败`;
  return new ApiError('backup_failed', `${what}：${describeWriteFailure(err, dest)}${NOT_DONE[reason]}`);
}

export interface BackupRequest {
  db: Db;
  /** The workspace file; its 备份 folder is where the copy goes. */
  workspace: string;
  reason: BackupReason;
  now: Date;
}

/**
 * Copies the workspace into its 备份 folder and keeps the newest N (the backupKeep setting), never removing the copy
 * just made. A workspace held only in memory has nothing to keep: null.
 */
export async function backupWorkspace(r: BackupRequest): Promise<BackupView | null> {
  if (isInMemory(r.workspace)) return null;
  let dest = plainBackupPath(r.workspace, r.reason, r.now);
  try {
    dest = path.join(backupFolderOf(r.workspace), reserveBackupName(r.workspace, r.reason, r.now));
    await copyDatabaseTo(r.db, dest, true);
  } catch (err) {
    throw failure(err, r.reason, dest);
  }
  pruneBackups(r.workspace, readWorkspaceSetting(r.db, 'backupKeep'), [dest]);
  return viewOf(r.workspace, dest);
}

/** backupWorkspace for callers that cannot wait (the migration inside opening a workspace). */
export function backupWorkspaceSync(r: BackupRequest): BackupView | null {
  if (isInMemory(r.workspace)) return null;
  let dest = plainBackupPath(r.workspace, r.reason, r.now);
  try {
    dest = path.join(backupFolderOf(r.workspace), reserveBackupName(r.workspace, r.reason, r.now));
    copyDatabaseToSync(r.db, dest, true);
  } catch (err) {
    throw failure(err, r.reason, dest);
  }
  pruneBackups(r.workspace, readWorkspaceSetting(r.db, 'backupKeep'), [dest]);
  return viewOf(r.workspace, dest);
}

export { listBackups };

/**
 * Opens an existing workspace just to copy it: no migration (a backup is a copy of what is there), no switch to WAL,
 * and nothing opened that is not a workspace.
 */
export function openForCopy(file: string): Db {
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new ApiError('workspace_missing', `工作区文件 ${file} 不存在。请检查 --db 的路径。`);
  const st = fs.statSync(file);
  if (!st.isFile()) throw new ApiError('workspace_invalid', `${file} 不是一个文件。请用 --db 指定工作区文件（.sqlite）的路径。`);
  if (st.size === 0) throw new ApiError('workspace_invalid', `${name} 是一个空文件，不是工作区，没有可以备份的内容。`);
  const header = readDbHeader(file);
  if (!header) throw new ApiError('workspace_invalid', `${name} 不是工作台的工作区文件（不是 SQLite 数据库）。`);
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new ApiError('workspace_invalid', `无法打开工作区 ${file}（${(err as Error).message}）。`);
  }
  try {
    db.pragma('busy_timeout = 10000');
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      throw new ApiError('workspace_invalid', `${name} 是其他程序的 SQLite 数据库，不是工作台的工作区。`);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof ApiError) throw err;
    throw new ApiError('workspace_invalid', `${name} 不是工作台的工作区文件，或已损坏（${(err as Error).message}）。`);
  }
}
