// Copies of the whole workspace kept in the 备份 folder beside it.

export const BACKUP_REASONS = ['import', 'issue', 'migration', 'manual', 'restore', 'plan'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** What the file name and the 设置 page say about why a copy was made. */
export const BACKUP_REASON_LABEL: Record<BackupReason, string> = {
  import: '导入前',
  issue: '印发前',
  migration: '升级前',
  manual: '手动',
  restore: '恢复前',
  plan: '载入方案前',
};

export interface BackupView {
  /** File name inside the 备份 folder, e.g. 工作区-20201015-093000-导入前.sqlite; what backups.restore takes. */
  name: string;
  /** Full path, shown to the analyst. */
  file: string;
  reason: BackupReason;
  /** When it was made (ISO, UTC), read from the name, which carries Beijing time. */
  createdAt: string;
  size: number;
  /** The workspace's database version when it was copied. */
  schemaVersion: number;
}

export interface BackupList {
  /** The 备份 folder; null for a workspace held only in memory, which is never backed up. */
  folder: string | null;
  backups: BackupView[];
}

export interface RestoreResult {
  /** The workspace file that now holds the restored copy. */
  workspace: string;
  /** The file it was restored from. */
  from: string;
  /** The copy of the workspace as it was just before, in the 备份 folder; null when there was none to keep. */
  kept: BackupView | null;
  /** The workspace replaced was damaged; it is kept byte for byte as it was. */
  keptDamaged: boolean;
  /** The restored copy's database version; older ones are brought up to date the next time the workspace opens. */
  schemaVersion: number;
}
