import { ApiError } from '../../shared/api';

/** How long a writer waits for another one to finish before it gives up (ms): a million-row import takes under a minute. */
export const WRITE_WAIT_MS = 180_000;
/** The window's own thread waits less: while it waits, the window does not answer. Imports run in workers and wait the full time. */
export const UI_WRITE_WAIT_MS = 20_000;

function waitText(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} 分钟` : `${Math.round(ms / 1000)} 秒`;
}

export function workspaceBusy(waitedMs: number = WRITE_WAIT_MS): ApiError {
  return new ApiError(
    'workspace_busy',
    `工作区正被另一项操作写入（另一个窗口或命令行正在导入、保存评估或印发报告），已等待 ${waitText(waitedMs)}仍未结束。本次操作没有写入任何内容；请等那项操作完成后再试。`,
  );
}

/**
 * What the machine said (SQLite result codes, Node errno codes) as the sentence a user can act on;
 * null when the error is not about the disk, the file system or another writer.
 */
export function machineError(err: unknown, opts: { file?: string; waitedMs?: number } = {}): ApiError | null {
  if (!(err instanceof Error) || err instanceof ApiError) return null;
  const code = String((err as { code?: unknown }).code ?? '');
  const where = opts.file ? `“${opts.file}”` : '';
  const target = (err as NodeJS.ErrnoException).path ? `“${(err as NodeJS.ErrnoException).path}”` : where;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return workspaceBusy(opts.waitedMs);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (code === 'SQLITE_IOERR_WRITE' && /full/i.test(err.message))) {
    return new ApiError('disk_full', `磁盘空间已满，写入${target || '工作区'}失败。本次操作没有写入任何内容；请清理该磁盘（或把工作区移到空间充足的磁盘）后再试。`);
  }
  if (code === 'EDQUOT') return new ApiError('disk_full', `磁盘配额已用完，写入${target}失败。请清理空间后再试。`);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return new ApiError('read_only', `${target || '工作区'}是只读的（或在只读的磁盘上），无法写入。请取消只读属性，或把它复制到可写的文件夹后再试。`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ApiError('no_permission', `没有权限访问${target}。请确认当前用户有读写它的权限，或把文件复制到自己的文件夹后再试。`);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new ApiError('workspace_corrupt', `工作区文件${where}已损坏，无法读取。请在“设置”中从备份恢复（或用 bluesky restore），并把损坏的文件交给技术支持。`);
  }
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG') {
    return new ApiError('bad_path', `路径${target}不可用：${code === 'EISDIR' ? '它是一个文件夹' : code === 'ENOTDIR' ? '其中有一级不是文件夹' : '路径太长'}。请换一个文件路径后再试。`);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new ApiError('io_error', `读写${target || '工作区'}时磁盘出错（${code}）。本次操作没有写入任何内容；请检查磁盘或网络盘是否可用后再试。`);
  }
  return null;
}
