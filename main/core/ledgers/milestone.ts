import { noteField } from './common';
import type { LedgerDef, RowIssue } from './types';

export const milestoneLedger: LedgerDef = {
  kind: 'milestone',
  label: '任务销号台账',
  titleWords: ['销号', '任务进展', '重点任务'],
  identity: 'taskNo',
  unitField: 'unit',
  fields: [
    { key: 'taskNo', label: '任务编号', type: 'text', required: true, synonyms: ['任务编号', '目标编号', '事项编号', '任务', '编号', '销号事项'], planTarget: true },
    { key: 'unit', label: '单位', type: 'unit', required: true, synonyms: ['单位', '责任单位', '报送单位', '县区', '单位名称'] },
    {
      key: 'progress',
      label: '进展',
      type: 'enum',
      required: true,
      synonyms: ['进展', '进展情况', '完成情况', '推进情况', '状态'],
      values: { 未启动: ['未启动', '未开始', '尚未启动'], 推进中: ['推进中', '进行中', '正在推进', '推进', '实施中'], 已完成: ['已完成', '完成', '已销号', '销号'] },
    },
    { key: 'doneOn', label: '完成日期', type: 'date', eventDate: true, synonyms: ['完成日期', '完成时间', '销号日期', '销号时间'] },
    { key: 'evidence', label: '佐证材料', type: 'text', synonyms: ['佐证材料', '佐证', '证明材料', '文号', '佐证材料(文号)', '佐证文件'] },
    noteField,
  ],
  rowRules(row) {
    const issues: RowIssue[] = [];
    if (row.progress === '已完成' && !row.doneOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'doneOn', message: '进展为“已完成”，但未填完成日期，无法判断是否按期完成。' });
    }
    if (row.progress === '已完成' && !row.evidence) {
      issues.push({ severity: 'warning', code: 'required', field: 'evidence', message: '进展为“已完成”，但未填佐证材料（文件文号等）。' });
    }
    return issues;
  },
};
