import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api';
import { machineError } from '../core/machineErrors';
import { APP_VERSION, PRODUCT_NAME } from '../../shared/version';
import { initCommand } from './commands/init';
import { planCommand } from './commands/plan';
import { checkCommand, importCommand } from './commands/importCmd';
import { summaryCommand } from './commands/summary';
import { returnCommand, templateCommand, withdrawCommand } from './commands/files';
import { allocateCommand, assessCommand, decideCommand, registerCommand } from './commands/assess';
import { reportCommand } from './commands/report';
import { demoCommand } from './commands/demo';
import { backupCommand, restoreCommand } from './commands/backup';
import { settingsCommand } from './commands/settings';
import { UsageError, type CliIo, type Command } from './types';

export const COMMANDS: Command[] = [
  initCommand,
  planCommand,
  importCommand,
  checkCommand,
  summaryCommand,
  templateCommand,
  returnCommand,
  withdrawCommand,
  allocateCommand,
  assessCommand,
  decideCommand,
  registerCommand,
  reportCommand,
  settingsCommand,
  backupCommand,
  restoreCommand,
  demoCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${PRODUCT_NAME} 命令行（bluesky ${APP_VERSION}）`,
    '',
    '用法：npm run -s bluesky -- <命令> [选项]',
    '',
    '命令：',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '每个命令都可加 --help 查看详细用法，例如：npm run -s bluesky -- plan --help',
  ].join('\n');
}

function optionError(err: unknown, cmd: Command): UsageError {
  const msg = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return new UsageError(`未知选项 ${unknown[1]}。用 bluesky ${cmd.name} --help 查看可用选项。`);
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(msg);
  if (missing) return new UsageError(`选项 ${missing[1]} 后面缺少取值。`);
  const positional = /Unexpected argument '([^']+)'/.exec(msg);
  if (positional) return new UsageError(`多余的参数“${positional[1]}”。用 bluesky ${cmd.name} --help 查看用法。`);
  return new UsageError(`命令行参数有误：${msg}`);
}

/** Runs one command line; returns the exit status (0 ok, 1 failed, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? topic.help : mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`没有“${name}”这个命令。\n\n${mainHelp()}`);
    return 2;
  }
  const wantsJson = rest.includes('--json');
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: cmd.allowPositionals ?? false,
        strict: true,
      });
    } catch (err) {
      throw optionError(err, cmd);
    }
    if (parsed.values.help) {
      io.out(cmd.help);
      return 0;
    }
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    if (err instanceof UsageError) {
      if (wantsJson) io.out(JSON.stringify({ error: { code: 'usage', message: err.message } }));
      io.err(`${err.message}`);
      return 2;
    }
    const known = err instanceof ApiError ? err : machineError(err);
    if (known) {
      if (wantsJson) io.out(JSON.stringify({ error: known.toPayload() }));
      io.err(`错误：${known.message}`);
      return 1;
    }
    io.err(`工作台内部错误：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
