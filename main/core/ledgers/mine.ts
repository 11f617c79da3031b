import { ACRE, AREA_MAX, countyField, noteField } from './common';
import type { LedgerDef, RowIssue } from './types';

export const mineLedger: LedgerDef = {
  kind: 'mine',
  label: '露天矿山台账',
  titleWords: ['露天矿山', '矿山'],
  identity: 'name',
  unitField: 'county',
  fields: [
    countyField(),
    { key: 'name', label: '矿山名称', type: 'text', required: true, duplicateKey: true, synonyms: ['矿山名称', '矿山企业名称', '矿山(企业)名称', '露天矿山名称', '企业名称', '矿山名'] },
    { key: 'mineral', label: '矿种', type: 'text', synonyms: ['矿种', '开采矿种', '主要矿种', '矿产种类'] },
    {
      key: 'builtup',
      label: '是否位于建成区及周边',
      type: 'yesno',
      required: true,
      synonyms: ['是否位于建成区及周边', '是否位于建成区周边', '是否位于建成区', '位于建成区及周边', '建成区及周边', '是否建成区及周边', '是否在建成区及周边'],
    },
    {
      key: 'state',
      label: '矿山状态',
      type: 'enum',
      required: true,
      synonyms: ['矿山状态', '状态', '生产状态', '现状', '目前状态'],
      values: {
        在产: ['在产', '生产', '正常生产', '在采', '生产中'],
        停产: ['停产', '停产整顿', '停采', '停工'],
        已关闭: ['已关闭', '关闭', '已关停', '关停', '闭坑', '已闭坑', '已取缔'],
        废弃: ['废弃', '已废弃', '废弃矿山', '无主'],
      },
    },
    { key: 'ownerless', label: '责任主体是否灭失', type: 'yesno', synonyms: ['责任主体是否灭失', '责任主体灭失', '是否灭失', '责任主体是否已灭失'] },
    { key: 'closedOn', label: '关闭时间', type: 'date', eventDate: true, synonyms: ['关闭时间', '关闭日期', '关停时间', '关闭时限', '关闭完成时间', '关闭完成日期', '关停完成时间'] },
    {
      key: 'areaToRestore',
      label: '需治理面积（亩）',
      type: 'number',
      nonNegative: true,
      measure: ACRE,
      max: AREA_MAX,
      synonyms: ['需治理面积', '应治理面积', '需恢复治理面积', '治理任务面积', '计划治理面积', '治理面积需治理', '需治理'],
    },
    {
      key: 'areaRestored',
      label: '已完成治理面积（亩）',
      type: 'number',
      nonNegative: true,
      measure: ACRE,
      max: AREA_MAX,
      synonyms: ['已完成治理面积', '已治理面积', '完成治理面积', '累计完成治理面积', '已恢复治理面积', '治理面积已完成', '已完成'],
    },
    { key: 'completedOn', label: '治理完成时间', type: 'date', eventDate: true, synonyms: ['治理完成时间', '治理完成日期', '完成治理时间', '完成时间'] },
    { key: 'measures', label: '治理措施', type: 'text', synonyms: ['治理措施', '主要治理措施', '治理方式'] },
    noteField,
  ],
  rowRules(row) {
    const issues: RowIssue[] = [];
    const toRestore = row.areaToRestore as number | null;
    const restored = row.areaRestored as number | null;
    if (toRestore !== null && restored !== null && restored > toRestore) {
      issues.push({
        severity: 'error',
        code: 'area_exceeds',
        field: 'areaRestored',
        message: `已完成治理面积 ${restored} 亩大于需治理面积 ${toRestore} 亩。`,
      });
    }
    if (row.state === '已关闭' && !row.closedOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'closedOn', message: '矿山状态为“已关闭”，但未填关闭时间，无法判断是否按期关闭。' });
    }
    if (toRestore !== null && restored !== null && toRestore > 0 && restored >= toRestore && !row.completedOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'completedOn', message: '治理面积已全部完成，但未填治理完成时间。' });
    }
    return issues;
  },
};
