import path from 'node:path';
import { formatBeijingDateTime, formatBytes, formatDateCn, formatMonthCn } from '../../../shared/format';
import { REPORT_KIND_LABEL, type IssuedReportView } from '../../../shared/reportModels';
import { ApiError } from '../../../shared/api';
import { isoDateArg, UsageError, type CliIo, type Command, type ParsedArgs } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';
import { outPath, writeFileAtomic } from '../outFile';

function monthArg(args: ParsedArgs): string {
  const v = args.values.month;
  if (typeof v !== 'string') throw new UsageError('缺少 --month YYYY-MM：请给出通报所属月份，例如 --month 2020-09');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new UsageError(`--month 应为 YYYY-MM 格式的月份，例如 2020-09，而不是“${v}”。`);
  return v;
}

function positiveArg(args: ParsedArgs, flag: string): number | undefined {
  const v = args.values[flag];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} 应为正整数，而不是“${String(v)}”。`);
  return n;
}

/** --date: the 印发日期 the document bears; the core defaults it to today in Beijing. */
function dateArg(args: ParsedArgs): string | undefined {
  const v = args.values.date;
  return typeof v === 'string' ? isoDateArg(v, '--date') : undefined;
}

function printIssued(io: CliIo, r: IssuedReportView): void {
  io.out(
    `  印发日期：${formatDateCn(r.issuedOn)}${r.docNumber ? `，文号：${r.docNumber}` : ''}，印发人：${r.issuedBy}${r.rectifyBy ? `，整改期限：${formatDateCn(r.rectifyBy)}` : ''}`,
  );
  io.out(`  印发记录 #${r.id}：依据第 ${r.runId} 次评估，读取台账 ${r.submissionIds.length} 份，${formatBytes(r.size)}，SHA-256 ${r.sha256}`);
  if (r.changes.length > 0) {
    io.out('  与上次印发相比：');
    for (const c of r.changes) io.out(`    ${c}`);
  }
}

/** The core says why; the command line adds how to go on from here. */
function withCliHint(err: unknown, db: string): never {
  if (err instanceof ApiError && err.code === 'no_returns') {
    throw new ApiError(err.code, `${err.message}\n强制生成：在命令后加 --force。`, err.details);
  }
  if (err instanceof ApiError && err.code === 'decision_required') {
    const d = err.details as { pending?: { proposalId: number }[] } | undefined;
    const id = d?.pending?.[0]?.proposalId;
    throw new ApiError(
      err.code,
      `${err.message}\n在命令行处理建议：bluesky decide ${id ?? '建议编号'} --db "${db}" --action confirm --reason "……"（建议编号见 bluesky assess 或界面“问责台账”页）；` +
        '生成草稿：在命令后加 --draft。',
      err.details,
    );
  }
  throw err;
}

const HELP = `用法：
  bluesky report monthly --db PATH --month YYYY-MM --out FILE.xlsx [--run N] [--date YYYY-MM-DD] [--force]
  bluesky report dossier --db PATH --unit NAME --month YYYY-MM --out FILE.docx|FILE.pdf [--run N] [--date YYYY-MM-DD] [--rectify-by YYYY-MM-DD] [--draft]
  bluesky report list --db PATH [--json]
  bluesky report reissue --db PATH --id N --out FILE

monthly  月度通报工作簿：封面（标题、截止日期、概述和图表）、任务进展、县区排名、目标完成矩阵（按状态着色）、
         滞后清单、数据质量、报送情况；A4 横向打印。
dossier  某单位的约谈材料：滞后和逾期目标的数据、违反的方案条款原文、证据行（来源文件、工作表、行号）、
         此前的预警和问责记录、整改要求和期限。.docx 可编辑；.pdf 需要本机有 Chromium。
         须先在问责台账中对该单位该月作出约谈或挂牌督办决定（界面“问责台账”页，或 bluesky decide），
         文字随决定写“约谈”或“挂牌督办”；没有决定时只能用 --draft 生成草稿。
list     已印发的报告：种类、单位、月份、依据的评估、台账份数、文件 SHA-256、印发人和时间。
reissue  按印发时的数据重新生成一份已印发的报告（之后导入的台账和作出的决定不影响它）。

报告总是依据一次已保存的评估：不给 --run 时，用该月月末最近保存且与当前台账一致的评估，没有则先保存一次。
同一月份（和单位）再次印发时，会列出与上次印发相比的变化。
制表人、印发人为设置中的分析员（bluesky settings --set analyst=姓名），未设置时不能印发；印发机关、文号前缀、
主送和抄送机关也在设置中填写。文件中的日期只有印发日期（--date，默认为今天，北京时间）和由评估月份推出的整改期限。

选项：
  --db PATH                工作区文件
  --month YYYY-MM          月份（评估截止到该月最后一天）
  --unit NAME              约谈对象（县区或部门，可用简称）
  --out FILE               输出文件（.xlsx；约谈材料 .docx 或 .pdf）
  --run N                  指定依据的评估编号
  --date YYYY-MM-DD        印发日期（默认为今天，北京时间；不得早于评估截止日）
  --rectify-by YYYY-MM-DD  整改期限（默认为评估月份次月的最后一天，如 2020-09 为 2020-10-31；须晚于印发日期）
  --draft                  约谈材料草稿：标题和页眉标注“草稿”，不登记为印发，不要求已作出决定
  --force                  本月没有任何单位报送台账时仍生成月度通报
  --id N                   印发记录编号（见 report list）
  --json                   以 JSON 输出（list）
  -h, --help               显示本帮助`;

export const reportCommand: Command = {
  name: 'report',
  help: HELP,
  options: {
    db: { type: 'string' },
    month: { type: 'string' },
    unit: { type: 'string' },
    out: { type: 'string' },
    run: { type: 'string' },
    'rectify-by': { type: 'string' },
    draft: { type: 'boolean' },
    force: { type: 'boolean' },
    date: { type: 'string' },
    id: { type: 'string' },
    json: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(args, io) {
    const sub = args.positionals[0];
    if (args.positionals.length > 1) throw new UsageError(`多余的参数“${args.positionals[1]}”。用 bluesky report --help 查看用法。`);
    const file = dbPath(args, io, true);
    if (sub === 'monthly') {
      const month = monthArg(args);
      const out = outPath(args, io, ['xlsx']);
      const runId = positiveArg(args, 'run');
      const issuedOn = dateArg(args);
      return withWorkspace(file, io, { deliverReport: (_name, bytes) => writeFileAtomic(out, bytes) }, async (_ws, api) => {
        const r = await call(api, 'reports.monthly', { month, ...(runId ? { runId } : {}), ...(args.values.force ? { force: true } : {}), ...(issuedOn ? { issuedOn } : {}) }).catch((e: unknown) =>
          withCliHint(e, file),
        );
        io.out(`已生成${formatMonthCn(month)}月度通报：${out}`);
        printIssued(io, r.report);
        return 0;
      });
    }
    if (sub === 'dossier') {
      const month = monthArg(args);
      const unit = args.values.unit;
      if (typeof unit !== 'string' || !unit.trim()) throw new UsageError('缺少 --unit NAME：请给出约谈对象，例如 --unit 盂县');
      const out = outPath(args, io, ['docx', 'pdf']);
      const format = path.extname(out).slice(1).toLowerCase() as 'docx' | 'pdf';
      const runId = positiveArg(args, 'run');
      const rectifyBy = typeof args.values['rectify-by'] === 'string' ? isoDateArg(args.values['rectify-by'], '--rectify-by') : undefined;
      const issuedOn = dateArg(args);
      return withWorkspace(file, io, { pdf: format === 'pdf', deliverReport: (_name, bytes) => writeFileAtomic(out, bytes) }, async (_ws, api) => {
        const req = { unit, month, format, ...(runId ? { runId } : {}), ...(rectifyBy ? { rectifyBy } : {}), ...(issuedOn ? { issuedOn } : {}) };
        if (args.values.draft) {
          const draft = await call(api, 'reports.dossierDraft', req);
          io.out(`已生成草稿：${out}`);
          io.out(`  依据第 ${draft.runId} 次评估；草稿不登记为印发${draft.decided ? '' : '，问责台账中尚未作出约谈或挂牌督办决定'}。`);
          return 0;
        }
        const r = await call(api, 'reports.dossier', req).catch((e: unknown) => withCliHint(e, file));
        io.out(`已生成${r.report.unit}的${r.report.fileName.startsWith('挂牌督办材料') ? '挂牌督办材料' : '约谈材料'}：${out}`);
        printIssued(io, r.report);
        return 0;
      });
    }
    if (sub === 'list') {
      return withWorkspace(file, io, {}, async (_ws, api) => {
        const list = await call(api, 'reports.list', {});
        if (args.values.json) {
          io.out(JSON.stringify(list));
          return 0;
        }
        if (list.length === 0) io.out('还没有印发过报告。');
        for (const r of list) {
          io.out(
            `#${r.id} ${REPORT_KIND_LABEL[r.kind]}${r.unit ? `（${r.unit}）` : ''} ${formatMonthCn(r.month)} .${r.format}  截至${formatDateCn(r.asOf)}，评估 #${r.runId}，台账 ${r.submissionIds.length} 份` +
              `${r.reissueOf ? `，重新生成自 #${r.reissueOf}` : ''}  ${r.docNumber ? `${r.docNumber}  ` : ''}印发日期 ${formatDateCn(r.issuedOn)}  印发人 ${r.issuedBy}（登记于 ${formatBeijingDateTime(r.issuedAt)}）  SHA-256 ${r.sha256.slice(0, 16)}…`,
          );
        }
        return 0;
      });
    }
    if (sub === 'reissue') {
      const id = positiveArg(args, 'id');
      if (id === undefined) throw new UsageError('缺少 --id N：请给出印发记录编号（见 bluesky report list）。');
      // the extension --out must have is known only once the record is read
      let out: string | null = null;
      const deliverReport = (_name: string, bytes: Buffer) => writeFileAtomic(out!, bytes);
      return withWorkspace(file, io, { pdf: true, deliverReport }, async (_ws, api) => {
        const original = (await call(api, 'reports.list', {})).find((r) => r.id === id);
        if (!original) throw new UsageError(`没有编号为 ${id} 的印发记录（见 bluesky report list）。`);
        out = outPath(args, io, [original.format]);
        const r = await call(api, 'reports.reissue', { id });
        io.out(`已生成按第 ${id} 号印发记录重新生成的${REPORT_KIND_LABEL[original.kind]}：${out}`);
        printIssued(io, r.report);
        io.out(r.identical ? '  文件与原件逐字节相同（SHA-256 一致）。' : '  内容依据原件的数据重建；PDF 的生成时间等元数据与原件不同，原件仍保存在工作区中（可用界面“下载原件”取回）。');
        return 0;
      });
    }
    throw new UsageError(sub ? `未知的子命令“${sub}”：应为 monthly、dossier、list 或 reissue。` : '请给出子命令：monthly、dossier、list 或 reissue。用 bluesky report --help 查看用法。');
  },
};
