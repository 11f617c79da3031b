import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/connection';
import { ApiError } from '../../../shared/api';
import type { FileBlob } from '../../../shared/ledgerModels';
import { formatBytes } from '../../../shared/format';
import { backupFolderOf, beijingStamp, workspaceStem } from './backupFolder';
import { copyDatabaseTo, describeWriteFailure, isInMemory } from './backupWorkspace';

/** A download travels as base64 inside one JSON answer: past this a page could run out of memory, so the CLI is the way. */
export const EXPORT_LIMIT = 200 * 1024 * 1024;

/** The whole workspace as one file to download: a backup copy, named for the workspace and the moment. */
export async function exportWorkspace(db: Db, workspace: string, now: Date): Promise<FileBlob> {
  if (isInMemory(workspace)) throw new ApiError('in_memory', '这个工作区只在内存中，没有可以导出的文件。');
  const size = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  if (size > EXPORT_LIMIT) {
    throw new ApiError(
      'too_large',
      `工作区有 ${formatBytes(size)}，超过了从页面导出的上限 ${formatBytes(EXPORT_LIMIT)}。请用命令行“bluesky backup --db ${workspace} --out 文件.sqlite”导出，或直接复制备份文件夹 ${backupFolderOf(workspace)} 中最新的一份备份。`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-export-'));
  try {
    const file = path.join(dir, 'workspace.sqlite');
    try {
      await copyDatabaseTo(db, file);
    } catch (err) {
      throw new ApiError('export_failed', `导出工作区失败：${describeWriteFailure(err, file)}`);
    }
    return { fileName: `${workspaceStem(workspace)}-${beijingStamp(now)}-导出.sqlite`, base64: fs.readFileSync(file).toString('base64') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
