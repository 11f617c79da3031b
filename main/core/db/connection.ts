import fs from 'node:fs';
import Database from 'better-sqlite3';
import { machineError, WRITE_WAIT_MS } from '../machineErrors';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly?: boolean;
  /** How long a write waits for another writer (ms); the UI's own thread waits less than an import worker. */
  busyTimeoutMs?: number;
}

/** Opens a workspace file (or ':memory:') with the settings every workspace runs under. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const fresh = file !== ':memory:' && !options.readonly && !(fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  // first, so that even switching to WAL waits for a writer in another process rather than failing
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? WRITE_WAIT_MS}`);
  // a new workspace in 8 KB pages: a big import writes a third fewer pages at commit. Only settable before the
  // first write (switching to WAL is one); workspaces made before keep their 4 KB pages and work the same.
  if (fresh) db.pragma('page_size = 8192');
  if (file !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // a 100,000-row import inserts into several indexes at random keys: give the page cache room (64 MB)
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * Runs fn as one write transaction that takes the write lock up front (BEGIN IMMEDIATE). A deferred transaction
 * that reads and then writes cannot wait for another writer — SQLite fails it at once — so every transaction
 * that writes goes through here. A writer that waited too long, or a full disk, is a sentence, not a stack trace.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    throw machineError(err, { waitedMs: busyTimeout(db) }) ?? err;
  }
}

function busyTimeout(db: Db): number {
  return db.pragma('busy_timeout', { simple: true }) as number;
}
