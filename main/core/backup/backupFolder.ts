// The 备份 folder beside a workspace: how its copies are named, recognised, listed and pruned.
import fs from 'node:fs';
import path from 'node:path';
import { APPLICATION_ID } from '../db/applicationId';
import { BACKUP_REASON_LABEL, BACKUP_REASONS, type BackupReason, type BackupView } from '../../../shared/backupModels';

export const BACKUP_FOLDER = '备份';

const BEIJING_MS = 8 * 3_600_000;

export function backupFolderOf(workspace: string): string {
  return path.join(path.dirname(workspace), BACKUP_FOLDER);
}

/** 工作区.sqlite → 工作区; any other extension stays, so a.db and a.sqlite side by side never share copies. */
export function workspaceStem(workspace: string): string {
  const base = path.basename(workspace);
  return path.extname(base).toLowerCase() === '.sqlite' ? base.slice(0, -'.sqlite'.length) : base;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LABEL_TO_REASON = new Map(BACKUP_REASONS.map((r) => [BACKUP_REASON_LABEL[r], r]));

/** stem-YYYYMMDD-HHMMSS-原因[-N].sqlite, the time in Beijing; N tells apart copies made in the same second. */
function namePattern(stem: string): RegExp {
  const labels = BACKUP_REASONS.map((r) => BACKUP_REASON_LABEL[r]).join('|');
  return new RegExp(`^${escapeRegex(stem)}-(\\d{8})-(\\d{6})-(${labels})(?:-(\\d{1,4}))?\\.sqlite$`);
}

/** The Beijing wall-clock stamp of a moment: 2020-10-15T01:30:00Z → 20201015-093000. */
export function beijingStamp(at: Date): string {
  const iso = new Date(at.getTime() + BEIJING_MS).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

export interface ParsedName {
  reason: BackupReason;
  createdAt: string;
  /** Sorts copies oldest first: the stamp, then the same-second counter. */
  order: string;
}

export function parseBackupName(workspace: string, name: string): ParsedName | null {
  const m = namePattern(workspaceStem(workspace)).exec(name);
  if (!m) return null;
  const [, day, time, label, seq] = m as unknown as [string, string, string, string, string | undefined];
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)), Number(time.slice(0, 2)), Number(time.slice(2, 4)), Number(time.slice(4, 6))) - BEIJING_MS;
  if (Number.isNaN(t)) return null;
  return { reason: LABEL_TO_REASON.get(label)!, createdAt: new Date(t).toISOString(), order: `${day}${time}${(seq ?? '1').padStart(4, '0')}` };
}

/** The name a copy made now would have if it were the first of its second: what an error names when none was made. */
export function plainBackupPath(workspace: string, reason: BackupReason, at: Date): string {
  return path.join(backupFolderOf(workspace), `${workspaceStem(workspace)}-${beijingStamp(at)}-${BACKUP_REASON_LABEL[reason]}.sqlite`);
}

/**
 * Picks the name for a new copy and reserves it by creating its empty `.part` file exclusively, so two processes
 * backing up in the same second never write into one file. Copies made in the same second, whatever their reason,
 * are numbered in the order made. Returns the final name; the caller fills the `.part` and renames it.
 */
export function reserveBackupName(workspace: string, reason: BackupReason, at: Date): string {
  const folder = backupFolderOf(workspace);
  fs.mkdirSync(folder, { recursive: true });
  const named = (label: string, n: number) => `${workspaceStem(workspace)}-${beijingStamp(at)}-${label}${n === 1 ? '' : `-${n}`}.sqlite`;
  const taken = (n: number) => BACKUP_REASONS.some((r) => [named(BACKUP_REASON_LABEL[r], n), `${named(BACKUP_REASON_LABEL[r], n)}.part`].some((f) => fs.existsSync(path.join(folder, f))));
  for (let n = 1; ; n++) {
    if (taken(n)) continue;
    const name = named(BACKUP_REASON_LABEL[reason], n);
    try {
      fs.closeSync(fs.openSync(path.join(folder, `${name}.part`), 'wx'));
      return name;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
}

export interface DbHeader {
  applicationId: number;
  userVersion: number;
}

/** The first 100 bytes of a SQLite file, or null when the file is not one (or cannot be read). */
export function readDbHeader(file: string): DbHeader | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const b = Buffer.alloc(100);
    if (fs.readSync(fd, b, 0, 100, 0) < 100 || b.toString('latin1', 0, 16) !== 'SQLite format 3\0') return null;
    return { userVersion: b.readUInt32BE(60), applicationId: b.readUInt32BE(68) };
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The copies of this workspace in its 备份 folder, newest first: only files named as ours that are workspaces. */
export function listBackups(workspace: string): BackupView[] {
  const folder = backupFolderOf(workspace);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const out: (BackupView & { order: string })[] = [];
  for (const name of names) {
    const parsed = parseBackupName(workspace, name);
    if (!parsed) continue;
    const file = path.join(folder, name);
    const header = readDbHeader(file);
    if (!header || header.applicationId !== APPLICATION_ID) continue;
    let size: number;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    out.push({ name, file, reason: parsed.reason, createdAt: parsed.createdAt, size, schemaVersion: header.userVersion, order: parsed.order });
  }
  return out.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0)).map(({ order: _order, ...b }) => b);
}

/** A half-written copy older than this was left by a process that stopped; a younger one may still be being written. */
const STALE_PART_MS = 3_600_000;

/**
 * Keeps the newest `keep` copies and removes the rest. Never removes the copies named in `protect` (the one just
 * made, the one being restored from), and never a file it does not recognise as a copy of this workspace.
 */
export function pruneBackups(workspace: string, keep: number, protect: string[] = []): string[] {
  const kept = new Set(protect.map((p) => path.basename(p)));
  const removed: string[] = [];
  for (const [i, b] of listBackups(workspace).entries()) {
    if (i < keep || kept.has(b.name)) continue;
    try {
      fs.rmSync(b.file);
      // a damaged workspace kept before a restore may have its WAL beside it
      for (const side of ['-wal', '-shm', '-journal']) fs.rmSync(`${b.file}${side}`, { force: true });
      removed.push(b.name);
    } catch {
      // a copy open in another program stays until the next time
    }
  }
  const folder = backupFolderOf(workspace);
  for (const name of safeReaddir(folder)) {
    if (!name.endsWith('.part') || !parseBackupName(workspace, name.slice(0, -'.part'.length))) continue;
    const file = path.join(folder, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_PART_MS) fs.rmSync(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** What to tell someone whose workspace will not open: where the newest copy is and how to put it back by hand. */
export function recoveryHint(workspace: string): string {
  const [newest] = listBackups(workspace);
  if (!newest) return '';
  return `备份文件夹 ${backupFolderOf(workspace)} 中有自动备份，最新的是 ${newest.name}。如果工作区已损坏，可以先把它移到别处，再把这份备份复制为 ${workspace}（或用命令行 bluesky restore 恢复）。`;
}
