// Puts a backup in place of a workspace: the copy is checked first, the current workspace is kept in the 备份 folder,
// and the swap is a rename of a checked file beside the target, so the workspace is never half-replaced.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApiError } from '../../../shared/api';
import type { BackupView, RestoreResult } from '../../../shared/backupModels';
import { APPLICATION_ID } from '../db/applicationId';
import { readWorkspaceSetting } from '../settings/workspaceSettings';
import { WORKSPACE_SETTINGS } from '../../../shared/settingsModels';
import { backupFolderOf, reserveBackupName, plainBackupPath, parseBackupName, pruneBackups, readDbHeader } from './backupFolder';
import { describeWriteFailure } from './backupWorkspace';

export interface RestoreRequest {
  /** The workspace file to replace (it need not exist yet: moving a workspace to another PC). */
  workspace: string;
  /** The backup or exported workspace to restore. */
  source: string;
  /** The newest database version this program knows. */
  latestVersion: number;
  now: Date;
}

/** How long to wait for another connection's transaction before saying the workspace is in use. */
const LOCK_WAIT_MS = 2000;

const SIDE_FILES = ['-wal', '-shm', '-journal'];

function removeWithSideFiles(file: string): void {
  for (const s of ['', ...SIDE_FILES]) fs.rmSync(`${file}${s}`, { force: true });
}

const isBusy = (err: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((err as { code?: string }).code ?? '');

/** Refuses anything that is not a sound workspace of this or an older version; runs on the checked copy, never on the source. */
function checkCopy(copy: string, source: string, latestVersion: number): number {
  const name = path.basename(source);
  const notWorkspace = (why: string) => new ApiError('not_workspace', `${name} ${why}，不能用来恢复。请选择工作台的备份文件（备份文件夹中的 .sqlite 文件，或用“导出工作区”“bluesky backup --out”得到的文件）。`);
  const damaged = (why: string) => new ApiError('backup_damaged', `${name} 已损坏（${why}），不能用来恢复，当前工作区保持原样。请换一份较早的备份。`);
  const header = readDbHeader(copy);
  if (!header) throw notWorkspace('不是 SQLite 数据库文件');
  let db: Database.Database;
  try {
    db = new Database(copy, { fileMustExist: true });
  } catch (err) {
    throw damaged((err as Error).message);
  }
  try {
    let appId: number;
    let version: number;
    try {
      db.pragma('schema_version');
      appId = db.pragma('application_id', { simple: true }) as number;
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw damaged((err as Error).message);
    }
    if (appId !== APPLICATION_ID) throw notWorkspace('是其他程序的 SQLite 数据库，不是工作台的工作区');
    if (version === 0) throw notWorkspace('是一个空的工作区文件，没有任何数据');
    if (version > latestVersion) {
      throw new ApiError(
        'workspace_too_new',
        `${name} 的数据库版本为 ${version}，高于本程序支持的版本 ${latestVersion}；它由更新版本的工作台创建，请升级工作台后再恢复。当前工作区保持原样。`,
      );
    }
    let problems: string[];
    try {
      problems = (db.prepare('PRAGMA integrity_check(5)').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (err) {
      throw damaged((err as Error).message);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(`完整性检查未通过：${problems.slice(0, 2).join('；')}`);
    // the copy that goes in place is one plain file, with nothing pending in a journal beside it
    db.pragma('journal_mode = DELETE');
    return version;
  } finally {
    db.close();
  }
}

/**
 * Takes the current workspace out of use: refuses when another program has it open (an idle WAL connection is enough
 * to keep SQLite from leaving WAL mode), folds its WAL in, and copies it into the 备份 folder while holding it exclusively.
 * A damaged workspace, which is what a restore is often for, is kept byte for byte as it is (with its WAL, if any).
 * Returns the copy (null when there was nothing to keep), whether it was damaged, and the backupKeep setting for pruning.
 */
function keepCurrent(workspace: string, now: Date): { kept: BackupView | null; damaged: string | null; keep: number } {
  if (!fs.existsSync(workspace)) return { kept: null, damaged: null, keep: 0 };
  const st = fs.statSync(workspace);
  if (!st.isFile()) throw new ApiError('workspace_invalid', `${workspace} 不是一个文件，不能在这里恢复工作区。请用 --db 指定工作区文件的路径。`);
  if (st.size === 0) return { kept: null, damaged: null, keep: 0 };
  const notOurs = new ApiError(
    'workspace_invalid',
    `${workspace} 不是工作台的工作区文件（或已损坏到无法辨认），恢复不会覆盖它。请检查路径；如果这是已损坏的工作区，请先把它移到别处或改名，再恢复。`,
  );
  if (readDbHeader(workspace)?.applicationId !== APPLICATION_ID) {
    // the header may lag behind a WAL the workspace was never closed from: ask SQLite before refusing
    if (!readDbHeader(workspace) || !fs.existsSync(`${workspace}-wal`)) throw notOurs;
  }
  let db: Database.Database | null = null;
  let keep: number = WORKSPACE_SETTINGS.backupKeep.default;
  let damaged: string | null = null;
  try {
    db = new Database(workspace, { fileMustExist: true });
    db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) throw notOurs;
    keep = readWorkspaceSetting(db, 'backupKeep');
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db?.close();
    db = null;
    if (err instanceof ApiError) throw err;
    if (isBusy(err)) {
      throw new ApiError(
        'workspace_busy',
        `工作区 ${path.basename(workspace)} 正被其他程序打开（另一个工作台窗口、浏览器模式或命令行命令），现在不能替换它，工作区保持原样。请先关闭其他程序再恢复。`,
      );
    }
    if (readDbHeader(workspace)?.applicationId !== APPLICATION_ID) throw notOurs;
    damaged = (err as Error).message;
  }
  // with the lock held nothing else can read or write it, and it is one plain file: a byte copy is a consistent copy
  let dest = plainBackupPath(workspace, 'restore', now);
  let part = `${dest}.part`;
  try {
    dest = path.join(backupFolderOf(workspace), reserveBackupName(workspace, 'restore', now));
    part = `${dest}.part`;
    fs.copyFileSync(workspace, part);
    if (damaged && fs.existsSync(`${workspace}-wal`)) fs.copyFileSync(`${workspace}-wal`, `${dest}-wal`);
    fs.renameSync(part, dest);
  } catch (err) {
    for (const f of [part, `${dest}-wal`]) fs.rmSync(f, { force: true });
    throw new ApiError('backup_failed', `恢复前备份当前工作区失败：${describeWriteFailure(err, dest)}当前工作区没有被替换。`);
  } finally {
    if (db) {
      db.exec('COMMIT');
      db.close();
    }
  }
  const parsed = parseBackupName(workspace, path.basename(dest))!;
  return {
    kept: { name: path.basename(dest), file: dest, reason: 'restore', createdAt: parsed.createdAt, size: fs.statSync(dest).size, schemaVersion: readDbHeader(dest)?.userVersion ?? 0 },
    damaged,
    keep,
  };
}

/**
 * Restores `source` as `workspace`. Refusals (missing, not a workspace, damaged, newer, in use) leave the workspace as
 * it was. The restored copy keeps its own database version; an older one is migrated when the workspace next opens.
 */
export function restoreWorkspace(r: RestoreRequest): RestoreResult {
  const workspace = path.resolve(r.workspace);
  const source = path.resolve(r.source);
  if (!fs.existsSync(source)) throw new ApiError('backup_missing', `找不到要恢复的文件 ${source}。请检查文件名和路径。`);
  if (!fs.statSync(source).isFile()) throw new ApiError('backup_missing', `${source} 不是一个文件。请给出备份文件（.sqlite）的路径。`);
  if (source === workspace) throw new ApiError('same_file', `要恢复的文件就是工作区 ${workspace} 本身。请选择备份文件夹中的一份备份。`);

  // check a copy beside the target: the source stays untouched, and the checked bytes are the ones that go in place
  const staged = path.join(path.dirname(workspace), `.${path.basename(workspace)}.restoring-${process.pid}`);
  removeWithSideFiles(staged);
  try {
    try {
      fs.mkdirSync(path.dirname(workspace), { recursive: true });
      fs.copyFileSync(source, staged);
      // an exported file may come with its WAL beside it: SQLite folds it in when the copy is opened
      if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${staged}-wal`);
    } catch (err) {
      throw new ApiError('restore_failed', `无法把 ${path.basename(source)} 复制到工作区所在的文件夹：${describeWriteFailure(err, staged)}当前工作区保持原样。`);
    }
    const schemaVersion = checkCopy(staged, source, r.latestVersion);
    const { kept, damaged, keep } = keepCurrent(workspace, r.now);
    // a stale WAL or journal of the old file would be replayed into the restored one
    for (const s of SIDE_FILES) fs.rmSync(`${workspace}${s}`, { force: true });
    try {
      fs.renameSync(staged, workspace);
    } catch (err) {
      throw new ApiError('restore_failed', `替换工作区失败：${describeWriteFailure(err, workspace)}${kept ? `当前工作区已备份在 ${kept.file}。` : ''}`);
    }
    if (kept) pruneBackups(workspace, keep, [kept.file, source]);
    return { workspace, from: source, kept, keptDamaged: damaged !== null, schemaVersion };
  } finally {
    removeWithSideFiles(staged);
  }
}
