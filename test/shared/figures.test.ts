import { describe, expect, it } from 'vitest';
import { formatQuantity, formatScore, milestoneConvention, milestoneWord, quantityNumFmt, scorePoints } from '../../shared/figures';
import { formatTargetValue } from '../../shared/format';

describe('figures as people read them', () => {
  it('writes counts of whole things without decimals, areas and rates as measured', () => {
    expect(formatQuantity(3, '台')).toBe('3 台');
    expect(formatQuantity(0, '台')).toBe('0 台');
    expect(formatQuantity(4800.25, '亩')).toBe('4,800.25 亩');
    expect(formatQuantity(12000, '亩')).toBe('12,000 亩（1.2万亩）');
    expect(formatQuantity(87.54, '%')).toBe('87.5%');
    expect(formatQuantity(null, '台')).toBe('');
    expect(quantityNumFmt('台')).toBe('#,##0" 台"');
    expect(quantityNumFmt('亩')).toBe('#,##0.0" 亩"');
    expect(quantityNumFmt('%')).toBe('0.0"%"');
  });

  it('never writes a target as "< 0%"', () => {
    expect(formatTargetValue({ comparator: '<', value: 0, measure: '%' })).toBe('下降（变化率小于 0）');
    expect(formatTargetValue({ comparator: '<', value: 9, measure: '吨/月·平方公里' })).toBe('< 9 吨/月·平方公里');
  });

  it('scores in points to one decimal, the precision ties are ranked on', () => {
    expect(scorePoints(0.9741)).toBe(97.4);
    expect(scorePoints(0.9736)).toBe(97.4);
    expect(formatScore(0.89)).toBe('89.0');
  });

  it('reads a milestone as its progress word and states the convention', () => {
    const scale = { 未启动: 0, 推进中: 0.5, 已完成: 1 };
    expect(milestoneWord(0.5, '推进中', scale)).toBe('推进中');
    // records saved before the word was kept: read back through the run's own convention
    expect(milestoneWord(0.5, undefined, scale)).toBe('推进中');
    expect(milestoneWord(0.4, undefined, scale)).toBeNull();
    expect(milestoneConvention({ ...scale, 推进中: 0.3 })).toBe('销号事项报“推进中”的，完成率按 30% 计入（“未启动”按 0%，“已完成”按 100%）');
  });
});
