import { describe, expect, it } from 'vitest';
import { ExcelDate, parseDate, parseNumber, parsePeriod, parseYesNo } from '../../../main/core/importer/values';
import { checkPlate, checkUscc, checkVin, normalizePlate } from '../../../main/core/importer/checksums';
import { uscc } from '../../fixtures/ids';
import { matchHeader } from '../../../main/core/importer/headers';

describe('numbers as people type them', () => {
  it.each([
    [1234.5, 1234.5],
    ['1234.5', 1234.5],
    ['1,234.5', 1234.5],
    ['１２３４．５', 1234.5],
    [' 12 ', 12],
    ['-3.5', -3.5],
    ['95%', 95],
    ['120亩', 120],
  ] as const)('%j → %d', (input, expected) => {
    expect(parseNumber(input, ['亩'])).toEqual({ ok: true, value: expected });
  });

  it.each(['约120', '12.3.4', '一百', 'N/A'])('“%s” is not a number', (input) => {
    expect(parseNumber(input).ok).toBe(false);
  });

  it('never reads a date cell as a number', () => {
    expect(parseNumber(new ExcelDate(44104)).ok).toBe(false);
  });
});

describe('dates in every form the ledgers use', () => {
  it.each([
    [new ExcelDate(44104), '2020-09-30'],
    [44104, '2020-09-30'],
    [20200930, '2020-09-30'],
    ['2020.9.30', '2020-09-30'],
    ['2020/9/30', '2020-09-30'],
    ['2020-9-30', '2020-09-30'],
    ['2020年9月30日', '2020-09-30'],
    ['２０２０年９月３０日', '2020-09-30'],
    ['2020年9月', '2020-09-30'],
    ['2020.2', '2020-02-29'],
    ['2020年9月底', '2020-09-30'],
    ['截至2020年9月底', '2020-09-30'],
    ['9月底', '2020-09-30'],
    ['9月30日', '2020-09-30'],
  ] as const)('%j → %s', (input, iso) => {
    expect(parseDate(input, 2020)).toEqual({ ok: true, value: iso });
  });

  it.each(['2020-02-30', '2020年13月', '下月', '2020.9.31', 12])('%j is not a date', (input) => {
    expect(parseDate(input, 2020).ok).toBe(false);
  });
});

describe('yes and no', () => {
  it.each(['是', '√', '✓', '有', 'Y', ' 是 ', true])('%j is yes', (v) => expect(parseYesNo(v)).toEqual({ ok: true, value: true }));
  it.each(['否', '×', '无', 'N', 'x', false])('%j is no', (v) => expect(parseYesNo(v)).toEqual({ ok: true, value: false }));
  it('anything else is a question, not a guess', () => expect(parseYesNo('部分').ok).toBe(false));
});

describe('the reporting month in a title or file name', () => {
  it.each([
    ['盂县2020年9月燃煤锅炉台账', '2020-09'],
    ['截至2020年9月底', '2020-09'],
    ['2020年1-9月车辆淘汰情况', '2020-09'],
    ['2020年1月1日至2020年9月30日', '2020-09'],
    ['盂县_锅炉_202009.xlsx', '2020-09'],
    ['平定县锅炉台账2020.09.xls', '2020-09'],
    ['锅炉台账', null],
  ])('%s → %s', (text, period) => expect(parsePeriod(text)).toBe(period));
});

describe('identifiers', () => {
  it('checks the GB 32100-2015 character', () => {
    const good = uscc(42);
    expect(checkUscc(good)).toEqual({ ok: true });
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkUscc(bad).ok).toBe(false);
    expect(checkUscc('91140300MA0GXXX')).toEqual({ ok: false, reason: '应为18位，实际为15位' });
  });

  it('accepts Yangquan plates, fuel and new-energy, and refuses the rest', () => {
    for (const p of ['晋C12345', '晋CA7K29', '晋CD12345', '晋C1234挂']) expect(checkPlate(normalizePlate(p))).toBe(true);
    expect(normalizePlate('晋c·12345')).toBe('晋C12345');
    for (const p of ['晋C1234', 'C12345', '晋CI2345', '沪C1234567']) expect(checkPlate(normalizePlate(p))).toBe(false);
  });

  it('checks a VIN’s length and letters', () => {
    expect(checkVin('LZZ1CLVB0JA123456')).toEqual({ ok: true });
    expect(checkVin('LZZ1CLVB0JA12345O').ok).toBe(false);
  });
});

describe('headers', () => {
  it('matches synonyms, measures in brackets and words around a synonym', () => {
    expect(matchHeader('mine', ['已完成治理面积（公顷）'])).toMatchObject({ field: { key: 'areaRestored' }, factor: 15 });
    expect(matchHeader('mine', ['需治理面积(万亩)'])).toMatchObject({ field: { key: 'areaToRestore' }, factor: 10000 });
    expect(matchHeader('boiler', ['额定功率（MW）'])!.factor).toBeCloseTo(1 / 0.7);
    expect(matchHeader('boiler', ['锅炉编号（使用登记证号）'])).toMatchObject({ field: { key: 'boilerNo' }, unknownMeasure: null });
    expect(matchHeader('vehicle', ['车牌号'])).toMatchObject({ field: { key: 'plate' } });
    expect(matchHeader('vehicle', ['补贴金额（万元）'])).toMatchObject({ field: { key: 'subsidy' }, factor: 10000 });
    expect(matchHeader('mine', ['所在县（区）'])).toMatchObject({ field: { key: 'county' } });
    expect(matchHeader('mine', ['需治理面积（平方公里）'])).toMatchObject({ unknownMeasure: '平方公里' });
    expect(matchHeader('mine', ['__proto__'])).toBeNull();
  });
});
