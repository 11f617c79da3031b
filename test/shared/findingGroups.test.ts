import { describe, expect, it } from 'vitest';
import { groupFindings, rowRanges } from '../../shared/findingGroups';

const f = (row: number | null, message: string, code = 'not_allowed', column: string | null = '燃料类型', severity: 'error' | 'warning' = 'error') => ({
  severity,
  code,
  sheet: '锅炉台账',
  row,
  column,
  message,
});

describe('folding repeated findings', () => {
  it('writes rows as people do: runs with a dash, pairs and single rows with 、', () => {
    expect(rowRanges([9, 5, 6, 7, 8, 12, 40])).toBe('第5–9、12、40行');
    expect(rowRanges([3, 4])).toBe('第3、4行');
    expect(rowRanges([7])).toBe('第7行');
    expect(rowRanges([])).toBe('');
    expect(rowRanges([1, 3, 5, 7, 9], 3)).toBe('第1、3、5等行');
  });

  it('makes one group of the same problem in one column, keeps file-level findings apart, errors first', () => {
    const list = [
      f(null, '与上月相比少了 3 条记录', 'dropped_rows', null, 'warning'),
      f(40, '“烧柴”不在规定范围内'),
      f(5, '“烧柴”不在规定范围内'),
      f(6, '“烧柴”不在规定范围内'),
      f(8, '额定蒸发量 900 大于常见范围', 'implausible', '额定蒸发量', 'warning'),
      f(9, '额定蒸发量 1200 大于常见范围', 'implausible', '额定蒸发量', 'warning'),
      f(null, '另一条整份文件的问题', 'dropped_rows', null, 'warning'),
    ];
    const groups = groupFindings(list);
    expect(groups.map((g) => [g.severity, g.code, g.rows, g.message])).toEqual([
      ['error', 'not_allowed', [5, 6, 40], '“烧柴”不在规定范围内'],
      ['warning', 'dropped_rows', [], '与上月相比少了 3 条记录'],
      ['warning', 'dropped_rows', [], '另一条整份文件的问题'],
      ['warning', 'implausible', [8, 9], null],
    ]);
    expect(groups[3]!.members.map((m) => m.message)).toEqual(['额定蒸发量 900 大于常见范围', '额定蒸发量 1200 大于常见范围']);
  });
});
