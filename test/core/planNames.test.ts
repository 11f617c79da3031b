import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createApi } from '../../main/core/api';
import { buildPlanIndex, type TargetLookup } from '../../main/core/plan/planIndex';
import { quoteSentences } from '../../main/core/plan/quotes';
import { readPlan } from '../../main/core/db/repos/planRepo';
import { splitTaskNumber, targetName, taskName } from '../../shared/planNames';
import { imp, newWorkspace, NOW } from '../support/importHarness';

/** A target code as the plan's seeds write them: T04-voc-remediation, G2-pm25-annual, S41-…. */
const CODE = /\b[TGS]\d\d?-[a-z0-9-]+/;

const idOf = (hit: TargetLookup) => (hit && 'target' in hit ? hit.target.id : hit && 'ambiguous' in hit ? `ambiguous:${hit.ambiguous.length}` : null);

describe('names people read for tasks and targets', () => {
  it('names a task and a target by task number and Chinese words, a goal or provision by its section', () => {
    const plan = readPlan(newWorkspace().db);
    const task4 = plan.tasks.find((t) => t.no === 4)!;
    expect(taskName(task4)).toBe('任务4 全流程推进工业炉窑和挥发性有机物综合治理');
    expect(targetName(task4.targets.find((t) => t.id === 'T04-voc-remediation')!)).toBe('任务4 完成重点行业VOCs针对性整治');
    expect(targetName(plan.goals.find((g) => g.id === 'G1-autumn-winter-2019-2020')!)).toBe('二(一) 完成国家下达的2019-2020年秋冬季大气攻坚目标');
    const all = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
    const names = all.map(targetName);
    // one name per target, none of them a code
    expect(new Set(names).size).toBe(all.length);
    for (const n of names) expect(n).not.toMatch(CODE);
  });

  it('reads a task number in the ways people write it', () => {
    expect(splitTaskNumber('任务4 完成重点行业VOCs针对性整治')).toEqual({ no: 4, rest: '完成重点行业VOCs针对性整治' });
    expect(splitTaskNumber('第17项')).toEqual({ no: 17, rest: '' });
    expect(splitTaskNumber('7')).toEqual({ no: 7, rest: '' });
    expect(splitTaskNumber('4．VOCs针对性整治')).toEqual({ no: 4, rest: 'VOCs针对性整治' });
    expect(splitTaskNumber('123')).toBeNull();
    expect(splitTaskNumber('降尘')).toBeNull();
  });

  it('finds the same milestone from its code, its name, its description, or its task’s number or name', () => {
    const index = buildPlanIndex(newWorkspace().db);
    for (const written of ['T07-coal-ban-zones', '任务7 将已完成清洁取暖改造的区域划定为“禁煤区”', '将已完成清洁取暖改造的区域划定为“禁煤区”', '任务7', '第7项', '7', ' 任务 7 ', '任务7 强化“禁煤区”建设']) {
      expect(idOf(index.milestone(written)), written).toBe('T07-coal-ban-zones');
    }
    for (const written of ['T04-voc-remediation', '任务4 完成重点行业VOCs针对性整治', '任务４　完成重点行业VOCs针对性整治', '4.完成重点行业VOCs针对性整治', '任务4 VOCs针对性整治']) {
      expect(idOf(index.milestone(written)), written).toBe('T04-voc-remediation');
    }
    // task 4 tracks four milestones: its number alone does not say which
    expect(idOf(index.milestone('任务4'))).toBe('ambiguous:4');
    expect(idOf(index.milestone('任务4 全流程推进工业炉窑和挥发性有机物综合治理'))).toBe('ambiguous:4');
    expect(idOf(index.milestone('任务4 VOCs'))).toBe('ambiguous:3');
    expect(idOf(index.milestone('清单'))).toBeNull();
    expect(idOf(index.indicator('任务17 降尘量低于9吨/月·平方公里'))).toBe('T17-dustfall');
    expect(idOf(index.indicator('T17-dustfall'))).toBe('T17-dustfall');
  });

  it('offers names in the milestone template’s drop-down, and a filled template imports whether a row gives the name, the task number or the code', async () => {
    const ws = newWorkspace();
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => NOW }, user: '测试分析员' });
    const file = await api['imports.template']({ kind: 'milestone' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const col = header.indexOf('任务编号') + 1;
    expect(col).toBeGreaterThan(0);
    const validation = sheet.getCell(3, col).dataValidation;
    expect(validation.type).toBe('list');
    // Excel warns but lets a county type a task number or a code, which the import reads as well
    expect(validation.errorStyle).toBe('warning');
    // the list lives on the hidden 选项 sheet: read the range the drop-down points at
    const m = /^选项!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(validation.formulae![0] as string)!;
    const lists = wb.getWorksheet('选项')!;
    const options: string[] = [];
    for (let r = Number(m[2]); r <= Number(m[3]); r++) options.push(String(lists.getCell(`${m[1]}${r}`).value));
    const milestones = readPlan(ws.db).tasks.flatMap((t) => t.targets).filter((t) => t.ledger === 'milestone');
    expect(options).toContain('任务4 完成重点行业VOCs针对性整治');
    expect(options.length).toBeGreaterThanOrEqual(milestones.length);
    for (const o of options) expect(o).not.toMatch(CODE);
    // the instructions list the names too, never the codes
    wb.getWorksheet('填写说明')!.eachRow((row) => expect(JSON.stringify(row.values)).not.toMatch(CODE));

    // 郊区 fills it in: one row picked from the drop-down, one by task number, one by code
    sheet.getCell(1, 1).value = '郊区2020年9月任务销号台账';
    const fields = header as string[];
    const put = (r: number, values: Record<string, unknown>) => {
      for (const [label, v] of Object.entries(values)) sheet.getCell(r, fields.indexOf(label) + 1).value = v as ExcelJS.CellValue;
    };
    put(3, { 任务编号: '任务4 完成重点行业VOCs针对性整治', 单位: '郊区', 进展: '推进中' });
    put(4, { 任务编号: '任务7', 单位: '郊区', 进展: '推进中' });
    put(5, { 任务编号: 'T21-list-revision', 单位: '郊区', 进展: '已完成', 完成日期: new Date(Date.UTC(2020, 7, 25)), 佐证材料: '郊环发〔2020〕12号' });
    put(6, { 任务编号: '任务21', 单位: '郊区', 进展: '推进中' });
    put(7, { 任务编号: '完成清单', 单位: '郊区', 进展: '推进中' });
    const r = imp(ws, '郊区2020年9月任务销号台账.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe('imported');
    const stored = ws.db.prepare("SELECT row_no, task_no FROM milestone_rows WHERE row_status != 'rejected' ORDER BY row_no").all();
    expect(stored).toEqual([
      { row_no: 3, task_no: 'T04-voc-remediation' },
      { row_no: 4, task_no: 'T07-coal-ban-zones' },
      { row_no: 5, task_no: 'T21-list-revision' },
    ]);
    // what cannot be matched is said in Chinese, with names to choose from, never codes
    const ambiguous = r.findings.find((f) => f.row === 6 && f.code === 'domain')!;
    expect(ambiguous.message).toContain('“任务21”对应 4 个销号事项');
    expect(ambiguous.message).toContain('“任务21 完成重污染天气应急减排清单修订，落实“一厂一策””');
    const unknown = r.findings.find((f) => f.row === 7 && f.code === 'domain')!;
    expect(unknown.message).toContain('“完成清单”不是方案中由任务销号台账跟踪的销号事项');
    expect(unknown.message).toContain('请从模板的下拉列表中选择');
    for (const f of r.findings) expect(f.message).not.toMatch(CODE);
  });

  it('offers names in the indicator template’s drop-down too', async () => {
    const ws = newWorkspace();
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => NOW }, user: '测试分析员' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await api['imports.template']({ kind: 'indicator' })).base64, 'base64') as unknown as ArrayBuffer);
    const lists = wb.getWorksheet('选项')!;
    const texts: string[] = [];
    lists.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('任务17 降尘量低于9吨/月·平方公里');
    for (const t of texts) expect(t).not.toMatch(CODE);
  });

  it('shows stored codes of the target columns by their names in the ledger views', async () => {
    const ws = newWorkspace();
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => NOW }, user: '测试分析员' });
    const fields = await api['ledgers.fields']({});
    const taskNo = fields.milestone.find((f) => f.key === 'taskNo')!;
    expect(taskNo.valueNames?.['T04-voc-remediation']).toBe('任务4 完成重点行业VOCs针对性整治');
    expect(fields.indicator.find((f) => f.key === 'indicator')!.valueNames?.['T17-dustfall']).toBe('任务17 降尘量低于9吨/月·平方公里');
    expect(fields.boiler.every((f) => f.valueNames === undefined)).toBe(true);
  });
});

describe('the plan’s sentences behind a target', () => {
  const clause =
    '9.深入开展锅炉综合整治。2020年9月底前,对全市范围内35蒸吨以下燃煤锅炉进行再排查,确保燃煤小锅炉淘汰措施落实到位。2020年9月底前,全面完成燃气锅炉低氮改造。(市生态环境局牵头,各县区政府负责落实)';

  it('quotes the sentence around each quote, each once and in the plan’s order, with …… where words are left out', () => {
    expect(quoteSentences(clause, ['全面完成燃气锅炉低氮改造'])).toBe('2020年9月底前,全面完成燃气锅炉低氮改造。');
    expect(quoteSentences(clause, ['全面完成燃气锅炉低氮改造', '燃煤小锅炉淘汰措施落实到位', '全面完成燃气锅炉'])).toBe(
      '2020年9月底前,对全市范围内35蒸吨以下燃煤锅炉进行再排查,确保燃煤小锅炉淘汰措施落实到位。2020年9月底前,全面完成燃气锅炉低氮改造。',
    );
    expect(quoteSentences(clause, ['深入开展锅炉综合整治', '全面完成燃气锅炉低氮改造'])).toBe('9.深入开展锅炉综合整治。……2020年9月底前,全面完成燃气锅炉低氮改造。');
    // a clause of a list ends at its semicolon, which the quotation leaves out; a quote not in the text stands for itself
    expect(quoteSentences('到年底,关闭矿山;完成治理。', ['关闭矿山'])).toBe('到年底,关闭矿山');
    expect(quoteSentences(clause, ['另一句话'])).toBe('另一句话');
  });

  it('finds every target’s quote in its task’s clause, so a dossier quotes the plan’s own words', () => {
    const plan = readPlan(newWorkspace().db);
    for (const task of plan.tasks) {
      for (const t of task.targets) {
        const quoted = quoteSentences(task.clause, [t.quote]);
        expect(task.clause.replace(/\s+/g, ''), t.id).toContain(quoted.replace(/\s+/g, '').replace(/[;；]$/, ''));
        expect(quoted, t.id).toContain(t.quote);
        expect(quoted.length, t.id).toBeLessThan(task.clause.length);
      }
    }
  });
});
