import { describeTargetValue, formatDateCn } from '../../../shared/format';
import { LEDGER_LABEL, type PlanView, type TargetView } from '../../../shared/models';
import type { Command } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';

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

export const planCommand: Command = {
  name: 'plan',
  summary: '列出方案的重点任务、考核目标和决战目标',
  help: `用法：bluesky plan [--db PATH] [--json]

列出方案的 22 项重点任务及其考核目标（目标值、计量单位、比较方式、截止日期、计算所用台账）、
二、决战目标和四、决战保障中的量化要求。不指定 --db 时直接读取程序内置的方案数据。

JSON 约定：目标值是所写计量单位（measure）下的普通数字；百分比以百分数表示（90 表示 90%）；
comparator 取 ">="、"<="、"<"、">"、"="；销号事项（kind 为 milestone）没有 value 和 comparator；
value 为 null 表示目标值由省或市大气办另行下达（valueSource 为 allocation）。

选项：
  --db PATH   从该工作区读取
  --json      以 JSON 输出 {"tasks":[…],"goals":[…],"provisions":[…]}
  -h, --help  显示本帮助`,
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const file = dbPath(args, io, false) ?? ':memory:';
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const plan = await call(api, 'plan.get', {});
      if (args.values.json) io.out(JSON.stringify(plan));
      else printText(plan, io.out);
      return 0;
    });
  },
};
