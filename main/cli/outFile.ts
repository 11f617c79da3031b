import fs from 'node:fs';
import path from 'node:path';
import { machineError } from '../core/machineErrors';
import { UsageError, type CliIo, type ParsedArgs } from './types';

/** The --out path, resolved, with one of the extensions the command can write. */
export function outPath(args: ParsedArgs, io: CliIo, extensions: string[]): string {
  const out = args.values.out;
  const list = extensions.map((e) => `.${e}`).join(' 或 ');
  if (typeof out !== 'string' || !out) throw new UsageError(`缺少 --out FILE${extensions.length === 1 ? `.${extensions[0]}` : ''}：请给出输出文件的路径（${list}）。`);
  const ext = path.extname(out).slice(1).toLowerCase();
  if (!extensions.includes(ext)) throw new UsageError(`--out 应为 ${list} 文件，而不是“${path.basename(out)}”。`);
  return path.resolve(io.cwd, out);
}

/**
 * Writes next to the target and renames, so a half-written report never sits under the final name; a full disk or
 * a read-only folder is said plainly, and no part file is left behind.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.part`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw machineError(err, { file }) ?? err;
  }
}

export function writeOut(file: string, base64: string, io: CliIo, what: string): void {
  writeFileAtomic(file, Buffer.from(base64, 'base64'));
  io.out(`已生成${what}：${file}`);
}
