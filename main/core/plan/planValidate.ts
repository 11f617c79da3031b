// A plan workbook checked as strictly as a ledger: every cell that would make a wrong or unusable plan is named
// (目标!K12), with what is wrong and what to do; only a workbook without errors becomes seeds for syncPlan.
import { describeZodError } from '../../../shared/zod';
import { normalizeName } from '../../../shared/text';
import type { UnitKind } from '../../../shared/models';
import { parseNumber } from '../importer/values';
import { planSeed, unitsSeed, type PlanSeed, type TargetSeed, type UnitsSeed } from './seedSchema';
import { VOCAB } from './planVocabulary';
import { PLAN_SHEETS, GOAL_COLUMNS, TARGET_COLUMNS, TASK_COLUMNS, PROVISION_COLUMNS, UNIT_COLUMNS } from './planWorkbookLayout';
import type { PlanFinding, PlanSheets } from './planWorkbookRead';
import { CellReader, codeOf, LIST_SPLIT, textOf } from './planCells';
import { readTarget, type TaskDraft } from './planValidateTarget';
import type { PlanSummaryView } from '../../../shared/planModels';


/** What a plan workbook holds, counted: the same summary the pages and the CLI show. */
export type PlanSummary = PlanSummaryView;

export interface PlanCheck {
  findings: PlanFinding[];
  /** The plan ready for syncPlan; null while any finding is an error. */
  seeds: { plan: PlanSeed; units: UnitsSeed } | null;
  summary: PlanSummary;
}

export function validatePlan(sheets: PlanSheets, inherited: PlanFinding[] = []): PlanCheck {
  const r = new CellReader(sheets.serialOffset);
  r.list.push(...inherited);

  // 单位: the names every other sheet refers to
  const unitRows: UnitsSeed['units'] = [];
  const unitKeys = new Map<string, { name: string; at: string }>();
  for (const row of sheets.units) {
    const name = r.required(row, 'name', UNIT_COLUMNS);
    const kind = r.choice<UnitKind>(row, 'kind', UNIT_COLUMNS, VOCAB.unitKind);
    const fullName = r.optional(row, 'fullName', UNIT_COLUMNS);
    const aliasCell = r.get(row, 'aliases', UNIT_COLUMNS);
    const aliases = textOf(aliasCell.v)
      .split(LIST_SPLIT)
      .map((a) => a.trim())
      .filter(Boolean);
    if (!name) continue;
    const canonical = normalizeName(name.text);
    if (unitRows.some((u) => u.name === canonical)) {
      r.error(row.sheet, name.cell, `单位“${canonical}”在“单位”表中出现了两次。请删除重复的一行，或把两行合并。`);
      continue;
    }
    for (const [i, written] of [canonical, ...aliases].entries()) {
      const key = normalizeName(written);
      const owner = unitKeys.get(key);
      if (owner && owner.name !== canonical) {
        r.error(
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
  if (sheets.units.length === 0) r.error(PLAN_SHEETS.units, null, '“单位”表中没有任何单位。请列出方案和台账中出现的全部单位。');
  r.resolveUnit = (w) => unitKeys.get(normalizeName(w))?.name ?? null;

  // 说明: the document the plan is
  const intro = sheets.intro;
  const introText = (key: keyof PlanSheets['intro'], label: string): string => {
    const c = intro[key];
    const text = c ? textOf(c.value) : '';
    if (!text) r.error(PLAN_SHEETS.intro, c?.cell ?? null, `“说明”表中缺少${label}。请在“${label}”右边的单元格中填写。`);
    return text;
  };
  const title = introText('title', '方案名称');
  const number = introText('number', '文号');
  const issuer = introText('issuer', '发文机关');
  let year: number | null = null;
  const yearText = introText('year', '方案年度');
  if (yearText) {
    const y = parseNumber(intro.year!.value, ['年']);
    if (!y.ok || !Number.isInteger(y.value) || y.value < 2000 || y.value > 2100) {
      r.error(PLAN_SHEETS.intro, intro.year!.cell, `方案年度“${yearText}”不是年份。请填写四位数的年份，如 2021。`);
    } else year = y.value;
  }

  // 保障
  const provisions: PlanSeed['provisions'] = [];
  const provisionAt = new Map<string, string>();
  for (const row of sheets.provisions) {
    const code = r.required(row, 'code', PROVISION_COLUMNS);
    const ptitle = r.required(row, 'title', PROVISION_COLUMNS, 2);
    const text = r.required(row, 'text', PROVISION_COLUMNS, 10);
    if (!code) continue;
    const c = codeOf(code.text);
    if (provisionAt.has(c)) {
      r.error(row.sheet, code.cell, `保障措施编号“${c}”与 ${provisionAt.get(c)} 重复。请给每项保障措施不同的编号。`);
      continue;
    }
    provisionAt.set(c, `${row.sheet}!${code.cell}`);
    if (ptitle && text) provisions.push({ code: c, title: ptitle.text, text: text.text, targets: [] });
  }

  // 任务
  const tasks: TaskDraft[] = [];
  const taskAt = new Map<number, string>();
  const sectionTitles = new Map<string, { title: string; at: string }>();
  for (const row of sheets.tasks) {
    const noCell = r.get(row, 'no', TASK_COLUMNS);
    const noText = textOf(noCell.v);
    const m = /^(?:任务)?\s*(\d+)$/u.exec(noText.normalize('NFKC'));
    const no = m ? Number(m[1]) : NaN;
    if (!noText) r.error(row.sheet, noCell.cell, '“任务编号”不能为空。请填写任务的编号（正整数）。');
    else if (!Number.isInteger(no) || no < 1) r.error(row.sheet, noCell.cell, `任务编号“${noText}”不是正整数。请填写 1、2、3 这样的编号。`);
    else if (taskAt.has(no)) r.error(row.sheet, noCell.cell, `任务编号 ${no} 与 ${taskAt.get(no)} 重复。请给每项任务不同的编号。`);
    const section = r.required(row, 'section', TASK_COLUMNS);
    const sectionTitle = r.required(row, 'sectionTitle', TASK_COLUMNS);
    const ttitle = r.required(row, 'title', TASK_COLUMNS, 2);
    const clause = r.required(row, 'clause', TASK_COLUMNS, 10);
    const lead = r.unitList(row, 'lead', TASK_COLUMNS);
    const co = r.unitList(row, 'co', TASK_COLUMNS);
    const resp = r.unitList(row, 'units', TASK_COLUMNS);
    if (lead.names === null || lead.names.length === 0) r.error(row.sheet, lead.cell, '“牵头单位”不能为空。请填写牵头的单位，多个用顿号“、”分隔。');
    if (resp.names === null || resp.names.length === 0) r.error(row.sheet, resp.cell, '“责任单位”不能为空。请填写负责落实的单位，多个用顿号“、”分隔。');
    if (section && sectionTitle) {
      const code = codeOf(section.text);
      const seen = sectionTitles.get(code);
      if (seen && seen.title !== sectionTitle.text) {
        r.error(row.sheet, sectionTitle.cell, `篇章“${code}”的标题“${sectionTitle.text}”与 ${seen.at} 的“${seen.title}”不一致。同一篇章的标题请写成一样。`);
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
      leadNote: r.optional(row, 'leadNote', TASK_COLUMNS),
      co: co.names ?? [],
      units: resp.names ?? [],
      targets: [],
      at: `${row.sheet}!${noCell.cell}`,
    });
  }
  tasks.sort((a, b) => a.no - b.no);


  // 目标 and 决战目标
  const ctx = { tasks, taskAt, provisions, provisionAt, idAt: new Map<string, string>(), goals: [] as TargetSeed[] };
  for (const row of sheets.targets) readTarget(r, row, TARGET_COLUMNS, ctx);
  for (const row of sheets.goals) readTarget(r, row, GOAL_COLUMNS, ctx);
  const goals = ctx.goals;

  for (const t of tasks) {
    if (t.targets.length === 0) {
      const [sheet, cell] = t.at.split('!') as [string, string];
      r.error(sheet, cell, `任务${t.no}“${t.title}”没有任何考核目标或销号事项。请在“目标”表中为它添加至少一行（所属任务填 ${t.no}）。`);
    }
  }
  if (sheets.tasks.length === 0) r.error(PLAN_SHEETS.tasks, null, '“任务”表中没有任何任务。请至少填写一项重点任务。');

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
  const findings = sortFindings(r.list);
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
