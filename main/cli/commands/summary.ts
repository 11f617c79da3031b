import { formatDateCn, formatNumber } from '../../../shared/format';
import type { Command } from '../types';
import { isoDateArg, UsageError } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';

export const summaryCommand: Command = {
  name: 'summary',
  help: `用法：bluesky summary --db PATH --as-of YYYY-MM-DD [--json]

按单位汇总露天矿山、锅炉、车辆淘汰、排污许可台账：各行计入其所属县区；每个报送单位的每个县区取截至
as-of 所在月份的最新一期、最新版本的行（更正文件只替换它所涉及县区的行），县区自己报送的台账优先于
部门汇总文件中该县区的行；拒收的行不计入。
  mine.builtupTotal     建成区及周边露天矿山数；builtupClosed 其中已关闭且关闭时间不晚于 as-of 的
  mine.restoredMu       废弃（或责任主体灭失）矿山已完成治理面积之和（亩）
  boiler.smallCoalTotal 35蒸吨/小时以下燃煤锅炉数；smallCoalRemaining 其中未淘汰、未拆除的
  boiler.gasTotal       在册（未淘汰、未拆除）燃气锅炉数；gasRetrofitted 其中已完成低氮改造的
  vehicle.rows          淘汰车辆行数；eligibleRetired 国三及以下营运中重型柴油货车且淘汰日期不晚于 as-of 的
  permit.listed         名录内单位数（按信用代码去重，注销除外）；covered 已发证或已登记且日期不晚于 as-of 的
每类另有 reported 表示该单位是否报送过这类台账（未报送与 0 不同）。

选项：
  --db PATH             工作区文件
  --as-of YYYY-MM-DD    截止日期
  --json                以 JSON 输出
  -h, --help            显示本帮助`,
  options: { db: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const file = dbPath(args, io, true);
    const asOf = args.values['as-of'];
    if (typeof asOf !== 'string') throw new UsageError('缺少 --as-of YYYY-MM-DD：请给出截止日期，例如 --as-of 2020-09-30');
    isoDateArg(asOf, '--as-of');
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const s = await call(api, 'ledgers.summary', { asOf });
      if (args.values.json) {
        io.out(JSON.stringify(s));
        return 0;
      }
      io.out(`截至${formatDateCn(s.asOf)}各单位台账汇总`);
      for (const [unit, t] of Object.entries(s.units)) {
        io.out(`${unit}：`);
        io.out(
          t.mine.reported
            ? `  露天矿山：建成区及周边 ${t.mine.builtupTotal} 座，已关闭 ${t.mine.builtupClosed} 座；废弃矿山已治理 ${formatNumber(t.mine.restoredMu)} 亩`
            : '  露天矿山：未报送',
        );
        io.out(
          t.boiler.reported
            ? `  锅炉：35蒸吨以下燃煤锅炉 ${t.boiler.smallCoalTotal} 台，尚未淘汰 ${t.boiler.smallCoalRemaining} 台；燃气锅炉 ${t.boiler.gasTotal} 台，已低氮改造 ${t.boiler.gasRetrofitted} 台`
            : '  锅炉：未报送',
        );
        io.out(t.vehicle.reported ? `  车辆淘汰：${t.vehicle.rows} 辆，其中计入国三及以下营运中重型柴油货车任务 ${t.vehicle.eligibleRetired} 辆` : '  车辆淘汰：未报送');
        io.out(t.permit.reported ? `  排污许可：名录 ${t.permit.listed} 家，已发证或登记 ${t.permit.covered} 家` : '  排污许可：未报送');
      }
      return 0;
    });
  },
};
