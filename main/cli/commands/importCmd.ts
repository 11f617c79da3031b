import path from 'node:path';
import { LEDGER_KINDS, LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { formatMonthCn } from '../../../shared/format';
import type { ImportResultView } from '../../../shared/ledgerModels';
import { SEVERITY_LABEL } from '../../core/importer/findings';
import { UsageError, type CliIo, type Command, type ParsedArgs } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';

const STATUS_LABEL: Record<ImportResultView['status'], string> = {
  imported: '已导入',
  duplicate_file: '重复文件，未导入',
  refused: '拒收',
  checked: '已检查（未写入）',
  cancelled: '已取消，未导入',
};

export function kindArg(args: ParsedArgs): LedgerKind | undefined {
  const k = args.values.kind;
  if (k === undefined) return undefined;
  if (typeof k !== 'string' || !(LEDGER_KINDS as readonly string[]).includes(k)) {
    throw new UsageError(`--kind 应为 ${LEDGER_KINDS.join('、')} 之一（${LEDGER_KINDS.map((x) => `${x}=${LEDGER_LABEL[x]}`).join('，')}）。`);
  }
  return k as LedgerKind;
}

function periodArg(args: ParsedArgs): string | undefined {
  const p = args.values.period;
  if (p === undefined) return undefined;
  if (typeof p !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(p)) throw new UsageError('--period 应为 YYYY-MM 格式的月份，例如 2020-09。');
  return p;
}

function printResult(r: ImportResultView, io: CliIo, maxFindings = 20): void {
  io.out(`${r.file}：${STATUS_LABEL[r.status]}`);
  if (r.error) {
    io.out(`  ${r.error.message}`);
    return;
  }
  if (r.duplicateOf) {
    io.out(`  与 ${r.duplicateOf.importedAt.slice(0, 10)} 导入的“${r.duplicateOf.file}”（报送编号 ${r.duplicateOf.id}）内容完全相同。`);
    return;
  }
  const inferred = r.detection?.submitter.source === 'lead' ? '（文件未写明报送单位，按牵头单位推定；可用 --unit 指定）' : '';
  io.out(`  ${r.submitter}${inferred} · ${r.period ? formatMonthCn(r.period) : ''} · ${r.kind ? LEDGER_LABEL[r.kind] : ''}${r.id ? ` · 报送编号 ${r.id}` : ''}`);
  io.out(`  共 ${r.rows.total} 行：接收 ${r.rows.accepted} 行（其中 ${r.rows.warned} 行有警告），拒收 ${r.rows.rejected} 行。`);
  for (const line of coverageLines(r)) io.out(`  ${line}`);
  const shown = r.findings.filter((f) => f.severity !== 'info').slice(0, maxFindings);
  for (const f of shown) io.out(`  [${SEVERITY_LABEL[f.severity]}] ${f.sheet ?? ''}${f.row ? ` 第${f.row}行` : ''}${f.column ? `“${f.column}”` : ''}：${f.message}`);
  const more = r.findings.filter((f) => f.severity !== 'info').length - shown.length;
  if (more > 0) io.out(`  ……另有 ${more} 个问题，加 --json 查看全部。`);
}

/** Whose rows the file holds and, per unit, which earlier rows it replaces: what a partial correction does. */
function coverageLines(r: ImportResultView): string[] {
  const c = r.coverage ?? [];
  if (c.length === 0) return [];
  const verb = r.status === 'imported' ? '替换了' : '将替换';
  const lines = [`  涉及 ${c.length} 个单位：${c.map((x) => `${x.unit} ${x.rows} 行`).join('，')}。`];
  const byOld = new Map<number, { file: string; units: string[] }>();
  for (const x of c) if (x.replaces) byOld.set(x.replaces.id, { file: x.replaces.file, units: [...(byOld.get(x.replaces.id)?.units ?? []), x.unit] });
  for (const [id, o] of byOld) lines.push(`  ${verb}此前报送的“${o.file}”（报送编号 ${id}）中${o.units.join('、')}的行；其他单位的行不受影响。`);
  return lines.map((l) => l.trimStart());
}

const COMMON_OPTIONS = {
  db: { type: 'string' },
  kind: { type: 'string' },
  unit: { type: 'string' },
  period: { type: 'string' },
  json: { type: 'boolean' },
} as const;

async function runImport(args: ParsedArgs, io: CliIo, dryRun: boolean): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('请给出要导入的文件，例如：bluesky import 盂县锅炉台账.xlsx --db 工作区.sqlite');
  const kind = kindArg(args);
  const period = periodArg(args);
  const unit = typeof args.values.unit === 'string' ? args.values.unit : undefined;
  const file = dryRun ? (dbPath(args, io, false) ?? ':memory:') : dbPath(args, io, true);
  return withWorkspace(file, io, {}, async (_ws, api) => {
    const files = args.positionals.map((p) => ({ name: path.basename(p), path: path.resolve(io.cwd, p) }));
    const req = { files, ...(kind ? { kind } : {}), ...(unit ? { unit } : {}), ...(period ? { period } : {}) };
    const { submissions } = await call(api, dryRun ? 'imports.check' : 'imports.run', req);
    if (args.values.json) io.out(JSON.stringify({ submissions }));
    else submissions.forEach((r) => printResult(r, io));
    return submissions.some((r) => r.status === 'refused') ? 1 : 0;
  });
}

const FLAGS_HELP = `  --kind KIND      台账类别（不指定时按表头识别）：mine 露天矿山、boiler 锅炉、vehicle 车辆淘汰、
                   permit 排污许可、indicator 指标报送、milestone 任务销号
  --unit NAME      报送单位（不指定时从标题、填报单位、文件名或县区列识别，都没有写明时按牵头单位推定）
  --period YYYY-MM 报送月份（不指定时从标题或文件名识别）
  --json           以 JSON 输出 {"submissions":[…]}
  -h, --help       显示本帮助`;

export const importCommand: Command = {
  name: 'import',
  help: `用法：bluesky import FILE... --db PATH [--kind KIND] [--unit NAME] [--period YYYY-MM] [--json]

逐个读取台账文件，识别台账类别、报送单位和月份，检查每一行，写入工作区。每个文件是一次报送：
要么整份写入，要么（文件无法读取时）完全不写。内容完全相同的文件不会重复导入。
各行计入其县区列所写的县区（或按县区分的工作表所属的县区），否则计入报送单位；文件未写明报送单位时，
按该台账对应方案任务的牵头单位推定。同一报送单位、同一台账、同一月份的新文件只替换旧文件中它所涉及的
县区的行，其他县区的行仍然有效；旧文件保留在历史中。有文件被拒收时退出状态为 1。

选项：
  --db PATH        工作区文件
${FLAGS_HELP}

示例：
  npm run -s bluesky -- import 盂县2020年9月锅炉台账.xlsx 平定县锅炉.xls --db 阳泉2020.sqlite`,
  options: { ...COMMON_OPTIONS },
  allowPositionals: true,
  run: (args, io) => runImport(args, io, false),
};

export const checkCommand: Command = {
  name: 'check',
  help: `用法：bluesky check FILE... [--db PATH] [--kind KIND] [--unit NAME] [--period YYYY-MM] [--json]

与 import 相同的识别和检查，但不写入任何内容。指定 --db 时还会与工作区中已有的报送比对
（其他单位报送的重复对象、矿山治理面积较上月下降）。有文件无法读取时退出状态为 1。

选项：
  --db PATH        用于比对的工作区（可选）
${FLAGS_HELP}`,
  options: { ...COMMON_OPTIONS },
  allowPositionals: true,
  run: (args, io) => runImport(args, io, true),
};
