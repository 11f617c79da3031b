// How counts, quantities, scores and milestone progress read wherever a person reads them: the 考核评估 page, the
// briefing and the dossier. One module, so "3 台", "推进中" and "97.4" read the same in all of them.
import { formatNumber } from './format';

/** Measures of whole things: a count never shows decimals ("3 台", not "3.0 台"). */
const WHOLE_MEASURES = new Set(['台', '座', '户', '个', '家', '辆', '名', '处', '项', '次', '份', '套', '条', '人', '座次', '家次']);

export const isWholeMeasure = (measure: string | null | undefined): boolean => !!measure && WHOLE_MEASURES.has(measure);

/** 3 → "3 台"; 4800 → "4,800 亩"; 12000 亩 → "12,000 亩（1.2万亩）"; 87.5 % → "87.5%"; null → "". */
export function formatQuantity(value: number | null | undefined, measure: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (measure === '%') return `${formatNumber(value, 1)}%`;
  const base = `${formatNumber(value, isWholeMeasure(measure) ? 0 : 2)}${measure ? ` ${measure}` : ''}`;
  if (measure === '亩' && Math.abs(value) >= 10000) return `${base}（${formatNumber(value / 10000, 4)}万亩）`;
  return base;
}

/** The Excel number format of a quantity, so the cell keeps its number and reads like formatQuantity. */
export function quantityNumFmt(measure: string | null | undefined): string {
  if (!measure) return '#,##0.0';
  if (measure === '%') return '0.0"%"';
  if (measure.length > 5 || /["\\]/.test(measure)) return isWholeMeasure(measure) ? '#,##0' : '#,##0.0';
  return isWholeMeasure(measure) ? `#,##0" ${measure}"` : `#,##0.0" ${measure}"`;
}

/** "3 个" for a count of items. */
export function formatCount(n: number, what = '个'): string {
  return `${formatNumber(n, 0)} ${what}`;
}

/** A ranking score (0–1) in the points people read (0–100, one decimal): what is shown is also what ties are decided on. */
export function scorePoints(score: number): number {
  return Math.round(score * 1000) / 10;
}

/** 0.97412 → "97.4". */
export function formatScore(score: number): string {
  return scorePoints(score).toFixed(1);
}

/** The progress words of the milestone ledger, in order. */
export const MILESTONE_WORDS = ['未启动', '推进中', '已完成'] as const;
export const IN_PROGRESS = '推进中';

/**
 * A milestone's progress as a word: the word reported when the result kept it, otherwise (records saved before it
 * was kept) the word the score convention `scale` gives that value.
 */
export function milestoneWord(actual: number | null, progress: string | undefined, scale: Record<string, number>): string | null {
  if (progress) return progress;
  if (actual === null) return null;
  const words = Object.entries(scale).filter(([, v]) => Math.abs(v - actual) < 1e-9);
  return words.length === 1 ? words[0]![0] : null;
}

/** "“推进中”按 50% 计入完成率和得分": the convention a document states next to milestone figures. */
export function milestoneConvention(scale: Record<string, number>): string {
  const v = scale[IN_PROGRESS];
  return `销号事项报“${IN_PROGRESS}”的，完成率按 ${formatNumber((v ?? 0) * 100, 1)}% 计入（“未启动”按 ${formatNumber((scale['未启动'] ?? 0) * 100, 1)}%，“已完成”按 100%）`;
}
