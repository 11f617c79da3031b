import type { FieldDef } from './types';

export const COUNTY_SYNONYMS = ['县区', '县(区)', '所在县区', '所属县区', '县(市、区)', '县(市区)', '区县', '县区名称', '行政区', '行政区划', '所在地', '属地'];

export const countyField = (key = 'county'): FieldDef => ({
  key,
  label: '县区',
  type: 'unit',
  required: true,
  synonyms: COUNTY_SYNONYMS,
});

export const noteField: FieldDef = { key: 'note', label: '备注', type: 'text', synonyms: ['备注', '说明', '备注说明', '情况说明'] };

export const ACRE: FieldDef['measure'] = {
  canonical: '亩',
  canonicalNames: ['亩'],
  others: [
    { names: ['公顷', 'hm2', 'hm²', 'ha'], factor: 15 },
    { names: ['万亩'], factor: 10000 },
    { names: ['平方米', 'm2', 'm²'], factor: 0.0015 },
  ],
};

export const YUAN: FieldDef['measure'] = { canonical: '元', canonicalNames: ['元'], others: [{ names: ['万元'], factor: 10000 }] };

/**
 * No single site is larger than a county: 盂县, the largest county of Yangquan, has about 2,520 km² of land,
 * at 1,500 亩 a km² about 378万亩.
 */
export const AREA_MAX: FieldDef['max'] = { value: 3_780_000, reason: '单个矿山的面积不会超过一个县的土地面积（约 378 万亩）' };
