import { noteField } from './common';
import type { LedgerDef } from './types';

export const indicatorLedger: LedgerDef = {
  kind: 'indicator',
  label: '指标报送台账',
  titleWords: ['指标报送', '指标', '数据报送'],
  identity: 'indicator',
  unitField: 'unit',
  fields: [
    { key: 'unit', label: '单位', type: 'unit', required: true, synonyms: ['单位', '报送单位', '责任单位', '县区', '单位名称', '填报单位'] },
    { key: 'indicator', label: '指标', type: 'text', required: true, synonyms: ['指标', '指标名称', '指标代码', '考核指标', '目标编号', '指标编号', '目标'], planTarget: true },
    { key: 'month', label: '报送月份', type: 'period', required: true, synonyms: ['报送月份', '月份', '统计月份', '数据月份', '时间', '统计时间'] },
    { key: 'value', label: '数值', type: 'number', required: true, synonyms: ['数值', '数据', '完成值', '指标值', '实际值', '完成情况', '实际完成值'] },
    { key: 'measure', label: '计量单位', type: 'text', synonyms: ['计量单位', '单位(计量)', '度量单位'] },
    noteField,
  ],
};
