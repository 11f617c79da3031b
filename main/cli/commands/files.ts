import { LEDGER_LABEL } from '../../../shared/models';
import { UsageError, type Command } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';
import { outPath, writeOut } from '../outFile';
import { kindArg } from './importCmd';

export const templateCommand: Command = {
  name: 'template',
  help: `用法：bluesky template KIND --out FILE.xlsx [--db PATH]

生成一类台账的空白模板：规范表头、县区和状态等列的下拉列表、日期和数字校验，以及“填写说明”工作表。
KIND：mine 露天矿山、boiler 锅炉、vehicle 车辆淘汰、permit 排污许可、indicator 指标报送、milestone 任务销号。

选项：
  --out FILE.xlsx  输出文件
  --db PATH        从该工作区取单位表（可选，默认用内置单位表）
  -h, --help       显示本帮助`,
  options: { out: { type: 'string' }, db: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const kind = kindArg({ values: { kind: args.positionals[0] }, positionals: [] });
    if (!kind) throw new UsageError('请给出台账类别，例如：bluesky template boiler --out 锅炉台账模板.xlsx');
    const out = outPath(args, io, ['xlsx']);
    return withWorkspace(dbPath(args, io, false) ?? ':memory:', io, {}, async (_ws, api) => {
      const blob = await call(api, 'imports.template', { kind });
      writeOut(out, blob.base64, io, `${LEDGER_LABEL[kind]}模板`);
      return 0;
    });
  },
};

export const returnCommand: Command = {
  name: 'return',
  help: `用法：bluesky return SUBMISSION_ID --db PATH --out FILE.xlsx

取出某次报送的原文件，把有问题的单元格标红（错误）或标黄（警告）并加批注说明，另加“问题清单”工作表，
供退回报送单位修改。报送编号见 import 的输出。

选项：
  --db PATH        工作区文件
  --out FILE.xlsx  输出文件
  -h, --help       显示本帮助`,
  options: { db: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const id = Number(args.positionals[0]);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError('请给出报送编号（正整数），例如：bluesky return 12 --db 工作区.sqlite --out 退回.xlsx');
    const file = dbPath(args, io, true);
    const out = outPath(args, io, ['xlsx']);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const blob = await call(api, 'imports.returnWorkbook', { submissionId: id });
      writeOut(out, blob.base64, io, '退回修改的工作簿');
      return 0;
    });
  },
};

export const withdrawCommand: Command = {
  name: 'withdraw',
  help: `用法：bluesky withdraw SUBMISSION_ID --db PATH --reason TEXT [--json]

把一次误导入的报送撤回：它不再计入汇总和考核，但保留在报送历史中（注明撤回人、时间和理由）；
它替换过的旧版本（同一报送单位、同一月份，逐个县区）恢复为当前版本。撤回后，同一文件可以指定正确的
单位或月份重新导入。

选项：
  --db PATH        工作区文件
  --reason TEXT    撤回理由（必填）
  --json           以 JSON 输出
  -h, --help       显示本帮助`,
  options: { db: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const id = Number(args.positionals[0]);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError('请给出报送编号，例如：bluesky withdraw 12 --db 工作区.sqlite --reason "误作10月台账导入"');
    const reason = args.values.reason;
    if (typeof reason !== 'string' || !reason.trim()) throw new UsageError('请用 --reason 写明撤回的理由。');
    const file = dbPath(args, io, true);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const s = await call(api, 'submissions.withdraw', { id, reason });
      if (args.values.json) io.out(JSON.stringify(s));
      else {
        io.out(`已撤回报送 ${id}（${s.submitter} · ${s.period} · ${s.file}）。`);
        // what counts now for each unit it covered: the version it had replaced, or nothing from this submitter
        const same = await call(api, 'submissions.list', { kind: s.kind, period: s.period, unit: s.submitter });
        for (const u of s.units) {
          const now = same.find((x) => x.units.some((y) => y.unit === u.unit && y.status === 'current'));
          io.out(`  ${u.unit}：${now ? `现以报送 ${now.id}（${now.file}）为准` : `${s.submitter}本月已没有有效的行`}。`);
        }
      }
      return 0;
    });
  },
};
