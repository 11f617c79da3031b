import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { BACKUP_REASON_LABEL, type BackupView } from '../../../shared/backupModels';
import { formatBeijingDateTime, formatBytes } from '../../../shared/format';
import { WORKSPACE_SETTINGS } from '../../../shared/settingsModels';
import { backupFolderOf, listBackups, readDbHeader } from '../../core/backup/backupFolder';
import { backupWorkspace, copyDatabaseTo, describeWriteFailure, openForCopy } from '../../core/backup/backupWorkspace';
import { restoreWorkspace } from '../../core/backup/restoreWorkspace';
import { readMigrations } from '../../core/db/migrate';
import { defaultResources } from '../../core/resources';
import { readWorkspaceSetting, writeWorkspaceSetting } from '../../core/settings/workspaceSettings';
import { UsageError, type CliIo, type Command, type ParsedArgs } from '../types';
import { dbPath } from '../workspaceArg';

function keepArg(args: ParsedArgs): number | undefined {
  const v = args.values.keep;
  if (v === undefined) return undefined;
  const parsed = WORKSPACE_SETTINGS.backupKeep.schema.safeParse(Number(v));
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !parsed.success) throw new UsageError(`--keep 应为 1 到 500 之间的整数，而不是“${String(v)}”。`);
  return parsed.data;
}

const describe = (b: BackupView) => `${formatBytes(b.size)}，数据库版本 ${b.schemaVersion}`;

function printList(io: CliIo, workspace: string, backups: BackupView[], json: boolean): void {
  const folder = backupFolderOf(workspace);
  if (json) {
    io.out(JSON.stringify({ folder, backups }));
    return;
  }
  if (backups.length === 0) {
    io.out(`备份文件夹 ${folder} 中还没有 ${path.basename(workspace)} 的备份。`);
    return;
  }
  io.out(`${path.basename(workspace)} 的备份（${folder}，共 ${backups.length} 份，最新的在前；时间为北京时间）：`);
  for (const b of backups) io.out(`  ${formatBeijingDateTime(b.createdAt)}  ${BACKUP_REASON_LABEL[b.reason].padEnd(3, '　')}  ${formatBytes(b.size).padStart(9)}  版本 ${b.schemaVersion}  ${b.name}`);
}

export const backupCommand: Command = {
  name: 'backup',
  help: `用法：
  bluesky backup --db PATH [--out FILE] [--keep N] [--json]
  bluesky backup --db PATH --list [--json]

把工作区完整复制一份。即使工作台窗口或浏览器模式正开着这个工作区，复制出的也是某一时刻完整一致的内容。
不给 --out 时，备份放在工作区旁边的“备份”文件夹，文件名写明时间（北京时间）和原因，例如
  备份/阳泉2020-20201015-093000-手动.sqlite
工作台在每次导入、印发报告和升级数据库之前也会自动备份到这里，只保留最近 N 份（默认 ${WORKSPACE_SETTINGS.backupKeep.default}，
可用 --keep 或“设置”页修改）。给 --out 时复制到指定文件：这就是“导出工作区”，可以带到另一台电脑，
用 bluesky restore 或“设置”页的“从文件恢复”打开。

选项：
  --db PATH    工作区文件
  --out FILE   复制到这个文件（不能是已有的文件）
  --keep N     备份文件夹保留的份数（1–500），保存为工作区的设置
  --list       列出备份文件夹中这个工作区的备份
  --json       以 JSON 输出
  -h, --help   显示本帮助

示例：
  npm run -s bluesky -- backup --db 阳泉2020.sqlite
  npm run -s bluesky -- backup --db 阳泉2020.sqlite --out E:\\阳泉2020-导出.sqlite`,
  options: { db: { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' }, list: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const workspace = dbPath(args, io, true);
    const json = Boolean(args.values.json);
    const keep = keepArg(args);
    if (args.values.list) {
      if (args.values.out || keep !== undefined) throw new UsageError('--list 不能与 --out 或 --keep 一起使用。');
      if (!fs.existsSync(workspace)) throw new ApiError('workspace_missing', `工作区文件 ${workspace} 不存在。请检查 --db 的路径。`);
      printList(io, workspace, listBackups(workspace), json);
      return 0;
    }
    const out = typeof args.values.out === 'string' && args.values.out ? path.resolve(io.cwd, args.values.out) : null;
    if (out && out === workspace) throw new UsageError('--out 不能是工作区文件本身。');
    if (out && fs.existsSync(out)) throw new UsageError(`${out} 已经存在。为免覆盖其他文件，请换一个文件名，或先删除它。`);
    const db = openForCopy(workspace);
    try {
      if (keep !== undefined) writeWorkspaceSetting(db, 'backupKeep', keep);
      if (out) {
        try {
          await copyDatabaseTo(db, out);
        } catch (err) {
          throw new ApiError('backup_failed', `导出工作区失败：${describeWriteFailure(err, out)}`);
        }
        const view = { name: path.basename(out), file: out, reason: 'manual' as const, createdAt: new Date().toISOString(), size: fs.statSync(out).size, schemaVersion: readDbHeader(out)?.userVersion ?? 0 };
        if (json) io.out(JSON.stringify(view));
        else io.out(`已把工作区复制到 ${out}（${describe(view)}）。可以用 bluesky restore ${path.basename(out)} --db 工作区.sqlite 在另一台电脑上恢复。`);
        return 0;
      }
      const made = (await backupWorkspace({ db, workspace, reason: 'manual', now: new Date() }))!;
      if (json) io.out(JSON.stringify(made));
      else {
        io.out(`已备份工作区：${made.file}（${describe(made)}）。`);
        io.out(`备份文件夹保留最近 ${readWorkspaceSetting(db, 'backupKeep')} 份备份${keep !== undefined ? '（已按 --keep 保存此设置）' : ''}。`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

/** FILE as given, or, when only a name is given that is not in the current folder, that backup in the workspace's 备份 folder. */
function sourceArg(args: ParsedArgs, io: CliIo, workspace: string): string {
  const given = args.positionals[0];
  if (!given) throw new UsageError('请给出要恢复的备份文件，例如：bluesky restore 备份/阳泉2020-20201015-093000-导入前.sqlite --db 阳泉2020.sqlite');
  if (args.positionals.length > 1) throw new UsageError(`多余的参数“${args.positionals[1]}”。一次只能恢复一个文件。`);
  const direct = path.resolve(io.cwd, given);
  if (fs.existsSync(direct) || given !== path.basename(given)) return direct;
  const inFolder = path.join(backupFolderOf(workspace), given);
  return fs.existsSync(inFolder) ? inFolder : direct;
}

export const restoreCommand: Command = {
  name: 'restore',
  help: `用法：bluesky restore FILE --db PATH [--json]

先检查 FILE：必须是完整无损（通过 SQLite 完整性检查）的工作台工作区，且不是更新版本的工作台创建的。
然后把当前工作区复制一份到“备份”文件夹（原因为“恢复前”），再用 FILE 替换工作区。
检查不通过时工作区不会有任何改动。较早版本的备份会在下次打开工作区时自动升级（升级前另做备份）。
工作台窗口、浏览器模式或其他命令正打开这个工作区时不能恢复：请先关闭它们，或在“设置”页中恢复。
--db 指向的文件还不存在时（例如在另一台电脑上），直接把 FILE 恢复到这个位置。

FILE 可以是文件路径，也可以只写备份文件夹中的文件名（见 bluesky backup --list）。

选项：
  --db PATH   工作区文件
  --json      以 JSON 输出
  -h, --help  显示本帮助

示例：
  npm run -s bluesky -- restore 阳泉2020-20201015-093000-导入前.sqlite --db 阳泉2020.sqlite`,
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const workspace = dbPath(args, io, true);
    const source = sourceArg(args, io, workspace);
    const latestVersion = readMigrations(defaultResources().migrationsDir).length;
    let r;
    try {
      r = restoreWorkspace({ workspace, source, latestVersion, now: new Date() });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'workspace_busy') {
        throw new ApiError(err.code, `${err.message}如果是工作台窗口或浏览器模式开着它，也可以直接在那里的“设置”页中恢复。`);
      }
      throw err;
    }
    if (args.values.json) {
      io.out(JSON.stringify(r));
      return 0;
    }
    io.out(`已用 ${r.from} 恢复工作区 ${r.workspace}。`);
    if (r.keptDamaged) io.out(`原来的工作区已损坏，已原样保存到 ${r.kept!.file} 以备查验。`);
    else io.out(r.kept ? `恢复前的工作区已备份到 ${r.kept.file}。` : '此前这里没有工作区，无需备份。');
    if (r.schemaVersion < latestVersion) io.out(`这份备份的数据库版本为 ${r.schemaVersion}，下次打开工作区时会自动升级到版本 ${latestVersion}（升级前另做一份备份）。`);
    return 0;
  },
};
