// Reading a file the user named: regular files only (a device such as /dev/zero, a pipe or a folder is refused
// before anything is read), no bigger than the importer takes, with a plain message for each way it can fail.
import fs from 'node:fs';
import { MAX_FILE_BYTES } from './workbookReader';
import { ImportRefusal } from './refusal';

function notAFile(st: fs.Stats, file: string): ImportRefusal | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return new ImportRefusal('unreadable', `“${file}”是文件夹，不是文件。请选择文件夹里的台账文件。`);
  return new ImportRefusal('unreadable', `“${file}”不是普通文件（是设备、管道或其他特殊文件），工作台不读取它。请选择台账文件本身。`);
}

function tooLarge(file: string, size: number): ImportRefusal {
  return new ImportRefusal(
    'too_large',
    `文件“${file}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的上限。请按县区或按月拆分后分别导入。`,
  );
}

/** What the operating system's error means for the user. */
export function readError(err: unknown, file: string): ImportRefusal {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ImportRefusal('unreadable', `找不到文件“${file}”。`);
    case 'EACCES':
    case 'EPERM':
      return new ImportRefusal('unreadable', `文件“${file}”没有读取权限，工作台无法打开它。请在文件属性中给当前用户读取权限，或把它复制到自己的文件夹后再导入。`);
    case 'EISDIR':
      return new ImportRefusal('unreadable', `“${file}”是文件夹，不是文件。请选择文件夹里的台账文件。`);
    case 'EBUSY':
      return new ImportRefusal('unreadable', `文件“${file}”正被其他程序占用，暂时无法读取。请关闭打开它的程序后重试。`);
    case 'EIO':
      return new ImportRefusal('unreadable', `读取文件“${file}”时磁盘或网络出错。请把文件复制到本机后重新导入。`);
    default:
      return new ImportRefusal('unreadable', `无法读取文件“${file}”（${code ?? (err instanceof Error ? err.message : String(err))}）。请确认文件存在且可以打开。`);
  }
}

/** The bytes of a file the user named, or a refusal saying why it cannot be read. */
export function readInputFile(file: string): Buffer {
  let st: fs.Stats;
  try {
    // stat first: opening a pipe would wait for a writer, and reading a device would never end
    st = fs.statSync(file);
  } catch (err) {
    throw readError(err, file);
  }
  const refusal = notAFile(st, file) ?? (st.size > MAX_FILE_BYTES ? tooLarge(file, st.size) : null);
  if (refusal) throw refusal;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw readError(err, file);
  }
  try {
    // what was opened is checked again: the path may have been swapped since the stat
    const opened = fs.fstatSync(fd);
    const again = notAFile(opened, file) ?? (opened.size > MAX_FILE_BYTES ? tooLarge(file, opened.size) : null);
    if (again) throw again;
    const buf = Buffer.allocUnsafe(opened.size);
    let at = 0;
    while (at < buf.length) {
      const n = fs.readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === buf.length ? buf : buf.subarray(0, at);
  } catch (err) {
    if (err instanceof ImportRefusal) throw err;
    throw readError(err, file);
  } finally {
    fs.closeSync(fd);
  }
}
