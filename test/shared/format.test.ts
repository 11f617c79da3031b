import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTargetValue, formatDateCn, formatMonthCn, formatNumber, formatTargetValue } from '../../shared/format';
import { normalizeName } from '../../shared/text';
import { APP_VERSION } from '../../shared/version';
import { repoRoot } from '../support/tmp';

describe('how numbers and dates read in Chinese', () => {
  it('writes dates the way documents do', () => {
    expect(formatDateCn('2020-09-30')).toBe('2020年9月30日');
    expect(formatDateCn('2020-12-01')).toBe('2020年12月1日');
    expect(formatMonthCn('2020-09')).toBe('2020年9月');
  });

  it('groups thousands and drops trailing zeros', () => {
    expect(formatNumber(20000)).toBe('20,000');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(1234.567)).toBe('1,234.57');
  });

  it('states a target with its comparator and measure, and acreage also in 万亩', () => {
    expect(formatTargetValue({ comparator: '>=', value: 20000, measure: '亩' })).toBe('≥ 20,000 亩（2万亩）');
    expect(formatTargetValue({ comparator: '<=', value: 160, measure: '户' })).toBe('≤ 160 户');
    expect(formatTargetValue({ comparator: '>=', value: 90, measure: '%' })).toBe('≥ 90%');
    expect(formatTargetValue({ comparator: '<', value: 9, measure: '吨/月·平方公里' })).toBe('< 9 吨/月·平方公里');
  });

  it('spells out per-unit values and values still to be set', () => {
    const base = { kind: 'quantitative' as const, comparator: '<=' as const, measure: 'μg/m³', valueSource: 'plan' as const };
    expect(describeTargetValue({ ...base, value: null, unitValues: { 城区: 20, 盂县: 60, 矿区: 20 } })).toBe('城区、矿区 ≤ 20 μg/m³；盂县 ≤ 60 μg/m³');
    expect(describeTargetValue({ ...base, value: null, unitValues: null, valueSource: 'allocation' })).toBe('目标值待下达（由市大气办录入）');
    expect(describeTargetValue({ ...base, kind: 'milestone', value: null, unitValues: null })).toBe('按期完成（销号）');
  });
});

describe('names as typed', () => {
  it('folds full-width characters and strips every kind of space', () => {
    expect(normalizeName(' 阳泉煤业（集团）有限责任公司\u3000')).toBe('阳泉煤业(集团)有限责任公司');
    expect(normalizeName('平定\u200b县')).toBe('平定县');
    expect(normalizeName('ＡＢ１２')).toBe('AB12');
  });
});

it('the version shown in the app is package.json’s', () => {
  expect(APP_VERSION).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
});
