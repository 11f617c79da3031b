import { describeTargetValue, formatDateCn } from '../../../shared/format';
import { LEDGER_LABEL, type PlanView, type TargetView } from '../../../shared/models';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { readInputFile } from '../../core/importer/inputFile';
import { checkPlanWorkbook, type PlanWorkbookCheck } from '../../core/plan/planWorkbook';
import type { PlanSummary } from '../../core/plan/planValidate';
import { UsageError, type CliIo, type Command, type ParsedArgs } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';
import { outPath, writeFileAtomic } from '../outFile';

function targetLine(t: TargetView): string {
  const value = describeTargetValue(t);
  return `    [${t.id}] ${t.description}：${value}，${formatDateCn(t.deadline)}前（${LEDGER_LABEL[t.ledger]}）`;
}

function printText(plan: PlanView, out: (s: string) => void): void {
  out(`${plan.document.title}（${plan.document.number}）`);
  out('');
  out('决战目标：');
  for (const g of plan.goals) out(targetLine(g));
  for (const t of plan.tasks) {
    out('');
    out(`${t.no}. ${t.title}（${t.section}；牵头：${t.lead.join('、') || '各县区'}）`);
    for (const x of t.targets) out(targetLine(x));
  }
  for (const p of plan.provisions.filter((x) => x.targets.length > 0)) {
    out('');
    out(`${p.code} ${p.title}：`);
    for (const x of p.targets) out(targetLine(x));
  }
}

const MAX_SHOWN = 60;

function summaryLine(p: PlanSummary): string {
  const doc = p.title ? `《${p.title}》${p.number ? `（${p.number}）` : ''}` : '（未写方案名称）';
  return `${doc}：重点任务 ${p.tasks} 项，考核目标和销号事项 ${p.targets} 个，决战目标 ${p.goals} 个，保障措施 ${p.provisions} 项，单位 ${p.units} 个。`;
}

/** A plan workbook read and checked; what it found printed unless --json, which the caller prints with its outcome. */
export function checkPlanFile(file: string, io: CliIo, json: boolean): PlanWorkbookCheck & { name: string } {
  const name = path.basename(file);
  const check = checkPlanWorkbook(readInputFile(file), name);
  if (json) return { ...check, name };
  const errors = check.findings.filter((f) => f.severity === 'error').length;
  const warnings = check.findings.length - errors;
  const counts = [errors ? `${errors} 个错误` : '', warnings ? `${warnings} 个警告` : ''].filter(Boolean).join('、');
  io.out(`方案工作簿“${name}”：${counts ? `发现 ${counts}` : '检查通过，没有发现问题'}${errors ? '，不能载入。请逐条改正后重新检查。' : '。'}`);
  for (const f of check.findings.slice(0, MAX_SHOWN)) {
    const where = f.sheet ? `${f.sheet}${f.cell ? `!${f.cell}` : ''}` : '文件';
    io.out(`  [${f.severity === 'error' ? '错误' : '警告'}] ${where}：${f.message}`);
  }
  if (check.findings.length > MAX_SHOWN) io.out(`  ……另有 ${check.findings.length - MAX_SHOWN} 个问题，加 --json 查看全部。`);
  if (check.summary) io.out(`方案：${summaryLine(check.summary)}`);
  return { ...check, name };
}

export function planCheckJson(check: PlanWorkbookCheck & { name: string }, loaded: { workspace: string } | null): string {
  return JSON.stringify({
    file: check.name,
    ok: check.seeds !== null,
    findings: check.findings,
    plan: check.summary,
    loaded,
  });
}

/** A workspace file that already holds something: a workbook plan goes only into a new one for now. */
export function refuseExisting(file: string): void {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    throw new ApiError(
      'workspace_exists',
      `工作区 ${file} 已经存在，已有自己的方案。把方案工作簿载入已有工作区（作为新方案或修订版本）要等“方案版本”功能完成后才能做；目前请用 --check 只检查工作簿，或用 bluesky init --db 新工作区.sqlite --plan 方案.xlsx 新建工作区。`,
    );
  }
}

async function runExport(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = outPath(args, io, ['xlsx']);
  const file = dbPath(args, io, false) ?? ':memory:';
  return withWorkspace(file, io, {}, async (_ws, api) => {
    const plan = await call(api, 'plan.get', {});
    const units = await call(api, 'units.list', {});
    // ExcelJS loads with the command that writes a workbook, not with the CLI
    const { buildPlanWorkbook } = await import('../../core/plan/planWorkbookWrite');
    writeFileAtomic(out, await buildPlanWorkbook({ plan, units }));
    if (args.values.json) io.out(JSON.stringify({ file: out }));
    else io.out(`已导出方案工作簿：${out}\n方案：${plan.document.title}（${plan.document.number}），重点任务 ${plan.tasks.length} 项。`);
    return 0;
  });
}

async function runImport(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, given, ...extra] = args.positionals;
  if (!given) throw new UsageError('请给出方案工作簿，例如：bluesky plan import 方案.xlsx --db 新工作区.sqlite --check');
  if (extra.length > 0) throw new UsageError(`一次只能检查或载入一个方案工作簿，多余的参数：“${extra.join('”“')}”。`);
  const json = args.values.json === true;
  const checkOnly = args.values.check === true;
  if (!checkOnly && !args.values.db) {
    throw new UsageError('请加 --check 只检查方案工作簿，或用 --db 新工作区.sqlite 检查后用它新建工作区。');
  }
  const db = dbPath(args, io, false);
  if (!checkOnly && db) refuseExisting(db);
  const check = checkPlanFile(path.resolve(io.cwd, given), io, json);
  if (checkOnly || !check.seeds || !db) {
    if (json) io.out(planCheckJson(check, null));
    return check.seeds ? 0 : 1;
  }
  const seeds = check.seeds;
  return withWorkspace(db, io, { create: true, plan: { seeds, source: `workbook:${check.name}` } }, async (ws) => {
    if (json) io.out(planCheckJson(check, { workspace: ws.file }));
    else io.out(`已用该方案新建工作区：${ws.file}`);
    return 0;
  });
}

export const planCommand: Command = {
  name: 'plan',
  summary: '列出方案的重点任务、考核目标和决战目标；导出、检查方案工作簿',
  help: `用法：bluesky plan [--db PATH] [--json]
      bluesky plan export --out 方案.xlsx [--db PATH]
      bluesky plan import FILE --check [--json]
      bluesky plan import FILE --db 新工作区.sqlite [--json]

列出方案的重点任务及其考核目标（目标值、计量单位、比较方式、截止日期、计算所用台账）、
决战目标和决战保障中的量化要求。不指定 --db 时直接读取程序内置的方案数据。

JSON 约定：目标值是所写计量单位（measure）下的普通数字；百分比以百分数表示（90 表示 90%）；
comparator 取 ">="、"<="、"<"、">"、"="；销号事项（kind 为 milestone）没有 value 和 comparator；
value 为 null 表示目标值由省或市大气办另行下达（valueSource 为 allocation）。

plan export：把方案写成可在 Excel 或 WPS 中修改的工作簿：说明、任务、目标、决战目标、保障、单位
六张表，带下拉列表和各表的填写说明。不指定 --db 时导出内置方案。

plan import：逐格检查方案工作簿（单位是否在单位表中、截止日期是否早于起始日期、比较方式与计量单位
是否相符、台账渠道能否计算该指标、引用原文能否在条文中找到、编号是否重复、必填项、日期、分单位目标值
是否属于责任单位等），指出工作表和单元格（如“目标!K12”）。
  --check 只检查、不写入。不加 --check 时，--db 须是尚不存在的文件：检查通过后用该方案新建工作区
  （与 bluesky init --db PATH --plan FILE 相同）；载入已有工作区要等方案版本功能完成。
  有错误时退出状态为 1，什么也不写。
  JSON（--json）输出：{"file":"方案.xlsx","ok":true|false,
    "findings":[{"sheet":"目标","cell":"K12","severity":"error"|"warning","message":"…"}],
    "plan":{"title","number","issuer","year","tasks","targets","goals","provisions","units"}|null,
    "loaded":{"workspace":"…"}|null}
  sheet 和 cell 为 null 表示问题涉及整个文件（如文件已损坏）；cell 为 null 表示涉及整张表；
  plan 为 null 表示文件无法读取；ok 为 false 时 loaded 必为 null。

选项：
  --db PATH         工作区（列出、导出时读取；import 时新建）
  --out FILE.xlsx   export 的输出文件
  --check           import 只检查、不写入
  --json            以 JSON 输出
  -h, --help        显示本帮助

示例：
  npm run -s bluesky -- plan export --out 方案2020.xlsx
  npm run -s bluesky -- plan import 方案2021.xlsx --check`,
  options: { db: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, check: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const sub = args.positionals[0];
    if (sub === 'export') {
      if (args.positionals.length > 1) throw new UsageError(`多余的参数“${args.positionals[1]}”。用法：bluesky plan export --out 方案.xlsx [--db PATH]`);
      if (args.values.check) throw new UsageError('--check 只用于 plan import。');
      return runExport(args, io);
    }
    if (sub === 'import') {
      if (args.values.out) throw new UsageError('--out 只用于 plan export。');
      return runImport(args, io);
    }
    if (sub !== undefined) throw new UsageError(`plan 没有“${sub}”这个子命令。可用：plan export、plan import；用 bluesky plan --help 查看用法。`);
    if (args.values.out || args.values.check) throw new UsageError('--out 用于 plan export，--check 用于 plan import。单独列出方案时不需要它们。');
    const file = dbPath(args, io, false) ?? ':memory:';
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const plan = await call(api, 'plan.get', {});
      if (args.values.json) io.out(JSON.stringify(plan));
      else printText(plan, io.out);
      return 0;
    });
  },
};
