import { describeTargetValue, formatDateCn } from '../../../shared/format';
import { LEDGER_LABEL, type PlanView, type TargetView } from '../../../shared/models';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { readInputFile } from '../../core/importer/inputFile';
import { checkPlanWorkbook, type PlanWorkbookCheck } from '../../core/plan/planWorkbook';
import type { PlanSummary } from '../../core/plan/planValidate';
import { isoDateArg, UsageError, type CliIo, type Command, type ParsedArgs } from '../types';
import type { PlanDiff, PlanVersionView } from '../../../shared/planModels';
import { planArg } from '../planArg';
import { effectiveLine } from '../../../shared/planNames';
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

/** A workspace file that already holds something: the plan is loaded into it rather than a new one made. */
function existingWorkspace(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).size > 0;
}

/** init --plan makes a new workspace only; loading into one that exists is plan import's work. */
export function refuseExisting(file: string): void {
  if (existingWorkspace(file)) {
    throw new ApiError(
      'workspace_exists',
      `工作区 ${file} 已经存在，已有自己的方案。要把方案工作簿载入这个工作区（作为新方案或修订），请用 bluesky plan import 方案.xlsx --db ${path.basename(file)}；要新建工作区，请换一个文件名。`,
    );
  }
}

function versionLine(v: PlanVersionView): string {
  const doc = `《${v.title}》${v.number ? `（${v.number}）` : ''}`;
  return `${doc}${v.label}，${effectiveLine(v)}；重点任务 ${v.counts.tasks} 项，考核目标和销号事项 ${v.counts.targets} 个`;
}

function printDiff(diff: PlanDiff, io: CliIo): void {
  if (diff.same) {
    io.out('与上一版相比：内容相同。');
    return;
  }
  io.out(`与${diff.from.label}相比：`);
  for (const c of diff.document) io.out(`  ${c.label}：${c.before} → ${c.after}`);
  for (const t of diff.tasks.added) io.out(`  新增任务 ${t.no}. ${t.title}`);
  for (const t of diff.tasks.removed) io.out(`  删去任务 ${t.no}. ${t.title}`);
  for (const t of diff.tasks.changed) io.out(`  任务 ${t.no}. ${t.title}：改了${t.changes.map((c) => c.label).join('、')}`);
  for (const t of diff.targets.added) io.out(`  新增目标 ${t.name}`);
  for (const t of diff.targets.removed) io.out(`  删去目标 ${t.name}`);
  for (const t of diff.targets.changed) {
    io.out(`  目标 ${t.name}：`);
    for (const c of t.changes) io.out(`    ${c.label}：${c.before.length > 60 ? '（文字有改动）' : `${c.before || '（空）'} → ${c.after || '（空）'}`}`);
  }
  if (diff.units.added.length) io.out(`  新增单位：${diff.units.added.join('、')}`);
  if (diff.units.removed.length) io.out(`  删去单位：${diff.units.removed.join('、')}`);
}

async function runExport(args: ParsedArgs, io: CliIo): Promise<number> {
  const out = outPath(args, io, ['xlsx']);
  const file = dbPath(args, io, false) ?? ':memory:';
  return withWorkspace(file, io, {}, async (_ws, api) => {
    const version = await planArg(args, api);
    const plan = await call(api, 'plan.get', version ? { version } : {});
    const blob = await call(api, 'plans.export', version ? { version } : {});
    writeFileAtomic(out, Buffer.from(blob.base64, 'base64'));
    if (args.values.json) io.out(JSON.stringify({ file: out }));
    else io.out(`已导出方案工作簿：${out}\n方案：${plan.document.title}（${plan.document.number}），重点任务 ${plan.tasks.length} 项。`);
    return 0;
  });
}

async function runImport(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, given, ...extra] = args.positionals;
  if (!given) throw new UsageError('请给出方案工作簿，例如：bluesky plan import 方案.xlsx --db 工作区.sqlite --check');
  if (extra.length > 0) throw new UsageError(`一次只能检查或载入一个方案工作簿，多余的参数：“${extra.join('”“')}”。`);
  const json = args.values.json === true;
  const checkOnly = args.values.check === true;
  if (!checkOnly && !args.values.db) {
    throw new UsageError('请加 --check 只检查方案工作簿，或用 --db 工作区.sqlite 指定载入到哪个工作区（文件不存在时新建）。');
  }
  const effectiveFrom = typeof args.values['effective-from'] === 'string' ? isoDateArg(args.values['effective-from'], '--effective-from') : undefined;
  const db = dbPath(args, io, false);
  const file = path.resolve(io.cwd, given);
  if (db && existingWorkspace(db)) return importInto(db, file, { checkOnly, json, ...(effectiveFrom ? { effectiveFrom } : {}) }, io);
  if (effectiveFrom) throw new UsageError('--effective-from 只用于载入已有工作区；新建工作区时方案自其年度的1月1日起施行。');
  const check = checkPlanFile(file, io, json);
  if (checkOnly || !check.seeds || !db) {
    if (json) io.out(planCheckJson(check, null));
    return check.seeds ? 0 : 1;
  }
  const seeds = check.seeds;
  return withWorkspace(db, io, { create: true, plan: { seeds, source: `workbook:${check.name}`, bytes: readInputFile(file) } }, async (ws) => {
    if (json) io.out(planCheckJson(check, { workspace: ws.file }));
    else io.out(`已用该方案新建工作区：${ws.file}`);
    return 0;
  });
}

/** A plan workbook checked against, or loaded into, a workspace that has its plans: a new plan, or a revision of one. */
async function importInto(db: string, file: string, opts: { checkOnly: boolean; json: boolean; effectiveFrom?: string }, io: CliIo): Promise<number> {
  return withWorkspace(db, io, {}, async (ws, api) => {
    const input = { file: { name: path.basename(file), path: file }, ...(opts.effectiveFrom ? { effectiveFrom: opts.effectiveFrom } : {}) };
    const check = await call(api, 'plans.check', input);
    const loadable = check.ok && check.load !== null;
    const out = (loaded: PlanVersionView | null) =>
      JSON.stringify({
        file: check.fileName,
        ok: check.ok,
        findings: check.findings,
        plan: check.summary,
        load: check.load,
        diff: check.diff,
        loaded: loaded ? { workspace: ws.file, version: loaded } : null,
      });
    if (!opts.json) {
      const errors = check.findings.filter((f) => f.severity === 'error').length;
      io.out(`方案工作簿“${check.fileName}”：${errors ? `发现 ${errors} 个错误，不能载入。请逐条改正后重新检查。` : '检查通过。'}`);
      for (const f of check.findings.slice(0, MAX_SHOWN)) {
        const where = f.sheet ? `${f.sheet}${f.cell ? `!${f.cell}` : ''}` : '文件';
        io.out(`  [${f.severity === 'error' ? '错误' : '警告'}] ${where}：${f.message}`);
      }
      if (check.summary) io.out(`方案：${summaryLine(check.summary)}`);
      if (check.load) {
        const l = check.load;
        io.out(
          l.kind === 'new'
            ? `载入后：作为新方案，自${formatDateCn(l.effectiveFrom)}起施行。`
            : `载入后：作为《${l.title}》的第${l.version}版（修订${l.revisionOf!.label}），自${formatDateCn(l.effectiveFrom)}起施行；此前保存的评估仍按原版本。`,
        );
      }
      if (check.diff) printDiff(check.diff, io);
    }
    if (opts.checkOnly || !loadable) {
      if (opts.json) io.out(out(null));
      return check.ok ? 0 : 1;
    }
    const { version } = await call(api, 'plans.load', input);
    if (opts.json) io.out(out(version));
    else io.out(`已载入：${versionLine(version)}。`);
    return 0;
  });
}

async function runList(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = dbPath(args, io, true);
  return withWorkspace(file, io, {}, async (_ws, api) => {
    const list = await call(api, 'plans.list', {});
    if (args.values.json) {
      io.out(JSON.stringify(list));
      return 0;
    }
    io.out(`工作区中的方案（共 ${list.versions.length} 个版本）：`);
    for (const v of list.versions) {
      io.out(`  ${v.id === list.inForce ? '*' : ' '} ${versionLine(v)}（--plan ${v.planCode}@${v.version}）`);
    }
    io.out('  * 为默认使用的版本（最近一个月台账所在时间施行的方案）；考核评估默认用评估截止日施行的版本。');
    return 0;
  });
}

export const planCommand: Command = {
  name: 'plan',
  help: `用法：bluesky plan [--db PATH] [--plan 文号[@版本]] [--json]
      bluesky plan list --db PATH [--json]
      bluesky plan export --out 方案.xlsx [--db PATH] [--plan 文号[@版本]]
      bluesky plan import FILE --check [--db PATH] [--json]
      bluesky plan import FILE --db PATH [--effective-from YYYY-MM-DD] [--json]

列出方案的重点任务及其考核目标（目标值、计量单位、比较方式、截止日期、计算所用台账）、
决战目标和决战保障中的量化要求。不指定 --db 时直接读取程序内置的方案数据。
一个工作区可以有多个方案（如2020年方案、2021年方案）及其修订版本；不指定 --plan 时列出
最近一个月台账所在时间施行的方案。

JSON 约定：目标值是所写计量单位（measure）下的普通数字；百分比以百分数表示（90 表示 90%）；
comparator 取 ">="、"<="、"<"、">"、"="；销号事项（kind 为 milestone）没有 value 和 comparator；
value 为 null 表示目标值由省或市大气办另行下达（valueSource 为 allocation）；
version 为方案版本 {"versionId","title","number","version","label"}，versionId 由工作区生成，不同工作区之间不可比。

plan list：列出工作区中每个方案的各个版本、施行期间和默认使用的版本。
  JSON：{"versions":[{"id","planCode","title","number","issuer","year","version","label","source","fileName",
  "effectiveFrom","effectiveTo","latest","loadedBy","loadedAt","counts":{"tasks","targets"}}],"inForce":id}

plan export：把方案写成可在 Excel 或 WPS 中修改的工作簿：说明、任务、目标、决战目标、保障、单位
六张表，带下拉列表和各表的填写说明。不指定 --db 时导出内置方案；--plan 选择导出哪个方案版本。

plan import：逐格检查方案工作簿（单位是否在单位表中、截止日期是否早于起始日期、比较方式与计量单位
是否相符、台账渠道能否计算该指标、引用原文能否在条文中找到、编号是否重复、必填项、日期、分单位目标值
是否属于责任单位等），指出工作表和单元格（如“目标!K12”）。
  --check 只检查、不写入；与已有工作区的 --db 一起用时，还说明载入后是新方案还是修订及修订改了什么。
  不加 --check 时：--db 是已有工作区，检查通过后载入其中——文号与已有方案相同的作为该方案的新版本（修订），
  此前保存的评估和印发的报告仍按原版本；文号不同的作为新方案，自其年度1月1日起施行。
  --db 是尚不存在的文件时，检查通过后用该方案新建工作区（与 bluesky init --db PATH --plan FILE 相同）。
  --effective-from 修订或新方案的施行日期（默认：修订与原版本相同，新方案为其年度1月1日）。
  有错误时退出状态为 1，什么也不写；与已载入版本内容完全相同时不再载入。
  JSON（--json）输出：{"file":"方案.xlsx","ok":true|false,
    "findings":[{"sheet":"目标","cell":"K12","severity":"error"|"warning","message":"…"}],
    "plan":{"title","number","issuer","year","tasks","targets","goals","provisions","units"}|null,
    "loaded":{"workspace":"…"}|null}
  sheet 和 cell 为 null 表示问题涉及整个文件（如文件已损坏）；cell 为 null 表示涉及整张表；
  plan 为 null 表示文件无法读取；ok 为 false 时 loaded 必为 null。载入已有工作区时另有
  "load":{"kind":"new"|"revision","planCode","title","number","version","revisionOf","effectiveFrom"}|null、
  "diff"（修订改动，见界面“修订对比”）和 "loaded":{"workspace","version":{…同 plan list…}}。

选项：
  --db PATH                 工作区
  --plan 文号[@版本]        方案的文号、名称或年度，可加 @版本号（如 --plan 阳政办发〔2020〕28号@1）
  --out FILE.xlsx           export 的输出文件
  --check                   import 只检查、不写入
  --effective-from 日期     import 的施行日期
  --json                    以 JSON 输出
  -h, --help                显示本帮助

示例：
  npm run -s bluesky -- plan export --out 方案2020.xlsx
  npm run -s bluesky -- plan import 方案2021.xlsx --db 工作区.sqlite --check
  npm run -s bluesky -- plan import 方案2021.xlsx --db 工作区.sqlite
  npm run -s bluesky -- plan list --db 工作区.sqlite`,
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    plan: { type: 'string' },
    'effective-from': { type: 'string' },
  },
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
      if (args.values.plan) throw new UsageError('--plan 用于列出、导出方案；plan import 按工作簿中的文号判断是新方案还是修订。');
      return runImport(args, io);
    }
    if (sub === 'list') {
      if (args.positionals.length > 1) throw new UsageError(`多余的参数“${args.positionals[1]}”。用法：bluesky plan list --db PATH [--json]`);
      return runList(args, io);
    }
    if (sub !== undefined) throw new UsageError(`plan 没有“${sub}”这个子命令。可用：plan list、plan export、plan import；用 bluesky plan --help 查看用法。`);
    if (args.values.out || args.values.check) throw new UsageError('--out 用于 plan export，--check 用于 plan import。单独列出方案时不需要它们。');
    const file = dbPath(args, io, false) ?? ':memory:';
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const version = await planArg(args, api);
      const plan = await call(api, 'plan.get', version ? { version } : {});
      if (args.values.json) io.out(JSON.stringify(plan));
      else printText(plan, io.out);
      return 0;
    });
  },
};
