import { countyField, noteField } from './common';
import type { LedgerDef, RowIssue } from './types';

export const permitLedger: LedgerDef = {
  kind: 'permit',
  label: '排污许可台账',
  titleWords: ['排污许可', '排污登记', '许可证'],
  identity: 'uscc',
  unitField: 'county',
  fields: [
    countyField(),
    { key: 'orgName', label: '单位名称', type: 'text', required: true, synonyms: ['单位名称', '企业名称', '排污单位名称', '排污单位', '单位'] },
    { key: 'uscc', label: '统一社会信用代码', type: 'uscc', required: true, duplicateKey: true, synonyms: ['统一社会信用代码', '信用代码', '社会信用代码', '统一信用代码'] },
    { key: 'industry', label: '行业类别', type: 'text', synonyms: ['行业类别', '行业', '所属行业', '行业类型'] },
    {
      key: 'mgmtClass',
      label: '管理类别',
      type: 'enum',
      synonyms: ['管理类别', '管理类型', '许可管理类别'],
      values: { 重点管理: ['重点管理', '重点'], 简化管理: ['简化管理', '简化'], 登记管理: ['登记管理', '登记', '排污登记'] },
    },
    { key: 'permitNo', label: '许可证编号或登记编号', type: 'text', synonyms: ['许可证编号或登记编号', '许可证编号', '登记编号', '证书编号', '排污许可证编号', '许可证(登记)编号', '编号'] },
    { key: 'issuedOn', label: '发证（登记）日期', type: 'date', eventDate: true, synonyms: ['发证(登记)日期', '发证日期', '登记日期', '核发日期', '发证时间', '登记时间'] },
    { key: 'validUntil', label: '有效期至', type: 'date', synonyms: ['有效期至', '有效期', '有效截止日期', '到期日期', '有效期截止'] },
    {
      key: 'status',
      label: '状态',
      type: 'enum',
      required: true,
      synonyms: ['状态', '发证状态', '办理状态', '许可状态', '核发状态'],
      values: {
        已发证: ['已发证', '已核发', '发证', '已取证', '核发'],
        已登记: ['已登记', '登记', '已填报登记', '已排污登记'],
        未发证: ['未发证', '未核发', '未办理', '待发证', '未取证'],
        整改中: ['整改中', '限期整改', '整改', '限期整改中'],
        不予核发: ['不予核发', '不予许可', '不予发证'],
        注销: ['注销', '已注销'],
      },
    },
    noteField,
  ],
  rowRules(row) {
    const issues: RowIssue[] = [];
    if (typeof row.issuedOn === 'string' && typeof row.validUntil === 'string' && row.validUntil < row.issuedOn) {
      issues.push({ severity: 'error', code: 'date_range', field: 'validUntil', message: `有效期至 ${row.validUntil} 早于发证（登记）日期 ${row.issuedOn}。` });
    }
    if ((row.status === '已发证' || row.status === '已登记') && !row.issuedOn) {
      issues.push({ severity: 'warning', code: 'done_without_date', field: 'issuedOn', message: `状态为“${row.status}”，但未填发证（登记）日期，无法判断是否按期完成。` });
    }
    if (row.status === '已发证' && !row.permitNo) {
      issues.push({ severity: 'warning', code: 'required', field: 'permitNo', message: '状态为“已发证”，但未填许可证编号。' });
    }
    return issues;
  },
};
