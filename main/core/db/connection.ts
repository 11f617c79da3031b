import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens a workspace file (or ':memory:') with the settings every workspace runs under. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (file !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // a 100,000-row import inserts into several indexes at random keys: give the page cache room (64 MB)
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}
