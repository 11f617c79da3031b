import { STATUS_LABEL, type AssessStatus, type Level, type ResultView } from '../../../shared/assessModels';
import { formatQuantity } from '../../../shared/figures';

/** Cell colours by status; charts use the strong colour, the matrix the fill and ink. */
export const STATUS_COLOR: Record<AssessStatus, { fill: string; ink: string; strong: string }> = {
  done: { fill: '#c9ead3', ink: '#14532d', strong: '#2f9e55' },
  on_track: { fill: '#d6e9fb', ink: '#113f73', strong: '#3b82c4' },
  lagging: { fill: '#ffe49a', ink: '#6b4500', strong: '#e0a100' },
  seriously_lagging: { fill: '#ffbe94', ink: '#7a2500', strong: '#ef6c22' },
  overdue: { fill: '#d9423a', ink: '#ffffff', strong: '#c62828' },
  no_data: { fill: '#e9ecf0', ink: '#5d6b7a', strong: '#aab3bf' },
  no_target: { fill: '#f6f7f9', ink: '#7b8794', strong: '#d3d8de' },
};

/** Shorter words for the matrix cells; the full label is in STATUS_LABEL. */
export const STATUS_SHORT: Record<AssessStatus, string> = {
  done: '已完成',
  on_track: '序时推进',
  lagging: '滞后',
  seriously_lagging: '严重滞后',
  overdue: '逾期未完成',
  no_data: '未报送',
  no_target: '目标值待下达',
};

export const LEVEL_CLASS: Record<Level, string> = { warning: 'lv-warning', interview: 'lv-interview', supervision: 'lv-supervision' };

/** 0.875 → 87.5%; null → —. */
export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const f = 10 ** digits;
  return `${(Math.round(x * 100 * f) / f).toLocaleString('zh-CN')}%`;
}

/** What a cell shows: capped at 100 %; the real value goes in the tooltip. */
export function shownCompletion(x: number | null): string {
  if (x === null) return '—';
  // short of the target never reads as 100 %
  return x < 1 ? pct(Math.floor(Math.max(0, x) * 1000 + 1e-9) / 1000, 1) : pct(1, 0);
}

/** "3 台", "4,800 亩", "87.5%", as the documents write them; null → —. */
export function withMeasure(value: number | null, measure: string | null): string {
  if (value === null) return '—';
  return formatQuantity(value, measure);
}

/** The cell tooltip: every figure, in full. */
export function resultTooltip(r: ResultView, measure: string | null): string {
  const lines = [`${r.unit}：${STATUS_LABEL[r.status]}`];
  if (r.status === 'no_data') lines.push(r.detail.missing ?? '未报送');
  else {
    if (r.completion !== null) lines.push(`完成率 ${pct(r.completion)}${r.completion > 1 ? '（显示按 100% 封顶）' : ''}`);
    lines.push(`序时进度 ${pct(r.timeProgress)}`);
    if (r.value !== null) lines.push(`目标值 ${withMeasure(r.value, measure)}，实际 ${withMeasure(r.actual, measure)}`);
    if (r.detail.basis) lines.push(r.detail.basis);
  }
  return lines.join('\n');
}

export function StatusBadge({ status }: { status: AssessStatus }) {
  return <span className={`status-badge st-${status}`}>{STATUS_LABEL[status]}</span>;
}
