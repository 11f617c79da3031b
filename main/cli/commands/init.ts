import path from 'node:path';
import type { Command } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';
import { checkPlanFile, planCheckJson, refuseExisting } from './plan';
import { readInputFile } from '../../core/importer/inputFile';

export const initCommand: Command = {
  name: 'init',
  help: `用法：bluesky init --db PATH [--plan FILE.xlsx] [--json]

创建一个工作区文件，并载入《阳泉市打赢蓝天保卫战2020年决战行动方案》的任务、考核目标和单位表。
对已有的工作区再次执行不会重复载入；如果方案数据有更新，会就地更新，分析人员添加的单位别名保留。

--plan 用方案工作簿（bluesky plan export 导出的格式）代替内置方案新建工作区：先逐格检查，
有错误时列出问题单元格、不建工作区（退出状态 1）。这样建立的工作区不再随内置方案更新。
--db 须是尚不存在的文件。

选项：
  --db PATH        工作区文件路径（不存在时创建）
  --plan FILE      用这个方案工作簿新建工作区
  --json           以 JSON 输出工作区信息；加 --plan 时另有 "planWorkbook":{"file","findings"}（警告），
                   检查未通过时输出 plan import 的 JSON
  -h, --help       显示本帮助

示例：
  npm run -s bluesky -- init --db 阳泉2020.sqlite
  npm run -s bluesky -- init --db 阳泉2021.sqlite --plan 方案2021.xlsx`,
  options: { db: { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const file = dbPath(args, io, true);
    let plan;
    let planWorkbook: { file: string; findings: unknown[] } | undefined;
    if (typeof args.values.plan === 'string') {
      refuseExisting(file);
      const check = checkPlanFile(path.resolve(io.cwd, args.values.plan), io, args.values.json === true);
      if (!check.seeds) {
        if (args.values.json) io.out(planCheckJson(check, null));
        return 1;
      }
      plan = { seeds: check.seeds, source: `workbook:${check.name}`, bytes: readInputFile(path.resolve(io.cwd, args.values.plan)) };
      planWorkbook = { file: check.name, findings: check.findings };
    }
    return withWorkspace(file, io, { create: true, ...(plan ? { plan } : {}) }, async (ws, api) => {
      const info = await call(api, 'app.info', {});
      if (args.values.json) {
        io.out(
          JSON.stringify({
            ...info,
            created: ws.migration.from === 0,
            migratedFrom: ws.migration.from,
            planUpdated: ws.plan.changed,
            ...(planWorkbook ? { planWorkbook } : {}),
          }),
        );
        return 0;
      }
      const what =
        ws.migration.from === 0
          ? '已创建工作区'
          : ws.migration.from < ws.migration.to
            ? `已将工作区从数据库版本 ${ws.migration.from} 升级到 ${ws.migration.to}（升级前备份：${ws.migration.backup}）`
            : '工作区已存在';
      io.out(`${what}：${ws.file}`);
      io.out(
        `方案：${info.planTitle}（${info.planNumber}）${ws.plan.changed && ws.migration.from !== 0 ? '，方案数据已更新' : ''}`,
      );
      io.out(`重点任务 ${info.counts.tasks} 项，考核目标和销号事项 ${info.counts.targets} 个，单位 ${info.counts.units} 个。`);
      return 0;
    });
  },
};
