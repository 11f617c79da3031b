import type { AssessSettings } from '../../../shared/assessModels';
import { formatNumber } from '../../../shared/format';
import { WORKSPACE_SETTING_LABEL, WORKSPACE_SETTINGS, type WorkspaceSettingKey, type WorkspaceSettings } from '../../../shared/settingsModels';
import type { ApiImpl, ApiRequest } from '../../../shared/api';
import { UsageError, type Command } from '../types';
import { call, dbPath, withWorkspace } from '../workspaceArg';

/** What `settings` lists and `--json` prints: the workspace's settings and the assessment's, the gap in percentage points. */
export interface SettingsJson extends WorkspaceSettings {
  seriousLagGap: number;
  returnDueDay: number;
  weights: Record<string, number>;
}

type AssessKey = 'seriousLagGap' | 'returnDueDay' | 'weights';
const ASSESS_LABEL: Record<AssessKey, string> = {
  seriousLagGap: '严重滞后差距',
  returnDueDay: '台账报送截止日',
  weights: '县区排名权重',
};
const KEYS: (WorkspaceSettingKey | AssessKey)[] = ['analyst', 'office', 'docNumberPrefix', 'mainRecipients', 'copyRecipients', 'seriousLagGap', 'weights', 'milestoneInProgressScore', 'returnDueDay', 'backupKeep'];
const label = (k: string) => (k in ASSESS_LABEL ? ASSESS_LABEL[k as AssessKey] : WORKSPACE_SETTING_LABEL[k as WorkspaceSettingKey]);
const isWorkspaceKey = (k: string): k is WorkspaceSettingKey => Object.prototype.hasOwnProperty.call(WORKSPACE_SETTINGS, k);

type Change = { kind: 'workspace'; key: WorkspaceSettingKey; value: string | number } | { kind: 'assess'; key: AssessKey; value: number | Record<string, number> };

function firstMessage(r: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return r.error?.issues[0]?.message ?? '取值无效';
}

function percentOf(raw: string): number {
  const t = raw.trim().replace(/[%％]$/, '');
  return t === '' ? NaN : Math.round(Number(t) * 100) / 10000;
}

/** KEY=VALUE into a checked change; every one is checked before any is stored. */
function parseSet(item: string, targets: Set<string>): Change {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set 应写成 键=值，例如 --set analyst=张三，而不是“${item}”。`);
  const key = item.slice(0, eq).trim();
  const raw = item.slice(eq + 1);
  if (isWorkspaceKey(key)) {
    // the 推进中 score is written as a percentage, as on the 设置 page: 50 or 50% is half the score
    const value = key === 'backupKeep' ? Number(raw.trim()) : key === 'milestoneInProgressScore' ? percentOf(raw) : raw;
    const r = WORKSPACE_SETTINGS[key].schema.safeParse(value);
    if (!r.success) throw new UsageError(`“${label(key)}”的值“${raw}”无效：${firstMessage(r)}。`);
    return { kind: 'workspace', key, value: r.data };
  }
  if (key === 'seriousLagGap') {
    const n = Number(raw.trim());
    if (!raw.trim() || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`严重滞后差距应为 0 到 100 之间的百分点数，例如 20，而不是“${raw}”。`);
    return { kind: 'assess', key, value: Math.round(n * 100) / 10000 };
  }
  if (key === 'returnDueDay') {
    const n = Number(raw.trim());
    if (!Number.isInteger(n) || n < 1 || n > 28) throw new UsageError(`台账报送截止日应为 1 到 28 之间的整数，而不是“${raw}”。`);
    return { kind: 'assess', key, value: n };
  }
  if (key === 'weights') {
    const weights: Record<string, number> = {};
    for (const part of raw.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
      const m = /^(.+?)[:：]\s*(\S+)$/.exec(part);
      const w = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(w) || w < 0 || w > 100) throw new UsageError(`排名权重应写成 目标编号:权重（0 到 100），多个用逗号分隔，例如 weights=g-pm25:2,g-days:1，而不是“${part}”。`);
      if (!targets.has(m[1]!.trim())) throw new UsageError(`排名权重中的“${m[1]!.trim()}”不是方案中的目标编号（见 bluesky plan）。`);
      weights[m[1]!.trim()] = w;
    }
    return { kind: 'assess', key, value: weights };
  }
  throw new UsageError(`没有“${key}”这个设置项。可设置：${KEYS.map((k) => `${k}（${label(k)}）`).join('、')}。`);
}

async function readAll(api: ApiImpl): Promise<SettingsJson> {
  const ws = await call(api, 'workspaceSettings.get', {});
  const a: AssessSettings = await call(api, 'settings.get', {});
  return { ...ws, seriousLagGap: Math.round(a.seriousLagGap * 10000) / 100, returnDueDay: a.returnDueDay, weights: a.weights };
}

function display(s: SettingsJson, key: WorkspaceSettingKey | AssessKey, names: Map<string, string>): string {
  if (key === 'seriousLagGap') return `${formatNumber(s.seriousLagGap)} 个百分点（完成率低于序时进度超过此差距为严重滞后）`;
  if (key === 'returnDueDay') return `每月 ${s.returnDueDay} 日`;
  if (key === 'weights') {
    const set = Object.entries(s.weights);
    if (set.length === 0) return '各目标权重相同（均为 1）';
    return `${set.map(([t, w]) => `${t}${names.has(t) ? `（${names.get(t)}）` : ''} ${formatNumber(w)}`).join('；')}；其余目标为 1`;
  }
  if (key === 'backupKeep') return `${s.backupKeep} 份`;
  if (key === 'milestoneInProgressScore') return `${formatNumber(Math.round(s.milestoneInProgressScore * 10000) / 100)}%（销号事项“推进中”按完成的这一比例计分）`;
  const v = s[key];
  return v === '' ? (key === 'analyst' ? '（未设置：不能印发文件或登记问责决定）' : '（未设置）') : String(v);
}

export const settingsCommand: Command = {
  name: 'settings',
  help: `用法：bluesky settings --db PATH [--set KEY=VALUE]... [--json]

不带 --set 时列出全部设置；每个 --set 修改一项，可给多个（全部检查无误后才保存）。设置保存在工作区文件中，
随工作区备份和迁移。

设置项：
  analyst          分析员姓名：通报的制表人、约谈材料的生成人、印发记录的印发人和问责决定的决定人。
                   未设置时不能印发文件或登记决定（操作系统账户只记在审计栏中，不作署名）。
  office           印发机关（默认：阳泉市大气污染防治工作领导组办公室）
  docNumberPrefix  文号前缀，即机关代字，如 阳大气办；设置后每份文件按年编号：阳大气办〔2020〕3号。留空则不编文号。
  mainRecipients   主送机关（通报封面），如 各县（区）人民政府，市直有关单位
  copyRecipients   抄送机关（版记），如 市委办公室，市政府办公室
  backupKeep       备份文件夹保留的份数（1–500）
  seriousLagGap    严重滞后差距，百分点（0–100，默认 20）：完成率低于序时进度超过此数为严重滞后
  returnDueDay     台账报送截止日，每月几日（1–28）
  weights          县区排名权重：目标编号:权重,…（0–100，未列出的目标为 1；weights= 恢复均等）
  milestoneInProgressScore
                   销号事项“推进中”的计分比例，百分数（0–99，默认 50）：推进中按完成的这一比例计分

评估设置（严重滞后差距、排名权重、“推进中”计分比例、报送截止日）从下一次评估起生效；已保存的评估保留当时使用的设置。

JSON：{"analyst","office","docNumberPrefix","mainRecipients","copyRecipients","backupKeep",
"seriousLagGap"（百分点）,"returnDueDay","weights":{目标编号:权重},"milestoneInProgressScore"（比例，0.5 即 50%）}

选项：
  --db PATH         工作区文件
  --set KEY=VALUE   修改一项设置（可重复）
  --json            以 JSON 输出修改后的全部设置
  -h, --help        显示本帮助

示例：
  npm run -s bluesky -- settings --db 阳泉2020.sqlite --set analyst=张三 --set docNumberPrefix=阳大气办`,
  options: { db: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  async run(args, io) {
    const file = dbPath(args, io, true);
    const sets = Array.isArray(args.values.set) ? args.values.set : [];
    return withWorkspace(file, io, {}, async (_ws, api) => {
      const plan = await call(api, 'plan.get', {});
      const names = new Map([...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)].map((t) => [t.id, t.description]));
      const changes = sets.map((s) => parseSet(s, new Set(names.keys())));
      for (const c of changes) {
        if (c.kind === 'workspace') await call(api, 'workspaceSettings.set', { key: c.key, value: c.value } as ApiRequest<'workspaceSettings.set'>);
        else await call(api, 'settings.set', { key: c.key, value: c.value } as ApiRequest<'settings.set'>);
      }
      const all = await readAll(api);
      if (args.values.json) {
        io.out(JSON.stringify(all));
        return 0;
      }
      if (changes.length > 0) io.out(`已保存 ${changes.length} 项设置：${[...new Set(changes.map((c) => label(c.key)))].join('、')}。`);
      io.out('工作区设置：');
      const width = Math.max(...KEYS.map((k) => k.length));
      for (const k of KEYS) io.out(`  ${k.padEnd(width)}  ${label(k)}：${display(all, k, names)}`);
      return 0;
    });
  },
};
