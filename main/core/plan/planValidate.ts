// A plan workbook checked as strictly as a ledger: every cell that would make a wrong or unusable plan is named
// (目标!K12), with what is wrong and what to do; only a workbook without errors becomes seeds for syncPlan.
import { describeZodError } from '../../../shared/zod';
import { normalizeName } from '../../../shared/text';
import type { Comparator, LedgerKind, TargetScope, UnitKind } from '../../../shared/models';
import { cellText, FormulaProblem, parseDate, parseNumber, parseYesNo, type CellValue } from '../importer/values';
import { columnName } from '../importer/sheetLimits';
import { planSeed, unitsSeed, type PlanSeed, type TargetSeed, type TaskSeed, type UnitsSeed } from './seedSchema';
import { comparatorCode, COMPARATOR_WORD, GOAL_GROUPS, MEASUREMENTS, MEASURES, VOCAB, type Vocabulary } from './planVocabulary';
import { NONE_MARK, PLAN_SHEETS, GOAL_COLUMNS, TARGET_COLUMNS, TASK_COLUMNS, PROVISION_COLUMNS, UNIT_COLUMNS, type ColumnDef } from './planWorkbookLayout';
import type { PlanFinding, PlanSheets, SheetRow, SourceCell } from './planWorkbookRead';

export interface PlanSummary {
  title: string;
  number: string;
  issuer: string;
  year: number | null;
  tasks: number;
  /** Targets and milestones under the tasks and the provisions. */
  targets: number;
  goals: number;
  provisions: number;
  units: number;
}

export interface PlanCheck {
  findings: PlanFinding[];
  /** The plan ready for syncPlan; null while any finding is an error. */
  seeds: { plan: PlanSeed; units: UnitsSeed } | null;
  summary: PlanSummary;
}

const TARGET_ID = /^[A-Z][A-Za-z0-9]*-[a-z0-9-]+$/;
const LIST_SPLIT = /[、，,；;\n/]+/u;
const DETAILED: readonly LedgerKind[] = ['mine', 'boiler', 'vehicle', 'permit'];

class Collector {
  readonly list: PlanFinding[] = [];
  error(sheet: string, cell: string | null, message: string): void {
    this.list.push({ sheet, cell, severity: 'error', message });
  }
  warn(sheet: string, cell: string | null, message: string): void {
    this.list.push({ sheet, cell, severity: 'warning', message });
  }
}

function headerOf(columns: ColumnDef[], key: string): string {
  return columns.find((c) => c.key === key)?.header ?? key;
}

/** Cell text with Excel's line breaks as the plan's, trimmed; a number or date as it reads. */
function textOf(v: CellValue): string {
  if (v === null || v instanceof FormulaProblem) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  return cellText(v);
}

/** Codes like 三(一), 四（七）: brackets folded to the half-width form the plan's sections use. */
function codeOf(v: CellValue): string {
  return textOf(v).normalize('NFKC').replace(/\s+/g, '');
}

interface UnitIndex {
  resolve(written: string): string | null;
}

export function validatePlan(sheets: PlanSheets, inherited: PlanFinding[] = []): PlanCheck {
  const out = new Collector();
  out.list.push(...inherited);

  /** Reads one cell of a row; a formula error is said once here, and the cell then counts as empty. */
  const get = (row: SheetRow, key: string, columns: ColumnDef[]): { v: CellValue; cell: string } => {
    const c: SourceCell | undefined = row.cells[key];
    if (!c) return { v: null, cell: `${columnName(0)}${row.row}` };
    if (c.value instanceof FormulaProblem) {
      out.error(row.sheet, c.cell, `“${headerOf(columns, key)}”是${c.value.kind === 'error' ? `错误值 ${c.value.text}` : '没有计算结果的公式'}。请直接填写内容，不要用公式。`);
      return { v: null, cell: c.cell };
    }
    return { v: c.value, cell: c.cell };
  };
  const required = (row: SheetRow, key: string, columns: ColumnDef[], minLength = 1): { text: string; cell: string } | null => {
    const { v, cell } = get(row, key, columns);
    const text = textOf(v);
    const header = headerOf(columns, key);
    if (!text) {
      out.error(row.sheet, cell, `“${header}”不能为空。请填写${header}（${columns.find((c) => c.key === key)?.hint ?? ''}）。`);
      return null;
    }
    if (text.length < minLength) {
      out.error(row.sheet, cell, `“${header}”只有“${text}”，太短了。请照方案写完整（至少 ${minLength} 个字）。`);
      return null;
    }
    return { text, cell };
  };
  const optional = (row: SheetRow, key: string, columns: ColumnDef[]): string | null => textOf(get(row, key, columns).v) || null;
  const choice = <T extends string>(row: SheetRow, key: string, columns: ColumnDef[], vocab: Vocabulary<T>): T | null => {
    const r = required(row, key, columns);
    if (!r) return null;
    const code = vocab.code(r.text);
    if (code === null) {
      out.error(row.sheet, r.cell, `“${r.text}”不是可选的${headerOf(columns, key)}。请从下拉列表中选择：${vocab.labels.join('、')}。`);
    }
    return code;
  };
  const yesNo = (row: SheetRow, key: string, columns: ColumnDef[]): boolean => {
    const { v, cell } = get(row, key, columns);
    if (v === null) return false;
    const r = parseYesNo(v);
    if (!r.ok) {
      out.error(row.sheet, cell, `“${headerOf(columns, key)}”${r.reason}。请从下拉列表选择“是”或“否”（空为否）。`);
      return false;
    }
    return r.value;
  };
  const date = (row: SheetRow, key: string, columns: ColumnDef[]): { iso: string; cell: string } | null => {
    const { v, cell } = get(row, key, columns);
    const header = headerOf(columns, key);
    if (v === null) {
      out.error(row.sheet, cell, `“${header}”不能为空。请填写日期，如 2020-09-30。`);
      return null;
    }
    // a month alone names its last day, which a start date never means
    if (key === 'start' && typeof v === 'string' && !/日|\d{1,2}[.\-/]\d{1,2}[.\-/]\d{1,2}|^\d{8}$/u.test(v.trim())) {
      out.error(row.sheet, cell, `“${header}”写的是“${v.trim()}”，没有具体到日。请填写完整日期，如 2020-01-01。`);
      return null;
    }
    const r = parseDate(v, undefined, sheets.serialOffset);
    if (!r.ok) {
      out.error(row.sheet, cell, `“${header}”${r.reason}。请填写日期，如 2020-09-30（也可写 2020年9月30日）。`);
      return null;
    }
    return { iso: r.value, cell };
  };

  // 单位: the names every other sheet refers to
  const unitRows: UnitsSeed['units'] = [];
  const unitKeys = new Map<string, { name: string; at: string }>();
  for (const row of sheets.units) {
    const name = required(row, 'name', UNIT_COLUMNS);
    const kind = choice<UnitKind>(row, 'kind', UNIT_COLUMNS, VOCAB.unitKind);
    const fullName = optional(row, 'fullName', UNIT_COLUMNS);
    const aliasCell = get(row, 'aliases', UNIT_COLUMNS);
    const aliases = textOf(aliasCell.v)
      .split(LIST_SPLIT)
      .map((a) => a.trim())
      .filter(Boolean);
    if (!name) continue;
    const canonical = normalizeName(name.text);
    if (unitRows.some((u) => u.name === canonical)) {
      out.error(row.sheet, name.cell, `单位“${canonical}”在“单位”表中出现了两次。请删除重复的一行，或把两行合并。`);
      continue;
    }
    for (const [i, written] of [canonical, ...aliases].entries()) {
      const key = normalizeName(written);
      const owner = unitKeys.get(key);
      if (owner && owner.name !== canonical) {
        out.error(
          row.sheet,
          i === 0 ? name.cell : aliasCell.cell,
          `${i === 0 ? '单位名称' : '别名'}“${written}”同时指向“${owner.name}”（${owner.at}）和“${canonical}”。同一写法只能指向一个单位，请删去其中一处。`,
        );
        continue;
      }
      unitKeys.set(key, { name: canonical, at: `${row.sheet}!${name.cell}` });
    }
    unitRows.push({ name: canonical, kind: kind ?? 'department', fullName, aliases: aliases.filter((a) => a !== canonical), order: unitRows.length + 1 });
  }
  if (sheets.units.length === 0) out.error(PLAN_SHEETS.units, null, '“单位”表中没有任何单位。请列出方案和台账中出现的全部单位。');
  const units: UnitIndex = { resolve: (w) => unitKeys.get(normalizeName(w))?.name ?? null };

  /** A cell listing units: null when blank (the caller decides what blank means), [] for 无. */
  const unitList = (row: SheetRow, key: string, columns: ColumnDef[]): { names: string[] | null; cell: string } => {
    const { v, cell } = get(row, key, columns);
    const text = textOf(v);
    if (!text) return { names: null, cell };
    if (text === NONE_MARK) return { names: [], cell };
    const names: string[] = [];
    for (const written of text.split(LIST_SPLIT).map((s) => s.trim()).filter(Boolean)) {
      const name = units.resolve(written);
      if (!name) {
        out.error(row.sheet, cell, `“${headerOf(columns, key)}”中的“${written}”不在“单位”表中。请改用“单位”表中的名称或别名，或在“单位”表中添加这个单位。`);
      } else if (!names.includes(name)) names.push(name);
    }
    return { names, cell };
  };

  // 说明: the document the plan is
  const intro = sheets.intro;
  const introText = (key: keyof PlanSheets['intro'], label: string): string => {
    const c = intro[key];
    const text = c ? textOf(c.value) : '';
    if (!text) out.error(PLAN_SHEETS.intro, c?.cell ?? null, `“说明”表中缺少${label}。请在“${label}”右边的单元格中填写。`);
    return text;
  };
  const title = introText('title', '方案名称');
  const number = introText('number', '文号');
  const issuer = introText('issuer', '发文机关');
  let year: number | null = null;
  const yearText = introText('year', '方案年度');
  if (yearText) {
    const y = parseNumber(intro.year!.value);
    if (!y.ok || !Number.isInteger(y.value) || y.value < 2000 || y.value > 2100) {
      out.error(PLAN_SHEETS.intro, intro.year!.cell, `方案年度“${yearText}”不是年份。请填写四位数的年份，如 2021。`);
    } else year = y.value;
  }

  // 保障
  const provisions: PlanSeed['provisions'] = [];
  const provisionAt = new Map<string, string>();
  for (const row of sheets.provisions) {
    const code = required(row, 'code', PROVISION_COLUMNS);
    const ptitle = required(row, 'title', PROVISION_COLUMNS, 2);
    const text = required(row, 'text', PROVISION_COLUMNS, 10);
    if (!code) continue;
    const c = codeOf(code.text);
    if (provisionAt.has(c)) {
      out.error(row.sheet, code.cell, `保障措施编号“${c}”与 ${provisionAt.get(c)} 重复。请给每项保障措施不同的编号。`);
      continue;
    }
    provisionAt.set(c, `${row.sheet}!${code.cell}`);
    if (ptitle && text) provisions.push({ code: c, title: ptitle.text, text: text.text, targets: [] });
  }

  // 任务
  const tasks: (TaskSeed & { at: string })[] = [];
  const taskAt = new Map<number, string>();
  const sectionTitles = new Map<string, { title: string; at: string }>();
  for (const row of sheets.tasks) {
    const noCell = get(row, 'no', TASK_COLUMNS);
    const noText = textOf(noCell.v);
    const m = /^(?:任务)?\s*(\d+)$/u.exec(noText.normalize('NFKC'));
    const no = m ? Number(m[1]) : NaN;
    if (!noText) out.error(row.sheet, noCell.cell, '“任务编号”不能为空。请填写任务的编号（正整数）。');
    else if (!Number.isInteger(no) || no < 1) out.error(row.sheet, noCell.cell, `任务编号“${noText}”不是正整数。请填写 1、2、3 这样的编号。`);
    else if (taskAt.has(no)) out.error(row.sheet, noCell.cell, `任务编号 ${no} 与 ${taskAt.get(no)} 重复。请给每项任务不同的编号。`);
    const section = required(row, 'section', TASK_COLUMNS);
    const sectionTitle = required(row, 'sectionTitle', TASK_COLUMNS);
    const ttitle = required(row, 'title', TASK_COLUMNS, 2);
    const clause = required(row, 'clause', TASK_COLUMNS, 10);
    const lead = unitList(row, 'lead', TASK_COLUMNS);
    const co = unitList(row, 'co', TASK_COLUMNS);
    const resp = unitList(row, 'units', TASK_COLUMNS);
    if (lead.names === null || lead.names.length === 0) out.error(row.sheet, lead.cell, '“牵头单位”不能为空。请填写牵头的单位，多个用顿号“、”分隔。');
    if (resp.names === null || resp.names.length === 0) out.error(row.sheet, resp.cell, '“责任单位”不能为空。请填写负责落实的单位，多个用顿号“、”分隔。');
    if (section && sectionTitle) {
      const code = codeOf(section.text);
      const seen = sectionTitles.get(code);
      if (seen && seen.title !== sectionTitle.text) {
        out.error(row.sheet, sectionTitle.cell, `篇章“${code}”的标题“${sectionTitle.text}”与 ${seen.at} 的“${seen.title}”不一致。同一篇章的标题请写成一样。`);
      } else if (!seen) sectionTitles.set(code, { title: sectionTitle.text, at: `${row.sheet}!${sectionTitle.cell}` });
    }
    if (!Number.isInteger(no) || no < 1 || taskAt.has(no)) continue;
    taskAt.set(no, `${row.sheet}!${noCell.cell}`);
    if (!section || !sectionTitle || !ttitle || !clause) continue;
    tasks.push({
      no,
      section: codeOf(section.text),
      sectionTitle: sectionTitle.text,
      title: ttitle.text,
      clause: clause.text,
      lead: lead.names ?? [],
      leadNote: optional(row, 'leadNote', TASK_COLUMNS),
      co: co.names ?? [],
      units: resp.names ?? [],
      targets: [],
      at: `${row.sheet}!${noCell.cell}`,
    });
  }
  tasks.sort((a, b) => a.no - b.no);

  // 目标 and 决战目标
  const idAt = new Map<string, string>();
  const goals: TargetSeed[] = [];
  const readTarget = (row: SheetRow, columns: ColumnDef[]): void => {
    const idCell = required(row, 'id', columns);
    let id: string | null = null;
    if (idCell) {
      const text = idCell.text.normalize('NFKC');
      if (!TARGET_ID.test(text)) {
        out.error(row.sheet, idCell.cell, `目标编号“${idCell.text}”格式不对。请写成大写字母开头、连字符后为小写字母和数字的形式，如 T23-coal-cut、G7-pm10。`);
      } else if (idAt.has(text)) {
        out.error(row.sheet, idCell.cell, `目标编号“${text}”与 ${idAt.get(text)} 重复。每个目标的编号须全方案唯一，请改用新的编号。`);
      } else {
        id = text;
        idAt.set(text, `${row.sheet}!${idCell.cell}`);
      }
    }

    // where the target belongs: a task, a provision, or a goal group
    let task: (typeof tasks)[number] | undefined;
    let provision: PlanSeed['provisions'][number] | undefined;
    let group: string | undefined;
    if (columns === TARGET_COLUMNS) {
      const owner = required(row, 'owner', columns);
      if (owner) {
        const code = codeOf(owner.text);
        const m = /^(?:任务)?(\d+)$/u.exec(code);
        if (m) {
          task = tasks.find((t) => t.no === Number(m[1]));
          if (!task && !taskAt.has(Number(m[1]))) out.error(row.sheet, owner.cell, `“任务”表中没有编号为 ${m[1]} 的任务。请填写已有任务的编号，或先在“任务”表中添加这项任务。`);
        } else {
          provision = provisions.find((p) => p.code === code);
          if (!provision && !provisionAt.has(code)) {
            out.error(row.sheet, owner.cell, `“${owner.text}”既不是任务编号，也不是“保障”表中的保障措施编号。请填写任务编号（如 3）或保障措施编号（如“四(一)”）。`);
          }
        }
      }
    } else {
      const g = required(row, 'group', columns);
      if (g) {
        const code = codeOf(g.text);
        group = Object.entries(GOAL_GROUPS).find(([k, label]) => k === code || label === g.text)?.[0];
        if (!group) out.error(row.sheet, g.cell, `“${g.text}”不是决战目标的类别。请从下拉列表选择：${Object.values(GOAL_GROUPS).join('、')}。`);
      }
    }

    const description = required(row, 'description', columns, 2);
    const ledger = choice<LedgerKind>(row, 'ledger', columns, VOCAB.ledger);
    const deadlineBasis = choice(row, 'deadlineBasis', columns, VOCAB.deadlineBasis);
    const scope = choice<TargetScope>(row, 'scope', columns, VOCAB.scope);
    const aggregation = choice(row, 'aggregation', columns, VOCAB.aggregation);
    const reportedBy = choice(row, 'reportedBy', columns, VOCAB.reportedBy);
    const valueSource = choice(row, 'valueSource', columns, VOCAB.valueSource);
    const strength = choice(row, 'strength', columns, VOCAB.strength);
    const allocatable = yesNo(row, 'allocatable', columns);
    const ongoing = yesNo(row, 'ongoing', columns);
    const start = date(row, 'start', columns);
    const deadline = date(row, 'deadline', columns);
    if (start && deadline && deadline.iso < start.iso) {
      out.error(row.sheet, deadline.cell, `截止日期 ${deadline.iso} 早于起始日期 ${start.iso}（${start.cell}）。请核对两个日期。`);
    }

    const metric = get(row, 'metric', columns);
    const measure = get(row, 'measure', columns);
    const comparator = get(row, 'comparator', columns);
    const value = get(row, 'value', columns);
    const unitValuesCell = get(row, 'unitValues', columns);
    const measurementCell = get(row, 'measurement', columns);
    const kind = ledger === 'milestone' ? 'milestone' : 'quantitative';

    let measureText: string | null = null;
    let comparatorCodeValue: Comparator | null = null;
    let numberValue: number | null = null;
    let measurement: string | null = null;
    if (ledger === 'milestone') {
      for (const [c, key] of [[metric, 'metric'], [measure, 'measure'], [comparator, 'comparator'], [value, 'value'], [unitValuesCell, 'unitValues'], [measurementCell, 'measurement']] as const) {
        if (c.v !== null) {
          out.error(
            row.sheet,
            c.cell,
            `台账渠道为“任务销号台账”的是销号事项，只记录进展，不计算“${headerOf(columns, key)}”。如果这是量化指标，请把台账渠道改为指标报送台账或相应的台账；否则请清空这一格。`,
          );
        }
      }
    } else if (ledger) {
      const metricText = textOf(metric.v);
      if (!metricText) out.error(row.sheet, metric.cell, '量化指标的“指标名称”不能为空。请写明考核的指标，如“城市空气质量优良天数比例”。');
      else if (metricText.length < 2) out.error(row.sheet, metric.cell, `“指标名称”只有“${metricText}”，太短了。请写完整。`);
      measureText = textOf(measure.v) || null;
      if (!measureText) out.error(row.sheet, measure.cell, '量化指标的“计量单位”不能为空。请从下拉列表选择，如 %、μg/m³、台。');
      const compText = textOf(comparator.v);
      if (!compText) out.error(row.sheet, comparator.cell, `量化指标的“比较方式”不能为空。请从下拉列表选择：${Object.values(COMPARATOR_WORD).join('、')}。`);
      else {
        comparatorCodeValue = comparatorCode(compText);
        if (!comparatorCodeValue) out.error(row.sheet, comparator.cell, `“${compText}”不是可选的比较方式。请从下拉列表选择：${Object.values(COMPARATOR_WORD).join('、')}。`);
      }
      const m = measureText;
      const known = m ? MEASURES.find((x) => x.measure === m || x.measure === m.normalize('NFKC')) : undefined;
      if (measureText && !known) {
        out.warn(row.sheet, measure.cell, `计量单位“${measureText}”不在常用列表中。工作台按普通数值计算；如果是笔误，请从下拉列表选择。`);
      }
      if (known && comparatorCodeValue && !known.comparators.includes(comparatorCodeValue)) {
        out.error(
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
          out.error(row.sheet, measurementCell.cell, `由${ledgerLabel}计算的目标须选“计算口径”。${ledgerLabel}可计算：${own.map((x) => x.label).join('、')}。`);
        } else if (!found) {
          out.error(row.sheet, measurementCell.cell, `“${mText}”不是工作台能计算的口径。${ledgerLabel}可计算：${own.map((x) => x.label).join('、')}；请从下拉列表选择。`);
        } else if (found.ledger !== ledger) {
          const ledgerCell = row.cells.ledger?.cell ?? measurementCell.cell;
          out.error(
            row.sheet,
            ledgerCell,
            `${ledgerLabel}不能计算“${found.label}”（它由${VOCAB.ledger.label(found.ledger)}计算）。请把台账渠道改为${VOCAB.ledger.label(found.ledger)}，或改选${ledgerLabel}的口径：${own.map((x) => x.label).join('、')}。`,
          );
        } else {
          measurement = found.code;
          if (measureText && measureText !== found.measure) {
            out.error(row.sheet, measure.cell, `“${found.label}”按“${found.measure}”计算，计量单位不能是“${measureText}”。请把计量单位改为“${found.measure}”。`);
          }
          if (comparatorCodeValue && !found.comparators.includes(comparatorCodeValue)) {
            out.error(
              row.sheet,
              comparator.cell,
              `“${found.label}”的比较方式不能是“${COMPARATOR_WORD[comparatorCodeValue]}”。请改为：${found.comparators.map((c) => COMPARATOR_WORD[c]).join('或')}。`,
            );
          }
        }
      } else if (textOf(measurementCell.v)) {
        out.error(
          row.sheet,
          measurementCell.cell,
          `“计算口径”只用于露天矿山、锅炉、车辆淘汰、排污许可台账；${VOCAB.ledger.label(ledger)}直接报送数值，请清空这一格，或改选相应的台账渠道。`,
        );
      }
      if (value.v !== null) {
        const n = parseNumber(value.v, measureText ? [measureText] : []);
        if (!n.ok) out.error(row.sheet, value.cell, `“目标值”${n.reason}。请只填数字，不带单位（百分比填 90 表示 90%）。`);
        else numberValue = n.value;
      }
    }

    // whose target it is: its own units, or its task's
    const inherit = task ? { lead: task.lead, co: task.co, units: task.units } : { lead: [], co: [], units: [] };
    const lead = unitList(row, 'lead', columns);
    const co = unitList(row, 'co', columns);
    const resp = unitList(row, 'units', columns);
    const respNames = resp.names ?? inherit.units;
    if (scope === 'unit' && respNames.length === 0) {
      out.error(row.sheet, resp.cell, '考核范围为“各责任单位”的目标须有责任单位。请填写责任单位，或把考核范围改为“全市”。');
    }

    let unitValues: Record<string, number> | undefined;
    const uvText = ledger === 'milestone' ? '' : textOf(unitValuesCell.v);
    if (uvText) {
      unitValues = {};
      for (const part of uvText.split(/[；;，,、\n]+/u).map((s) => s.trim()).filter(Boolean)) {
        const m = /^(.+?)\s*[：:=＝]?\s*([+-]?\d+(?:\.\d+)?)\s*(?:%|[^\d\s]*)$/u.exec(part.normalize('NFKC'));
        if (!m) {
          out.error(row.sheet, unitValuesCell.cell, `“分单位目标值”中的“${part}”看不出单位和数值。请写成“单位：数值”，多个用分号分隔，如“城区：20；盂县：60”。`);
          continue;
        }
        const name = units.resolve(m[1]!);
        if (!name) {
          out.error(row.sheet, unitValuesCell.cell, `“分单位目标值”中的“${m[1]}”不在“单位”表中。请改用“单位”表中的名称或别名。`);
        } else if (!respNames.includes(name)) {
          out.error(
            row.sheet,
            unitValuesCell.cell,
            `“分单位目标值”给“${name}”定了目标值，但“${name}”不是这个目标的责任单位（${respNames.join('、') || '没有责任单位'}）。请删去它的值，或把它加入责任单位。`,
          );
        } else unitValues[name] = Number(m[2]);
      }
      if (Object.keys(unitValues).length === 0) unitValues = undefined;
    }
    if (ledger && ledger !== 'milestone' && valueSource === 'plan' && numberValue === null && !unitValues && !textOf(unitValuesCell.v)) {
      out.error(row.sheet, value.cell, '“目标值”不能为空：目标值来源为“方案给定”。请填写目标值或分单位目标值；如果目标值由省或市大气办另行下达，请把“目标值来源”改为“另行分解下达”。');
    }

    // the quote stands in the clause it comes from, word for word: documents cite it
    const quote = required(row, 'quote', columns, 2);
    const source = task?.clause ?? provision?.text;
    if (quote && source !== undefined && !source.includes(quote.text)) {
      const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
      const where = task ? `任务${task.no}的条文（${task.at}所在行）` : `保障措施“${provision!.code}”的条文`;
      out.error(
        row.sheet,
        quote.cell,
        fold(source).includes(fold(quote.text))
          ? `“引用原文”与${where}的标点或空格不一致（如全角、半角逗号）。请从条文中直接复制这句话。`
          : `“引用原文”在${where}中找不到。请从条文中逐字摘录，不要改写或缩写。`,
      );
    }

    const condition = optional(row, 'condition', columns);
    const note = optional(row, 'note', columns);
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
    else if (group) goals.push(target);
  };
  for (const row of sheets.targets) readTarget(row, TARGET_COLUMNS);
  for (const row of sheets.goals) readTarget(row, GOAL_COLUMNS);

  for (const t of tasks) {
    if (t.targets.length === 0) {
      const [sheet, cell] = t.at.split('!') as [string, string];
      out.error(sheet, cell, `任务${t.no}“${t.title}”没有任何考核目标或销号事项。请在“目标”表中为它添加至少一行（所属任务填 ${t.no}）。`);
    }
  }
  if (sheets.tasks.length === 0) out.error(PLAN_SHEETS.tasks, null, '“任务”表中没有任何任务。请至少填写一项重点任务。');

  const summary: PlanSummary = {
    title,
    number,
    issuer,
    year,
    tasks: tasks.length,
    targets: tasks.reduce((n, t) => n + t.targets.length, 0) + provisions.reduce((n, p) => n + p.targets.length, 0),
    goals: goals.length,
    provisions: provisions.length,
    units: unitRows.length,
  };
  const findings = sortFindings(out.list);
  if (findings.some((f) => f.severity === 'error') || year === null) return { findings, seeds: null, summary };

  const sections: PlanSeed['sections'] = [];
  for (const t of tasks) {
    const s = sections.find((x) => x.code === t.section);
    if (s) s.tasks.push(t.no);
    else sections.push({ code: t.section, title: t.sectionTitle, tasks: [t.no] });
  }
  const plan: PlanSeed = {
    $schema: 'plan-seed/1',
    document: { title, number, issuer, year, sourceFile: '' },
    sections,
    tasks: tasks.map(({ at: _at, ...t }) => t),
    goals,
    provisions,
  };
  const unitsSeedValue: UnitsSeed = { $schema: 'units-seed/1', units: unitRows };
  // the seed schema is the last word: a gap in the checks above is refused here, not written
  for (const [schema, value, label] of [[planSeed, plan, '方案'], [unitsSeed, unitsSeedValue, '单位表']] as const) {
    const r = schema.safeParse(value);
    if (!r.success) {
      findings.push({ sheet: null, cell: null, severity: 'error', message: `${label}未通过最终校验：${describeZodError(r.error)}。请按提示修改后重新检查。` });
      return { findings, seeds: null, summary };
    }
  }
  return { findings, seeds: { plan, units: unitsSeedValue }, summary };
}

const SHEET_ORDER: string[] = Object.values(PLAN_SHEETS);

function cellPosition(cell: string | null): [number, number] {
  const m = cell ? /^([A-Z]+)(\d+)$/.exec(cell) : null;
  if (!m) return [0, 0];
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return [Number(m[2]), col];
}

/** Sheet by sheet in the workbook's order, then row by row: the order a person works through them. */
function sortFindings(list: PlanFinding[]): PlanFinding[] {
  const sheetRank = (s: string | null) => (s === null ? -1 : SHEET_ORDER.indexOf(s));
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const s = sheetRank(a.f.sheet) - sheetRank(b.f.sheet);
      if (s !== 0) return s;
      const [ra, ca] = cellPosition(a.f.cell);
      const [rb, cb] = cellPosition(b.f.cell);
      return ra - rb || ca - cb || a.i - b.i;
    })
    .map((x) => x.f);
}
