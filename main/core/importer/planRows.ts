import type { RowIssue, RowValues } from '../ledgers/types';
import { targetName } from '../../../shared/planNames';
import type { PlanIndex, TargetLookup } from '../plan/planIndex';

/** Why a written 指标 or 任务编号 names no single target, and what to write instead, in the submitter's words. */
function unmatchedTarget(what: '指标' | '销号事项', written: string, hit: TargetLookup): string {
  if (hit && 'ambiguous' in hit) {
    const names = hit.ambiguous.map((t) => `“${targetName(t)}”`);
    return `“${written}”对应 ${names.length} 个${what}：${names.join('、')}，请从下拉列表中选择其中一项。`;
  }
  const example = what === '指标' ? '“任务17 降尘量低于9吨/月·平方公里”' : '“任务4 完成重点行业VOCs针对性整治”';
  return `“${written}”不是方案中由${what === '指标' ? '指标报送台账报送的考核指标' : '任务销号台账跟踪的销号事项'}；请从模板的下拉列表中选择，或填写任务编号加名称，如${example}。`;
}

const MEASURE_SPELLINGS: Record<string, string[]> = {
  '%': ['%', '百分比', '百分率'],
  'μg/m³': ['μg/m³', 'μg/m3', 'ug/m3', 'ug/m³', '微克/立方米', 'µg/m³', 'µg/m3'],
  'mg/m³': ['mg/m³', 'mg/m3', '毫克/立方米', 'mg/nm3', 'mg/nm³'],
  '吨/月·平方公里': ['吨/月·平方公里', '吨/月.平方公里', '吨/(月·平方公里)', '吨/平方公里·月', 't/(km²·月)', 't/km²·月', 't/(km2·30d)', '吨/月·km²', '吨/月/平方公里'],
};
// measure written → measure wanted → factor (keys in NFKC form, as canonicalMeasure returns them)
const RAW_CONVERSIONS: Record<string, Record<string, number>> = {
  吨: { 万吨: 1 / 10000 },
  万吨: { 吨: 10000 },
  亩: { 万亩: 1 / 10000 },
  万亩: { 亩: 10000 },
  'mg/m³': { 'μg/m³': 1000 },
  'μg/m³': { 'mg/m³': 1 / 1000 },
};
const CONVERSIONS: Record<string, Record<string, number>> = Object.fromEntries(
  Object.entries(RAW_CONVERSIONS).map(([from, to]) => [from.normalize('NFKC'), Object.fromEntries(Object.entries(to).map(([k, v]) => [k.normalize('NFKC'), v]))]),
);

function canonicalMeasure(written: string): string {
  const n = written.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  for (const [canon, spellings] of Object.entries(MEASURE_SPELLINGS)) {
    if (spellings.some((s) => s.normalize('NFKC').toLowerCase() === n)) return canon.normalize('NFKC');
  }
  return written.normalize('NFKC').replace(/\s+/g, '');
}

/** An indicator row must name a target of the plan, in its measure (or one that converts), within the reporting month. */
export function checkIndicatorRow(values: RowValues, plan: PlanIndex, period?: string): RowIssue[] {
  const issues: RowIssue[] = [];
  const written = values.indicator;
  if (typeof written !== 'string' || !written) return issues;
  const hit = plan.indicator(written);
  if (!hit || 'ambiguous' in hit) {
    issues.push({ severity: 'error', code: 'domain', field: 'indicator', message: unmatchedTarget('指标', written, hit) });
    return issues;
  }
  const target = hit.target;
  values.indicator = target.id;
  if (typeof values.month === 'string' && period && values.month > period) {
    issues.push({ severity: 'error', code: 'date_range', field: 'month', message: `报送月份 ${values.month} 晚于本次报送的月份 ${period}。` });
  }
  if (typeof values.value === 'number' && typeof values.measure === 'string' && values.measure && target.measure) {
    const got = canonicalMeasure(values.measure);
    const want = target.measure.normalize('NFKC');
    if (got !== want) {
      const factor = CONVERSIONS[got]?.[want];
      if (factor !== undefined) {
        values.value = Math.round(values.value * factor * 1e9) / 1e9;
        values.measure = target.measure;
      } else {
        issues.push({
          severity: 'error',
          code: 'domain',
          field: 'measure',
          message: `计量单位“${values.measure}”与指标“${target.description}”要求的“${target.measure}”不一致，无法换算。`,
        });
      }
    } else values.measure = target.measure;
  }
  if (typeof values.value === 'number' && values.value < 0) {
    // only a target met "below zero" (同比变化率 < 0) takes negative figures
    const negativeAllowed = target.comparator === '<' && (target.value ?? 0) <= 0;
    if (!negativeAllowed) issues.push({ severity: 'error', code: 'negative', field: 'value', message: `指标“${target.description}”的数值不能为负数（${values.value}）。` });
  }
  return issues;
}

/** A milestone row must name one milestone of the plan; the unit should be one held to it. */
export function checkMilestoneRow(values: RowValues, plan: PlanIndex): RowIssue[] {
  const written = values.taskNo;
  if (typeof written !== 'string' || !written) return [];
  const hit = plan.milestone(written);
  if (!hit || 'ambiguous' in hit) return [{ severity: 'error', code: 'domain', field: 'taskNo', message: unmatchedTarget('销号事项', written, hit) }];
  values.taskNo = hit.target.id;
  const unit = values.unit;
  const responsible = [...hit.target.units, ...hit.target.lead];
  if (typeof unit === 'string' && responsible.length > 0 && !responsible.includes(unit)) {
    return [{ severity: 'warning', code: 'unit_mismatch', field: 'unit', message: `“${unit}”不是销号事项“${hit.target.description}”的责任单位，请核实。` }];
  }
  return [];
}
