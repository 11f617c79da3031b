// One row of 目标 or 决战目标 checked and turned into a target seed: where it belongs, what it measures and through
// which ledger, when it is due, whose it is, and the plan's words it rests on.
import type { Comparator, LedgerKind, TargetScope } from '../../../shared/models';
import { parseNumber } from '../importer/values';
import type { PlanSeed, TargetSeed, TaskSeed } from './seedSchema';
import { comparatorCode, COMPARATOR_WORD, GOAL_GROUPS, MEASUREMENTS, MEASURES, VOCAB } from './planVocabulary';
import { TARGET_COLUMNS, type ColumnDef } from './planWorkbookLayout';
import type { SheetRow } from './planWorkbookRead';
import { codeOf, headerOf, textOf, type CellReader } from './planCells';

const TARGET_ID = /^[A-Z][A-Za-z0-9]*-[a-z0-9-]+$/;
const DETAILED: readonly LedgerKind[] = ['mine', 'boiler', 'vehicle', 'permit'];

export type TaskDraft = TaskSeed & { at: string };

/** What the other sheets gave: tasks and provisions to belong to, and the ids already taken. */
export interface TargetContext {
  tasks: TaskDraft[];
  taskAt: Map<number, string>;
  provisions: PlanSeed['provisions'];
  provisionAt: Map<string, string>;
  idAt: Map<string, string>;
  goals: TargetSeed[];
}

/** Adds the row's target to its task, provision or the goals; a row with errors adds nothing. */
export function readTarget(r: CellReader, row: SheetRow, columns: ColumnDef[], ctx: TargetContext): void {
  const idCell = r.required(row, 'id', columns);
  let id: string | null = null;
  if (idCell) {
    const text = idCell.text.normalize('NFKC');
    if (!TARGET_ID.test(text)) {
      r.error(row.sheet, idCell.cell, `目标编号“${idCell.text}”格式不对。请写成大写字母开头、连字符后为小写字母和数字的形式，如 T23-coal-cut、G7-pm10。`);
    } else if (ctx.idAt.has(text)) {
      r.error(row.sheet, idCell.cell, `目标编号“${text}”与 ${ctx.idAt.get(text)} 重复。每个目标的编号须全方案唯一，请改用新的编号。`);
    } else {
      id = text;
      ctx.idAt.set(text, `${row.sheet}!${idCell.cell}`);
    }
  }

  // where the target belongs: a task, a provision, or a goal group
  let task: TaskDraft | undefined;
  let provision: PlanSeed['provisions'][number] | undefined;
  let group: string | undefined;
  if (columns === TARGET_COLUMNS) {
    const owner = r.required(row, 'owner', columns);
    if (owner) {
      const code = codeOf(owner.text);
      const m = /^(?:任务)?(\d+)$/u.exec(code);
      if (m) {
        task = ctx.tasks.find((t) => t.no === Number(m[1]));
        if (!task && !ctx.taskAt.has(Number(m[1]))) r.error(row.sheet, owner.cell, `“任务”表中没有编号为 ${m[1]} 的任务。请填写已有任务的编号，或先在“任务”表中添加这项任务。`);
      } else {
        provision = ctx.provisions.find((p) => p.code === code);
        if (!provision && !ctx.provisionAt.has(code)) {
          r.error(row.sheet, owner.cell, `“${owner.text}”既不是任务编号，也不是“保障”表中的保障措施编号。请填写任务编号（如 3）或保障措施编号（如“四(一)”）。`);
        }
      }
    }
  } else {
    const g = r.required(row, 'group', columns);
    if (g) {
      const code = codeOf(g.text);
      group = Object.entries(GOAL_GROUPS).find(([k, label]) => k === code || label === g.text)?.[0];
      if (!group) r.error(row.sheet, g.cell, `“${g.text}”不是决战目标的类别。请从下拉列表选择：${Object.values(GOAL_GROUPS).join('、')}。`);
    }
  }

  const description = r.required(row, 'description', columns, 2);
  const ledger = r.choice<LedgerKind>(row, 'ledger', columns, VOCAB.ledger);
  const deadlineBasis = r.choice(row, 'deadlineBasis', columns, VOCAB.deadlineBasis);
  const scope = r.choice<TargetScope>(row, 'scope', columns, VOCAB.scope);
  const aggregation = r.choice(row, 'aggregation', columns, VOCAB.aggregation);
  const reportedBy = r.choice(row, 'reportedBy', columns, VOCAB.reportedBy);
  const valueSource = r.choice(row, 'valueSource', columns, VOCAB.valueSource);
  const strength = r.choice(row, 'strength', columns, VOCAB.strength);
  const allocatable = r.yesNo(row, 'allocatable', columns);
  const ongoing = r.yesNo(row, 'ongoing', columns);
  const start = r.date(row, 'start', columns);
  const deadline = r.date(row, 'deadline', columns);
  if (start && deadline && deadline.iso < start.iso) {
    r.error(row.sheet, deadline.cell, `截止日期 ${deadline.iso} 早于起始日期 ${start.iso}（${start.cell}）。请核对两个日期。`);
  }

  const metric = r.get(row, 'metric', columns);
  const measure = r.get(row, 'measure', columns);
  const comparator = r.get(row, 'comparator', columns);
  const value = r.get(row, 'value', columns);
  const unitValuesCell = r.get(row, 'unitValues', columns);
  const measurementCell = r.get(row, 'measurement', columns);
  const kind = ledger === 'milestone' ? 'milestone' : 'quantitative';

  let measureText: string | null = null;
  let comparatorCodeValue: Comparator | null = null;
  let numberValue: number | null = null;
  let measurement: string | null = null;
  if (ledger === 'milestone') {
    for (const [c, key] of [[metric, 'metric'], [measure, 'measure'], [comparator, 'comparator'], [value, 'value'], [unitValuesCell, 'unitValues'], [measurementCell, 'measurement']] as const) {
      if (c.v !== null) {
        r.error(
          row.sheet,
          c.cell,
          `台账渠道为“任务销号台账”的是销号事项，只记录进展，不计算“${headerOf(columns, key)}”。如果这是量化指标，请把台账渠道改为指标报送台账或相应的台账；否则请清空这一格。`,
        );
      }
    }
  } else if (ledger) {
    const metricText = textOf(metric.v);
    if (!metricText) r.error(row.sheet, metric.cell, '量化指标的“指标名称”不能为空。请写明考核的指标，如“城市空气质量优良天数比例”。');
    else if (metricText.length < 2) r.error(row.sheet, metric.cell, `“指标名称”只有“${metricText}”，太短了。请写完整。`);
    measureText = textOf(measure.v) || null;
    if (!measureText) r.error(row.sheet, measure.cell, '量化指标的“计量单位”不能为空。请从下拉列表选择，如 %、μg/m³、台。');
    const compText = textOf(comparator.v);
    if (!compText) r.error(row.sheet, comparator.cell, `量化指标的“比较方式”不能为空。请从下拉列表选择：${Object.values(COMPARATOR_WORD).join('、')}。`);
    else {
      comparatorCodeValue = comparatorCode(compText);
      if (!comparatorCodeValue) r.error(row.sheet, comparator.cell, `“${compText}”不是可选的比较方式。请从下拉列表选择：${Object.values(COMPARATOR_WORD).join('、')}。`);
    }
    const m = measureText;
    const known = m ? MEASURES.find((x) => x.measure === m || x.measure === m.normalize('NFKC')) : undefined;
    if (measureText && !known) {
      r.warn(row.sheet, measure.cell, `计量单位“${measureText}”不在常用列表中。工作台按普通数值计算；如果是笔误，请从下拉列表选择。`);
    }
    if (known && comparatorCodeValue && !known.comparators.includes(comparatorCodeValue)) {
      r.error(
        row.sheet,
        comparator.cell,
        `计量单位为“${known.measure}”的指标是浓度或强度的上限，比较方式不能是“${COMPARATOR_WORD[comparatorCodeValue]}”。请改为：${known.comparators.map((c) => COMPARATOR_WORD[c]).join('或')}。`,
      );
    }
    if (DETAILED.includes(ledger)) {
      const mText = textOf(measurementCell.v);
      const ledgerLabel = VOCAB.ledger.label(ledger);
      const own = MEASUREMENTS.filter((x) => x.ledger === ledger);
      const found = mText ? MEASUREMENTS.find((x) => x.code === mText || x.label === mText) : undefined;
      if (!mText) {
        r.error(row.sheet, measurementCell.cell, `由${ledgerLabel}计算的目标须选“计算口径”。${ledgerLabel}可计算：${own.map((x) => x.label).join('、')}。`);
      } else if (!found) {
        r.error(row.sheet, measurementCell.cell, `“${mText}”不是工作台能计算的口径。${ledgerLabel}可计算：${own.map((x) => x.label).join('、')}；请从下拉列表选择。`);
      } else if (found.ledger !== ledger) {
        const ledgerCell = row.cells.ledger?.cell ?? measurementCell.cell;
        r.error(
          row.sheet,
          ledgerCell,
          `${ledgerLabel}不能计算“${found.label}”（它由${VOCAB.ledger.label(found.ledger)}计算）。请把台账渠道改为${VOCAB.ledger.label(found.ledger)}，或改选${ledgerLabel}的口径：${own.map((x) => x.label).join('、')}。`,
        );
      } else {
        measurement = found.code;
        if (measureText && measureText !== found.measure) {
          r.error(row.sheet, measure.cell, `“${found.label}”按“${found.measure}”计算，计量单位不能是“${measureText}”。请把计量单位改为“${found.measure}”。`);
        }
        if (comparatorCodeValue && !found.comparators.includes(comparatorCodeValue)) {
          r.error(
            row.sheet,
            comparator.cell,
            `“${found.label}”的比较方式不能是“${COMPARATOR_WORD[comparatorCodeValue]}”。请改为：${found.comparators.map((c) => COMPARATOR_WORD[c]).join('或')}。`,
          );
        }
      }
    } else if (textOf(measurementCell.v)) {
      r.error(
        row.sheet,
        measurementCell.cell,
        `“计算口径”只用于露天矿山、锅炉、车辆淘汰、排污许可台账；${VOCAB.ledger.label(ledger)}直接报送数值，请清空这一格，或改选相应的台账渠道。`,
      );
    }
    if (value.v !== null) {
      const n = parseNumber(value.v, measureText ? [measureText] : []);
      if (!n.ok) r.error(row.sheet, value.cell, `“目标值”${n.reason}。请只填数字，不带单位（百分比填 90 表示 90%）。`);
      else numberValue = n.value;
    }
  }

  // whose target it is: its own units, or its task's
  const inherit = task ? { lead: task.lead, co: task.co, units: task.units } : { lead: [], co: [], units: [] };
  const lead = r.unitList(row, 'lead', columns);
  const co = r.unitList(row, 'co', columns);
  const resp = r.unitList(row, 'units', columns);
  const respNames = resp.names ?? inherit.units;
  if (scope === 'unit' && respNames.length === 0) {
    r.error(row.sheet, resp.cell, '考核范围为“各责任单位”的目标须有责任单位。请填写责任单位，或把考核范围改为“全市”。');
  }

  let unitValues: Record<string, number> | undefined;
  const uvText = ledger === 'milestone' ? '' : textOf(unitValuesCell.v);
  if (uvText) {
    unitValues = {};
    for (const part of uvText.split(/[；;，,、\n]+/u).map((s) => s.trim()).filter(Boolean)) {
      const m = /^(.+?)\s*[：:=＝]?\s*([+-]?\d+(?:\.\d+)?)\s*(?:%|[^\d\s]*)$/u.exec(part.normalize('NFKC'));
      if (!m) {
        r.error(row.sheet, unitValuesCell.cell, `“分单位目标值”中的“${part}”看不出单位和数值。请写成“单位：数值”，多个用分号分隔，如“城区：20；盂县：60”。`);
        continue;
      }
      const name = r.resolveUnit(m[1]!);
      if (!name) {
        r.error(row.sheet, unitValuesCell.cell, `“分单位目标值”中的“${m[1]}”不在“单位”表中。请改用“单位”表中的名称或别名。`);
      } else if (!respNames.includes(name)) {
        r.error(
          row.sheet,
          unitValuesCell.cell,
          `“分单位目标值”给“${name}”定了目标值，但“${name}”不是这个目标的责任单位（${respNames.join('、') || '没有责任单位'}）。请删去它的值，或把它加入责任单位。`,
        );
      } else unitValues[name] = Number(m[2]);
    }
    if (Object.keys(unitValues).length === 0) unitValues = undefined;
  }
  if (ledger && ledger !== 'milestone' && valueSource === 'plan' && numberValue === null && !unitValues && !textOf(unitValuesCell.v)) {
    r.error(row.sheet, value.cell, '“目标值”不能为空：目标值来源为“方案给定”。请填写目标值或分单位目标值；如果目标值由省或市大气办另行下达，请把“目标值来源”改为“另行分解下达”。');
  }

  // the quote stands in the clause it comes from, word for word: documents cite it
  const quote = r.required(row, 'quote', columns, 2);
  const source = task?.clause ?? provision?.text;
  if (quote && source !== undefined && !source.includes(quote.text)) {
    const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
    const where = task ? `任务${task.no}的条文（${task.at}所在行）` : `保障措施“${provision!.code}”的条文`;
    r.error(
      row.sheet,
      quote.cell,
      fold(source).includes(fold(quote.text))
        ? `“引用原文”与${where}的标点或空格不一致（如全角、半角逗号）。请从条文中直接复制这句话。`
        : `“引用原文”在${where}中找不到。请从条文中逐字摘录，不要改写或缩写。`,
    );
  }

  const condition = r.optional(row, 'condition', columns);
  const note = r.optional(row, 'note', columns);
  if (!id || !description || !ledger || !deadlineBasis || !scope || !aggregation || !reportedBy || !valueSource || !strength || !start || !deadline || !quote) return;
  const base = {
    id,
    description: description.text,
    quote: quote.text,
    start: start.iso,
    deadline: deadline.iso,
    deadlineBasis,
    scope,
    reportedBy,
    valueSource,
    ...(allocatable ? { allocatable } : {}),
    aggregation,
    strength,
    ...(measurement ? { measurement } : {}),
    ...(ongoing ? { ongoing } : {}),
    ...(condition ? { condition } : {}),
    ...(note ? { note } : {}),
    lead: lead.names ?? inherit.lead,
    co: co.names ?? inherit.co,
    units: respNames,
    ...(unitValues ? { unitValues } : {}),
    ...(group ? { section: group, category: GOAL_GROUPS[group]! } : {}),
  };
  const target: TargetSeed =
    kind === 'milestone'
      ? { ...base, kind: 'milestone', ledger: 'milestone', metric: null, measure: null, comparator: null, value: null }
      : { ...base, kind: 'quantitative', ledger, metric: textOf(metric.v), measure: measureText ?? '', comparator: comparatorCodeValue ?? '>=', value: numberValue };
  if (task) task.targets.push(target);
  else if (provision) provision.targets.push(target);
  else if (group) ctx.goals.push(target);
}
