import { parseArgs } from 'node:util';
import { APP_VERSION, PRODUCT_NAME } from '../../shared/version';
import { UsageError, type CliIo, type Command } from './types';

/**
 * Every command by name and one line on what it does; its module (and with it the core, SQLite, the API contract)
 * loads only when it runs, so `--help` and a mistyped command answer at once.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: '创建工作区（载入方案任务、目标和单位）', load: async () => (await import('./commands/init')).initCommand },
  { name: 'plan', summary: '列出方案的重点任务、考核目标和决战目标；列出方案版本；导出、检查、载入方案工作簿', load: async () => (await import('./commands/plan')).planCommand },
  { name: 'import', summary: '导入台账文件（.xlsx、.xls、.csv），检查并写入工作区', load: async () => (await import('./commands/importCmd')).importCommand },
  { name: 'check', summary: '检查台账文件，列出问题，不写入工作区', load: async () => (await import('./commands/importCmd')).checkCommand },
  { name: 'summary', summary: '按单位汇总各台账的数据（各单位截至该日最新一期、最新版本的行）', load: async () => (await import('./commands/summary')).summaryCommand },
  { name: 'template', summary: '生成空白台账模板（带下拉列表和填写说明）', load: async () => (await import('./commands/files')).templateCommand },
  { name: 'return', summary: '生成退回修改的工作簿：原文件标出问题单元格并加批注，附问题清单', load: async () => (await import('./commands/files')).returnCommand },
  { name: 'withdraw', summary: '撤回误导入的报送（如单位或月份识别错）：不再计入，保留在历史中', load: async () => (await import('./commands/files')).withdrawCommand },
  { name: 'allocate', summary: '目标分解下达：录入、导入或查看各单位的分解值，核对合计', load: async () => (await import('./commands/assess')).allocateCommand },
  { name: 'assess', summary: '考核评估：各目标×单位的完成率、序时进度、状态，县区排名，报送情况和问责建议', load: async () => (await import('./commands/assess')).assessCommand },
  { name: 'decide', summary: '处理问责建议：确认、降级或驳回（须写明理由）', load: async () => (await import('./commands/assess')).decideCommand },
  { name: 'register', summary: '问责台账：列出记录，或更新整改状态（整改中 → 已整改待核销 → 已销号）', load: async () => (await import('./commands/assess')).registerCommand },
  { name: 'report', summary: '生成月度通报工作簿和约谈材料，查看和重新生成已印发的报告', load: async () => (await import('./commands/report')).reportCommand },
  { name: 'settings', summary: '查看或修改工作区设置：分析员姓名、印发机关、文号前缀、主送和抄送机关、严重滞后差距、排名权重', load: async () => (await import('./commands/settings')).settingsCommand },
  { name: 'backup', summary: '备份工作区（或导出为一个文件，带到另一台电脑），列出已有的备份', load: async () => (await import('./commands/backup')).backupCommand },
  { name: 'restore', summary: '用一份备份（或导出的工作区文件）替换工作区，替换前先备份当前工作区', load: async () => (await import('./commands/backup')).restoreCommand },
  { name: 'demo', summary: '用内置示例台账走一遍全流程：建工作区、导入、评估、9月通报和一份约谈材料', load: async () => (await import('./commands/demo')).demoCommand },
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

function optionError(err: unknown, cmd: CommandEntry): UsageError {
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
    io.out(topic ? (await topic.load()).help : mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`没有“${name}”这个命令。\n\n${mainHelp()}`);
    return 2;
  }
  const wantsJson = rest.includes('--json');
  try {
    const cmd = await entry.load();
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: cmd.allowPositionals ?? false,
        strict: true,
      });
    } catch (err) {
      throw optionError(err, entry);
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
    // loaded only on failure: the API contract is large, and --help never needs it
    const [{ ApiError }, { machineError }] = await Promise.all([import('../../shared/api'), import('../core/machineErrors')]);
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
