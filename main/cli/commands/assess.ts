import path from 'node:path';
import { LEVEL_LABEL, RETURN_STATUS_LABEL, STATUS_LABEL, DECISION_STATUS_LABEL, type Level } from '../../../shared/assessModels';
import { beijingDate, formatDateCn, formatNumber } from '../../../shared/format';
import { LEDGER_LABEL } from '../../../shared/models';
import { targetName } from '../../../shared/planNames';
import { isoDateArg, UsageError, type Command, type ParsedArgs } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';
import { planArg } from '../planArg';
import { CITY, STATUSES } from '../../../shared/assessModels';
import { formatScore } from '../../../shared/figures';

const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(Math.min(x, 9.99) * 100, 1)}%`);

function asOfArg(args: ParsedArgs): string {
  const v = args.values['as-of'];
  if (typeof v !== 'string') throw new UsageError('缺少 --as-of YYYY-MM-DD：请给出评估截止日期，例如 --as-of 2020-09-30');
  return isoDateArg(v, '--as-of');
}

export const assessCommand: Command = {
  name: 'assess',
  help: `用法：bluesky assess --db PATH --as-of YYYY-MM-DD [--plan 文号[@版本]] [--json] [--no-save] [--note TEXT]

按截止日期把各单位最新的台账与方案目标逐项对照：目标值、实际值、完成率、序时进度（起始日至截止日已过时间的比例）
和状态（done 已完成、on_track 序时推进、lagging 滞后、seriously_lagging 严重滞后、overdue 逾期未完成、
no_data 未报送、no_target 目标值待下达），县区加权排名，各单位各类台账的报送情况（按时、逾期报送、未报送），
以及按问责规则提出的预警、约谈、挂牌督办建议。默认保存为一次评估记录（以后可原样重新打开，
次月的问责规则以它为历史）；--no-save 只计算、不保存。

JSON：{"asOf","runId","plan":{"versionId","title","number","version","label"},"results":[{"target","task","unit","value","actual","completion","timeProgress","status"}],
"ranking":[{"unit","score","rank"}],"submissions":[{"unit","kind","period","status"}],
"proposals":[{"id","unit","target","level","reason"}],"warnings":[…]}；completion 和 timeProgress 为 0–1 的小数，
unit 为“全市”表示全市数据。

选项：
  --db PATH            工作区文件
  --as-of YYYY-MM-DD   评估截止日期（通常为月末）
  --plan 文号[@版本]   依据哪个方案评估（文号、方案名称或年度，可加 @版本号）；默认为评估截止日施行的方案版本，
                       bluesky plan list 列出工作区中的方案
  --no-save            只计算，不保存评估记录
  --note TEXT          保存时的说明
  --json               以 JSON 输出
  -h, --help           显示本帮助`,
  options: {
    db: { type: 'string' },
    'as-of': { type: 'string' },
    plan: { type: 'string' },
    json: { type: 'boolean' },
    'no-save': { type: 'boolean' },
    note: { type: 'string' },
  },
  async run(args, io) {
    const file = dbPath(args, io, true);
    const asOf = asOfArg(args);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const note = typeof args.values.note === 'string' ? args.values.note : undefined;
      const version = await planArg(args, api);
      const plan = version ? { plan: version } : {};
      const v = args.values['no-save'] ? await call(api, 'assess.compute', { asOf, ...plan }) : await call(api, 'assess.save', { asOf, ...plan, ...(note ? { note } : {}) });
      if (args.values.json) {
        io.out(JSON.stringify(v));
        return 0;
      }
      const used = await call(api, 'plan.get', { version: v.plan.versionId });
      const names = new Map([...used.goals, ...used.tasks.flatMap((t) => t.targets), ...used.provisions.flatMap((p) => p.targets)].map((t) => [t.id, targetName(t)]));
      io.out(`截至${formatDateCn(v.asOf)}的考核评估${v.runId ? `（已保存，评估编号 ${v.runId}）` : '（未保存）'}`);
      io.out(`  依据：《${v.plan.title}》${v.plan.number ? `（${v.plan.number}）` : ''}${v.plan.label}${version ? '（--plan 指定）' : '（评估截止日施行的版本）'}`);
      for (const w of v.warnings) io.out(`  注意：${w}`);
      const weighted = Object.entries(v.settings.weights).filter(([, w]) => w !== 1);
      // the same settings `bluesky settings` shows and edits, as this run used them
      io.out(`  严重滞后差距 ${formatNumber(v.settings.seriousLagGap * 100)} 个百分点；排名权重：${weighted.length ? `${weighted.map(([t, w]) => `${names.get(t) ?? t} ${formatNumber(w)}`).join('，')}，其余为 1` : '各目标相同'}（bluesky settings 可修改）`);
      io.out('');
      io.out('县区排名：');
      for (const r of v.ranking) io.out(`  ${r.rank}. ${r.unit}  得分 ${formatScore(r.score)}`);
      io.out('');
      // the counts the page and the briefing show
      const c = v.counts;
      io.out(`考核事项 ${c.items} 个：${STATUSES.map((s) => `${STATUS_LABEL[s]} ${c.byStatus[s]}`).join('，')}${c.cityTotals > 0 ? `（另有各县区的全市合计 ${c.cityTotals} 个，不计入）` : ''}`);
      io.out('滞后和逾期的目标：');
      const bad = v.results.filter((r) => r.status === 'lagging' || r.status === 'seriously_lagging' || r.status === 'overdue');
      if (bad.length === 0) io.out('  无');
      for (const r of bad) {
        const who = r.unit === CITY && !r.detail.responsible ? '各县区（全市合计）' : r.unit;
        io.out(`  [${STATUS_LABEL[r.status]}] ${who} · ${names.get(r.target) ?? r.target}：完成 ${pct(r.completion)}，序时 ${pct(r.timeProgress)}（${r.detail.basis}）`);
      }
      const noData = v.results.filter((r) => r.status === 'no_data').length;
      if (noData) io.out(`  另有 ${noData} 项因未报送无法评估（见 --json 或界面）。`);
      io.out('');
      const missing = v.submissions.filter((s) => s.status === 'missing' || s.status === 'late');
      io.out(`报送情况：${missing.length === 0 ? '均按时报送' : ''}`);
      for (const s of missing) io.out(`  ${s.unit} ${s.period} ${LEDGER_LABEL[s.kind]}：${RETURN_STATUS_LABEL[s.status]}${s.submittedAt ? `（${s.submittedAt.slice(0, 10)} 报送，应于 ${s.dueOn} 前）` : `（应于 ${s.dueOn} 前）`}`);
      io.out('');
      io.out('问责建议：');
      if (v.proposals.length === 0) io.out('  无');
      for (const p of v.proposals) {
        const carried = p.state === 'carried' && p.decision ? `（沿用第 ${p.decision.carriedFrom?.runId} 次评估的决定：${p.decision.action === 'dismiss' ? '驳回' : LEVEL_LABEL[p.decision.level!]}，${p.decision.by}）` : '';
        io.out(`  ${p.id ? `#${p.id} ` : ''}[${LEVEL_LABEL[p.level]}] ${p.unit}：${p.reason}${carried}`);
      }
      return 0;
    });
  },
};

export const allocateCommand: Command = {
  name: 'allocate',
  help: `用法：
  bluesky allocate --db PATH --target ID --unit NAME --value N [--note TEXT]   录入一个分解值（--value none 撤回）
  bluesky allocate --db PATH --file 分解表.xlsx                                从工作簿导入（列：单位、目标、分解值）
  bluesky allocate --db PATH [--json]                                          列出当前分解值和合计核对

方案中“另行分解下达”的全市目标（如2万亩废弃矿山治理）和方案外下达的任务数（如国三柴油货车淘汰任务）
在此分解到各单位；分解合计与全市目标不一致时给出提示。每次修改都保留历史（谁、何时、来源）。

选项：
  --db PATH      工作区文件
  --target ID    目标编号（见 bluesky plan）
  --unit NAME    单位
  --value N      分解值，按目标的计量单位；none 表示撤回
  --file FILE    分解表工作簿
  --note TEXT    说明
  --json         以 JSON 输出
  -h, --help     显示本帮助`,
  options: { db: { type: 'string' }, target: { type: 'string' }, unit: { type: 'string' }, value: { type: 'string' }, file: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const file = dbPath(args, io, true);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      let result;
      if (typeof args.values.file === 'string') {
        const p = path.resolve(io.cwd, args.values.file);
        result = await call(api, 'allocations.import', { file: { name: path.basename(p), path: p } });
        if (!args.values.json) io.out(`已从“${path.basename(p)}”导入 ${result.imported} 个分解值。`);
      } else if (args.values.target !== undefined || args.values.unit !== undefined || args.values.value !== undefined) {
        const { target, unit, value, note } = args.values;
        if (typeof target !== 'string' || typeof unit !== 'string' || typeof value !== 'string') throw new UsageError('录入分解值需要同时给出 --target、--unit 和 --value。');
        const n = value === 'none' ? null : Number(value);
        if (n !== null && !Number.isFinite(n)) throw new UsageError(`--value 应为数字或 none，而不是“${value}”。`);
        result = await call(api, 'allocations.set', { items: [{ target, unit, value: n, ...(typeof note === 'string' ? { note } : {}) }] });
        if (!args.values.json) io.out(n === null ? `已撤回 ${unit} 的“${target}”分解值。` : `已将 ${unit} 的“${target}”分解值设为 ${formatNumber(n)}。`);
      } else {
        result = await call(api, 'allocations.list', {});
      }
      if (args.values.json) {
        io.out(JSON.stringify(result));
        return 0;
      }
      const byTarget = new Map<string, typeof result.allocations>();
      for (const a of result.allocations) byTarget.set(a.target, [...(byTarget.get(a.target) ?? []), a]);
      for (const [t, list] of byTarget) io.out(`${t}：${list.map((a) => `${a.unit} ${a.value === null ? '（撤回）' : formatNumber(a.value)}`).join('，')}`);
      for (const c of result.checks) if (c.message) io.out(`注意：${c.message}`);
      return 0;
    });
  },
};

export const decideCommand: Command = {
  name: 'decide',
  help: `用法：bluesky decide PROPOSAL_ID --db PATH --action confirm|downgrade|dismiss [--level warning|interview] --reason TEXT [--json]

对 assess 提出的建议（编号见 assess 的输出）作出决定：confirm 确认、downgrade 降级（用 --level 指定降为哪一级）、
dismiss 驳回。确认或降级后进入问责台账，状态为“整改中”；驳回的建议连同理由保留。每次决定记录时间，决定人为
设置中的分析员（bluesky settings --set analyst=姓名；未设置时拒绝登记），登录账户只记入操作记录。
决定针对单位、目标和月份：同月更新的评估提出相同建议（同一等级）时沿用已作的决定，不需重复处理；
只能处理该月最新一次评估的建议。

选项：
  --db PATH        工作区文件
  --action A       confirm、downgrade 或 dismiss
  --level L        降级后的级别：warning 预警、interview 约谈
  --reason TEXT    理由（必填）
  --json           以 JSON 输出
  -h, --help       显示本帮助`,
  options: { db: { type: 'string' }, action: { type: 'string' }, level: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const id = Number(args.positionals[0]);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError('请给出建议编号，例如：bluesky decide 3 --db 工作区.sqlite --action confirm --reason "……"');
    const action = args.values.action;
    if (action !== 'confirm' && action !== 'downgrade' && action !== 'dismiss') throw new UsageError('--action 应为 confirm（确认）、downgrade（降级）或 dismiss（驳回）。');
    const reason = args.values.reason;
    if (typeof reason !== 'string' || !reason.trim()) throw new UsageError('请用 --reason 写明理由。');
    const level = args.values.level;
    if (level !== undefined && level !== 'warning' && level !== 'interview' && level !== 'supervision') throw new UsageError('--level 应为 warning（预警）、interview（约谈）或 supervision（挂牌督办）。');
    const file = dbPath(args, io, true);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const entry = await call(api, 'register.decide', { proposalId: id, action, reason, ...(level ? { level: level as Level } : {}) });
      if (args.values.json) io.out(JSON.stringify(entry));
      else io.out(`建议 #${id}：${entry.action === 'dismiss' ? '已驳回' : `已${entry.action === 'confirm' ? '确认' : '降级'}为${LEVEL_LABEL[entry.level!]}，问责台账编号 ${entry.id}，状态：${DECISION_STATUS_LABEL[entry.status]}`}。`);
      return 0;
    });
  },
};

export const registerCommand: Command = {
  name: 'register',
  help: `用法：
  bluesky register --db PATH [--json]                                          列出问责台账（每个单位、目标、月份一条）
  bluesky register ENTRY_ID --db PATH --status rectified|closed --note TEXT     更新整改状态

选项：
  --db PATH        工作区文件
  --status S       rectifying 整改中、rectified 已整改待核销、closed 已销号
  --note TEXT      依据（如整改报告文号，必填）
  --json           以 JSON 输出
  -h, --help       显示本帮助`,
  options: { db: { type: 'string' }, status: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const file = dbPath(args, io, true);
    return withWorkspace(file, io, {}, async (_ws, api) => {
      if (args.positionals.length > 0) {
        const id = Number(args.positionals[0]);
        const status = args.values.status;
        if (!Number.isInteger(id) || id <= 0) throw new UsageError('请给出问责台账编号。');
        if (status !== 'rectifying' && status !== 'rectified' && status !== 'closed') throw new UsageError('--status 应为 rectifying、rectified 或 closed。');
        if (typeof args.values.note !== 'string') throw new UsageError('请用 --note 写明依据。');
        const entry = await call(api, 'register.update', { decisionId: id, status, note: args.values.note });
        if (args.values.json) io.out(JSON.stringify(entry));
        else io.out(`问责台账 #${id}：${DECISION_STATUS_LABEL[entry.status]}。`);
        return 0;
      }
      const list = await call(api, 'register.list', {});
      if (args.values.json) {
        io.out(JSON.stringify(list));
        return 0;
      }
      if (list.length === 0) io.out('问责台账中还没有记录。');
      for (const e of list) {
        io.out(`#${e.id} ${e.asOf} ${e.unit} ${e.level ? LEVEL_LABEL[e.level] : '（驳回）'} · ${DECISION_STATUS_LABEL[e.status]}：${e.proposalReason}`);
        if (e.carriedTo) io.out(`    第 ${e.carriedTo} 次评估提出相同建议，沿用本决定（${e.decidedBy}：${e.reason}）`);
        if (e.basisChanged) io.out(`    依据已变化：${e.basisChanged}`);
        for (const ev of e.events) io.out(`    ${beijingDate(ev.at)} ${ev.by}：${ev.note}`);
      }
      return 0;
    });
  },
};
