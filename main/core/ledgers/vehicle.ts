import { countyField, noteField, YUAN } from './common';
import type { LedgerDef, RowIssue } from './types';

export const EMISSION_STANDARDS = ['国零', '国一', '国二', '国三', '国四', '国五', '国六'] as const;

/** 国三 and older count toward the retirement quota. */
export function isGuo3OrOlder(standard: unknown): boolean {
  const i = EMISSION_STANDARDS.indexOf(standard as (typeof EMISSION_STANDARDS)[number]);
  return i >= 0 && i <= 3;
}

const numeral: Record<string, string[]> = {
  国零: ['国0', '国Ⅰ前', '国一前', '国〇', '国零', '无'],
  国一: ['国一', '国1', '国Ⅰ', '国I'],
  国二: ['国二', '国2', '国Ⅱ', '国II'],
  国三: ['国三', '国3', '国Ⅲ', '国III'],
  国四: ['国四', '国4', '国Ⅳ', '国IV'],
  国五: ['国五', '国5', '国Ⅴ', '国V'],
  国六: ['国六', '国6', '国Ⅵ', '国VI', '国六A', '国六B', '国6A', '国6B', '国ⅥA', '国ⅥB', '国VIA', '国VIB'],
};

export const vehicleLedger: LedgerDef = {
  kind: 'vehicle',
  label: '车辆淘汰台账',
  titleWords: ['车辆淘汰', '柴油货车', '淘汰车辆', '货车淘汰', '车辆'],
  identity: 'plate',
  unitField: 'county',
  fields: [
    countyField(),
    { key: 'plate', label: '号牌号码', type: 'plate', required: true, duplicateKey: true, synonyms: ['号牌号码', '车牌号', '车牌号码', '号牌', '车牌', '车辆号牌'] },
    { key: 'vin', label: '车辆识别代号', type: 'vin', duplicateKey: true, synonyms: ['车辆识别代号', '车架号', 'VIN', 'VIN码', '车辆识别代码', '车辆识别号', '车架号(VIN)'] },
    { key: 'vehicleType', label: '车辆类型', type: 'text', required: true, synonyms: ['车辆类型', '车型', '车辆种类', '车辆类别'] },
    { key: 'fuel', label: '燃料种类', type: 'text', required: true, synonyms: ['燃料种类', '燃料类型', '燃料'] },
    { key: 'standard', label: '排放标准', type: 'enum', required: true, synonyms: ['排放标准', '排放阶段', '排放等级'], values: numeral },
    {
      key: 'usage',
      label: '使用性质',
      type: 'enum',
      synonyms: ['使用性质', '营运性质', '车辆使用性质'],
      values: { 营运: ['营运', '货运', '营业', '营业性', '营运货车'], 非营运: ['非营运', '非营业', '自用', '非营业性'] },
    },
    { key: 'owner', label: '所有人', type: 'text', synonyms: ['所有人', '车主', '车辆所有人', '所有人名称', '车主姓名'] },
    {
      key: 'method',
      label: '淘汰方式',
      type: 'enum',
      synonyms: ['淘汰方式', '淘汰类型', '处置方式'],
      values: { 报废: ['报废', '强制报废', '提前淘汰报废', '拆解', '报废拆解', '提前报废'], 注销: ['注销', '注销登记'], 转出: ['转出', '转籍', '转出市外', '外迁'] },
    },
    { key: 'retiredOn', label: '淘汰日期', type: 'date', required: true, eventDate: true, synonyms: ['淘汰日期', '淘汰时间', '报废日期', '注销日期', '报废时间'] },
    {
      key: 'subsidy',
      label: '补贴金额（元）',
      type: 'number',
      nonNegative: true,
      measure: YUAN,
      // early-retirement subsidies are tens of thousands of 元 a truck: a billion is a typing or unit error at any scale
      max: { value: 1e9, reason: '单辆车的淘汰补贴不可能超过 10 亿元' },
      synonyms: ['补贴金额', '补贴资金', '补助金额', '补贴'],
    },
    noteField,
  ],
  rowRules(row) {
    const issues: RowIssue[] = [];
    if (typeof row.standard === 'string' && !isGuo3OrOlder(row.standard)) {
      issues.push({
        severity: 'warning',
        code: 'standard_not_eligible',
        field: 'standard',
        message: `排放标准为${row.standard}，不属于国三及以下，不计入国三及以下柴油货车淘汰任务。`,
      });
    }
    return issues;
  },
};
