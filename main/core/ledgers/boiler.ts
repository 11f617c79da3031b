import { countyField, noteField } from './common';
import type { LedgerDef, RowIssue } from './types';

export const boilerLedger: LedgerDef = {
  kind: 'boiler',
  label: '锅炉台账',
  titleWords: ['锅炉'],
  identity: 'boilerNo',
  unitField: 'county',
  fields: [
    countyField(),
    { key: 'orgName', label: '单位名称', type: 'text', required: true, synonyms: ['单位名称', '使用单位', '使用单位名称', '企业名称', '锅炉使用单位', '单位'] },
    { key: 'uscc', label: '统一社会信用代码', type: 'uscc', synonyms: ['统一社会信用代码', '信用代码', '社会信用代码', '统一信用代码'] },
    {
      key: 'boilerNo',
      label: '锅炉编号',
      type: 'text',
      required: true,
      duplicateKey: true,
      synonyms: ['锅炉编号', '使用登记证号', '锅炉使用登记证号', '登记证号', '锅炉编号(使用登记证号)', '使用登记证编号', '设备编号', '锅炉登记编号'],
    },
    {
      key: 'fuel',
      label: '燃料类型',
      type: 'enum',
      required: true,
      synonyms: ['燃料类型', '燃料种类', '燃料', '使用燃料', '锅炉燃料'],
      values: {
        燃煤: ['燃煤', '煤', '原煤', '煤炭', '燃煤锅炉', '型煤'],
        燃气: ['燃气', '天然气', '液化气', '液化石油气', '煤气', '焦炉煤气', '燃气锅炉', 'CNG', 'LNG'],
        生物质: ['生物质', '生物质成型燃料', '生物质颗粒'],
        电: ['电', '电能', '电锅炉', '电加热', '电力'],
        其他: ['其他', '其它', '燃油', '柴油', '重油', '醇基燃料'],
      },
    },
    {
      key: 'capacity',
      label: '额定蒸发量（蒸吨/小时）',
      type: 'number',
      required: true,
      nonNegative: true,
      // the largest utility boilers (1,000 MW units) raise about 3,000 t/h; the bound leaves room above them
      max: { value: 4_000, reason: '目前最大的电站锅炉额定蒸发量也只有约 3,000 蒸吨/小时' },
      synonyms: ['额定蒸发量', '额定出力', '额定容量', '蒸发量', '锅炉容量', '容量', '规模', '吨位', '额定功率', '额定热功率'],
      measure: {
        canonical: '蒸吨/小时',
        canonicalNames: ['蒸吨/小时', '蒸吨/时', '蒸吨', 't/h', '吨/小时', '吨/时', 't', '吨', 'T/H'],
        others: [
          { names: ['MW', '兆瓦'], factor: 1 / 0.7 },
          { names: ['kW', 'KW', '千瓦'], factor: 1 / 700 },
        ],
      },
    },
    { key: 'use', label: '用途', type: 'text', synonyms: ['用途', '锅炉用途', '使用用途'] },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      required: true,
      synonyms: ['状态', '锅炉状态', '使用状态', '运行状态', '目前状态'],
      values: {
        在用: ['在用', '使用', '使用中', '运行', '在运', '正常使用', '在运行'],
        停用: ['停用', '停运', '备用', '停止使用', '闲置'],
        已淘汰: ['已淘汰', '淘汰', '已关停', '关停', '已取缔', '取缔'],
        已拆除: ['已拆除', '拆除', '已拆'],
      },
    },
    { key: 'retiredOn', label: '淘汰时间', type: 'date', eventDate: true, synonyms: ['淘汰时间', '淘汰日期', '拆除时间', '关停时间', '淘汰(拆除)时间', '淘汰完成时间', '淘汰完成日期', '拆除完成时间'] },
    { key: 'lowNox', label: '是否完成低氮改造', type: 'yesno', synonyms: ['是否完成低氮改造', '低氮改造', '是否低氮改造', '完成低氮改造', '是否已完成低氮改造', '低氮改造是否完成', '低氮改造完成情况'] },
    { key: 'lowNoxOn', label: '低氮改造完成时间', type: 'date', eventDate: true, synonyms: ['低氮改造完成时间', '低氮改造时间', '改造完成时间', '低氮改造完成日期'] },
    {
      key: 'noxAfter',
      label: '改造后氮氧化物浓度（mg/m³）',
      type: 'number',
      nonNegative: true,
      // untreated flue gas of coal boilers holds a few hundred to about 2,000 mg/m³; μg/m³ typed as mg/m³ lands far above
      max: { value: 5_000, reason: '即使未经任何治理，锅炉烟气中的氮氧化物浓度也只有数百至约 2,000 mg/m³' },
      synonyms: ['改造后氮氧化物浓度', '改造后氮氧化物排放浓度', '氮氧化物浓度', '氮氧化物排放浓度', 'NOx浓度'],
      measure: { canonical: 'mg/m³', canonicalNames: ['mg/m³', 'mg/m3', '毫克/立方米', 'mg/Nm3', 'mg/Nm³'] },
    },
    noteField,
  ],
  rowRules(row) {
    const issues: RowIssue[] = [];
    if ((row.status === '已淘汰' || row.status === '已拆除') && !row.retiredOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'retiredOn', message: `锅炉状态为“${row.status}”，但未填淘汰时间，无法判断是否按期淘汰。` });
    }
    if (row.lowNox === true && !row.lowNoxOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'lowNoxOn', message: '已完成低氮改造，但未填低氮改造完成时间。' });
    }
    return issues;
  },
};
