import fs from 'node:fs';
import path from 'node:path';
import { writeTransaction, type Db } from './connection';
import { ApiError } from '../../../shared/api';
import { backupWorkspaceSync } from '../backup/backupWorkspace';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends ApiError {
  constructor(code: 'workspace_too_new' | 'bad_migrations' | 'migration_failed', message: string) {
    super(code, message);
    this.name = 'MigrationError';
  }
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const f of files) {
    const m = FILE.exec(f);
    if (!m) throw new MigrationError('bad_migrations', `迁移文件名 ${f} 不符合“NNNN_名称.sql”的格式。`);
    out.push({ version: Number(m[1]), name: m[2]!, sql: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new MigrationError('bad_migrations', `迁移编号不连续：第 ${i + 1} 个迁移的编号是 ${mig.version}。`);
  });
  return out;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateResult {
  from: number;
  to: number;
  backup: string | null;
}

/**
 * Brings the workspace to the newest schema. Refuses a workspace made by a newer program; copies an
 * existing workspace into its 备份 folder before touching it; runs each migration with its version bump in one transaction.
 */
export function migrate(db: Db, migrations: Migration[], opts: { file: string; now: () => Date }): MigrateResult {
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new MigrationError(
      'workspace_too_new',
      `工作区 ${opts.file} 的数据库版本为 ${from}，高于本程序支持的版本 ${latest}；它由更新版本的工作台创建，请升级工作台后再打开。`,
    );
  }
  if (from === latest) return { from, to: from, backup: null };
  // a copy in the 备份 folder first; if it cannot be made, the workspace is not touched
  const backup = from > 0 ? (backupWorkspaceSync({ db, workspace: opts.file, reason: 'migration', now: opts.now() })?.file ?? null) : null;
  for (const mig of migrations.slice(from)) {
    try {
      writeTransaction(db, () => {
        // another process opening the same workspace may have applied it while this one waited for the lock
        if (schemaVersion(db) >= mig.version) return;
        db.exec(mig.sql);
        db.pragma(`user_version = ${mig.version}`);
      });
    } catch (err) {
      throw new MigrationError(
        'migration_failed',
        `升级工作区数据库到版本 ${mig.version}（${mig.name}）失败：${(err as Error).message}。工作区保持在版本 ${schemaVersion(db)}${backup ? `，升级前的备份在 ${backup}` : ''}。`,
      );
    }
  }
  return { from, to: latest, backup };
}
