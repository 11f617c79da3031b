import { LEVEL_LABEL, type AssessStatus, type Level, type ProposalView, type ResultView } from '../../../shared/assessModels';
import { formatDateCn } from '../../../shared/format';
import type { TargetView } from '../../../shared/models';
import type { EscalationRule } from './assessSeed';

const RANK: Record<Level, number> = { warning: 1, interview: 2, supervision: 3 };

export function levelRank(l: Level): number {
  return RANK[l];
}

const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toLocaleString('zh-CN')}%`);

function fill(template: string, r: ResultView, t: TargetView | undefined, gap: number): string {
  const name = t ? `${t.description}${r.unit !== '全市' ? '' : '（全市）'}` : r.target;
  return template
    .replaceAll('{target}', name)
    .replaceAll('{completion}', pct(r.completion))
    .replaceAll('{timeProgress}', pct(r.timeProgress))
    .replaceAll('{gap}', String(Math.round(gap * 100)))
    .replaceAll('{deadline}', t ? formatDateCn(t.deadline) : '');
}

export interface EscalationInput {
  results: ResultView[];
  targets: Map<string, TargetView>;
  rules: EscalationRule[];
  gap: number;
  /** Last month's status per `${target}\u0000${unit}`. */
  previousStatus: Map<string, AssessStatus>;
  /** Levels decided (confirmed or downgraded) last month per `${target}\u0000${unit held to account}`. */
  previousDecisions: Map<string, Level[]>;
}

/**
 * Proposals, not decisions: for every unit and target the highest level any rule reaches. A city-wide
 * figure is proposed against its lead department, who answers for it.
 */
export function propose(input: EscalationInput): ProposalView[] {
  const out: ProposalView[] = [];
  for (const r of input.results) {
    const key = `${r.target}\u0000${r.unit}`;
    const unit = r.unit === '全市' ? (r.detail.responsible ?? null) : r.unit;
    if (!unit) continue;
    let best: { rule: EscalationRule } | null = null;
    for (const rule of input.rules) {
      if (!rule.when.status.includes(r.status)) continue;
      if (rule.when.previousMonth) {
        const prev = input.previousStatus.get(key);
        if (!prev || !rule.when.previousMonth.status.includes(prev)) continue;
      }
      if (rule.when.previousDecision) {
        const levels = input.previousDecisions.get(`${r.target}\u0000${unit}`) ?? [];
        if (!levels.includes(rule.when.previousDecision)) continue;
      }
      if (!best || RANK[rule.level] > RANK[best.rule.level]) best = { rule };
    }
    if (!best) continue;
    out.push({ id: null, unit, target: r.target, level: best.rule.level, rule: best.rule.id, reason: fill(best.rule.reason, r, input.targets.get(r.target), input.gap) });
  }
  return out;
}

export { LEVEL_LABEL };
