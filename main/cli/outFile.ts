import fs from 'node:fs';
import path from 'node:path';
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

/** Writes next to the target and renames, so a half-written report never sits under the final name. */
export function writeOut(file: string, base64: string, io: CliIo, what: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.part`;
  fs.writeFileSync(tmp, Buffer.from(base64, 'base64'));
  fs.renameSync(tmp, file);
  io.out(`已生成${what}：${file}`);
}
