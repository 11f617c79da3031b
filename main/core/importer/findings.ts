import type { FindingView, Severity } from '../../../shared/ledgerModels';

/** One thing wrong (or worth knowing) about a file, located as the submitter would find it in Excel. */
export type Finding = FindingView;
export type { Severity };

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export const FINDING_CODE_LABEL: Record<string, string> = {
  required: '必填项为空',
  type: '类型错误',
  domain: '取值不在范围内',
  date_range: '日期超出范围',
  negative: '出现负数',
  uscc_checksum: '信用代码校验位错误',
  plate_format: '号牌格式错误',
  vin_format: '车辆识别代号格式错误',
  area_exceeds: '治理面积超出',
  done_without_date: '已完成但无日期',
  standard_not_eligible: '排放标准不计入任务',
  duplicate: '重复',
  total_mismatch: '合计不符',
  unknown_unit: '未知单位',
  cumulative_decrease: '累计数下降',
  unit_mismatch: '单位与报送单位不符',
  hidden: '隐藏内容',
  sheet_skipped: '工作表已跳过',
};
