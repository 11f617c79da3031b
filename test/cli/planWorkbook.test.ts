import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { suiteDir, tmpDir } from '../support/tmp';
import { columnOf, handWrittenPlan, loadWorkbook, readTable, saveWorkbook, sheet } from '../fixtures/planWorkbooks';

interface Finding {
  sheet: string | null;
  cell: string | null;
  severity: 'error' | 'warning';
  message: string;
}
interface CheckJson {
  file: string;
  ok: boolean;
  findings: Finding[];
  plan: { title: string; number: string; year: number; tasks: number; targets: number; goals: number; provisions: number; units: number } | null;
  loaded: { workspace: string } | null;
}
interface PlanJson {
  document: { title: string; number: string; year: number };
  tasks: { no: number; lead: string[]; co: string[]; units: string[]; targets: { id: string; start: string; deadline: string; lead: string[]; units: string[] }[] }[];
  goals: { id: string; start: string; deadline: string }[];
  provisions: { code: string; targets: { id: string }[] }[];
}

let dir: string;
let template: string;

beforeAll(async () => {
  dir = suiteDir();
  template = path.join(dir, '方案2020.xlsx');
  const r = await cli(['plan', 'export', '--out', template]);
  expect(r.code, r.stderr).toBe(0);
}, 90_000);

describe('the exported plan workbook', () => {
  it('is a workbook a person can edit: six sheets, Chinese headers, drop-downs, real dates, frozen headers', async () => {
    const wb = await loadWorkbook(fs.readFileSync(template));
    expect(wb.worksheets.filter((w) => w.state !== 'hidden').map((w) => w.name)).toEqual(['说明', '任务', '目标', '决战目标', '保障', '单位']);
    const targets = sheet(wb, '目标');
    const table = readTable(targets);
    expect(table.headers).toEqual(expect.arrayContaining(['目标编号', '所属任务', '计量单位', '比较方式', '目标值', '起始日期', '截止日期', '台账渠道', '引用原文']));
    expect(targets.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(String(targets.getCell('A2').value)).toContain('填写说明');
    const coking = table.rows.find((r) => r['目标编号'] === 'T01-coking-capacity-cut')!;
    expect(coking['截止日期']).toEqual(new Date(Date.UTC(2020, 11, 31)));
    expect(coking['目标值']).toBe(60);
    expect(coking['比较方式']).toBe('不低于（≥）');
    const ledgerCol = columnOf(table, '台账渠道');
    const validation = (targets as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const ledgerList = Object.entries(validation).find(([range]) => range.startsWith(`${ledgerCol}4`));
    expect(ledgerList?.[1]).toMatchObject({ type: 'list' });
    const units = readTable(sheet(wb, '单位'));
    expect(units.rows.find((r) => r['单位名称'] === '市生态环境局')?.['别名']).toContain('市环保局');
  });
});

describe('round trip: export the built-in plan, create a workspace from it', () => {
  it('checks clean, and the new workspace holds exactly the built-in plan', async () => {
    const check = await cli(['plan', 'import', template, '--check', '--json']);
    expect(check.code).toBe(0);
    const c = check.json<CheckJson>();
    expect(c).toMatchObject({ ok: true, findings: [], loaded: null });
    expect(c.plan).toMatchObject({ number: '阳政办发〔2020〕28号', year: 2020, tasks: 22, goals: 6, provisions: 7, units: 32 });

    const db = path.join(tmpDir(), '来自工作簿.sqlite');
    const init = await cli(['init', '--db', db, '--plan', template]);
    expect(init.code, init.stderr).toBe(0);
    const builtIn = await cli(['plan', '--json']);
    const fromWorkbook = await cli(['plan', '--json', '--db', db]);
    expect(fromWorkbook.stdout).toBe(builtIn.stdout);

    // and the workspace keeps its own plan when opened again, rather than taking the built-in one back
    const again = await cli(['init', '--db', db]);
    expect(again.code).toBe(0);
    expect((await cli(['plan', '--json', '--db', db])).stdout).toBe(builtIn.stdout);
  });
});

describe('a plan written by hand into the template', () => {
  it('loads whatever order its rows are in, with blank rows, WPS text dates and units written by an alias', async () => {
    const { wb } = await handWrittenPlan(fs.readFileSync(template));
    const file = path.join(tmpDir(), '方案2021.xlsx');
    fs.writeFileSync(file, await saveWorkbook(wb));

    const check = await cli(['plan', 'import', file, '--check', '--json']);
    const c = check.json<CheckJson>();
    expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(check.code).toBe(0);
    expect(c.plan).toMatchObject({ title: '阳泉市2021年大气污染防治巩固提升方案（示例）', year: 2021, tasks: 3 });

    const db = path.join(tmpDir(), '阳泉2021.sqlite');
    const load = await cli(['plan', 'import', file, '--db', db, '--json']);
    expect(load.code, load.stderr).toBe(0);
    expect(load.json<CheckJson>().loaded).toEqual({ workspace: db });
    const plan = (await cli(['plan', '--json', '--db', db])).json<PlanJson>();
    expect(plan.document).toMatchObject({ number: '示例〔2021〕1号', year: 2021 });
    expect(plan.tasks.map((t) => t.no)).toEqual([1, 2, 3]);

    const builtIn = (await cli(['plan', '--json'])).json<PlanJson>();
    const builtInTask1 = builtIn.tasks[0]!.targets.map((t) => t.id);
    // rows are read in the order they stand: task 1's targets were written in reverse
    expect(plan.tasks[0]!.targets.map((t) => t.id)).toEqual([...builtInTask1].reverse());
    const all = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets)];
    expect(new Set(all.map((t) => t.start))).toEqual(new Set(['2021-01-01']));
    expect(new Set(all.map((t) => t.deadline))).toEqual(new Set(['2021-12-31', '2021-06-30']));
    // aliases are stored as the units' names
    const names = plan.tasks.flatMap((t) => [...t.lead, ...t.co, ...t.units, ...t.targets.flatMap((x) => [...x.lead, ...x.units])]);
    expect(names).not.toContain('市环保局');
    expect(names).not.toContain('经开区');
    for (const t of plan.tasks) expect(t.units).toEqual(builtIn.tasks[t.no - 1]!.units);
    expect(plan.provisions.flatMap((p) => p.targets.map((t) => t.id)).sort()).toEqual(builtIn.provisions.flatMap((p) => p.targets.map((t) => t.id)).sort());
  });

  it('is refused with every planted mistake named by its cell, and nothing is created', async () => {
    const { wb, layout } = await handWrittenPlan(fs.readFileSync(template));
    const planted: { sheet: string; cell: string; says: RegExp }[] = [];
    const plant = (sheetName: string, table: Parameters<typeof columnOf>[0], header: string, row: number, value: string | null, says: RegExp) => {
      const col = columnOf(table, header);
      sheet(wb, sheetName).getCell(`${col}${row}`).value = value;
      planted.push({ sheet: sheetName, cell: `${col}${row}`, says });
    };
    const task = (no: number) => layout.tasks.rowOf.get(no)!;
    const target = (id: string) => layout.targets.rowOf.get(id)!;
    const goal = (id: string) => layout.goals.rowOf.get(id)!;
    const T = layout.targets.table;
    const leadOf2 = String(sheet(wb, '任务').getCell(`${columnOf(layout.tasks.table, '牵头单位')}${task(2)}`).value);

    plant('任务', layout.tasks.table, '牵头单位', task(2), `${leadOf2}、市环卫局`, /“市环卫局”不在“单位”表中/);
    plant('目标', T, '截止日期', target('T01-three-lines-one-list'), '2020年12月31日', /截止日期 2020-12-31 早于起始日期 2021-01-01/);
    plant('目标', T, '起始日期', target('T01-foundry-exit'), '2021-13-45', /起始日期/);
    plant('目标', T, '目标内容', target('T01-pump-valve-relocation'), null, /“目标内容”不能为空/);
    plant('目标', T, '引用原文', target('T01-tiancheng-relocation'), '全市焦化产能全部退出', /在任务1的条文.*中找不到/);
    // the later of two rows repeats the earlier one's id
    const [first, second] = ['T01-coal-washing-verification', 'T01-builtup-coal-washing-ban'].sort((a, b) => target(a) - target(b)) as [string, string];
    plant('目标', T, '目标编号', target(second), first, new RegExp(`与 目标!A${target(first)} 重复`));
    // a target on a channel that cannot compute what it names
    sheet(wb, '目标').getCell(`${columnOf(T, '计算口径')}${target('T01-coking-capacity-cut')}`).value = '排污许可发证登记覆盖率';
    plant('目标', T, '台账渠道', target('T01-coking-capacity-cut'), '车辆淘汰台账', /车辆淘汰台账不能计算“排污许可发证登记覆盖率”/);
    const G = layout.goals.table;
    const pm25 = G.rows.find((r) => r['计量单位'] === 'μg/m³')!;
    plant('决战目标', G, '比较方式', goal(String(pm25['目标编号'])), '不低于（≥）', /比较方式不能是“不低于（≥）”/);
    const so2 = G.rows.find((r) => r['分单位目标值'])!;
    plant('决战目标', G, '分单位目标值', goal(String(so2['目标编号'])), `${String(so2['分单位目标值'])}；阳煤集团：5`, /“阳煤集团”不是这个目标的责任单位/);

    const file = path.join(tmpDir(), '方案2021（有错）.xlsx');
    fs.writeFileSync(file, await saveWorkbook(wb));
    const check = await cli(['plan', 'import', file, '--check', '--json']);
    expect(check.code).toBe(1);
    const c = check.json<CheckJson>();
    expect(c.ok).toBe(false);
    const errors = c.findings.filter((f) => f.severity === 'error');
    for (const p of planted) {
      const f = errors.find((e) => e.sheet === p.sheet && e.cell === p.cell);
      expect(f, `${p.sheet}!${p.cell}`).toBeDefined();
      expect(f!.message).toMatch(p.says);
    }
    expect(errors.map((e) => `${e.sheet}!${e.cell}`).sort()).toEqual(planted.map((p) => `${p.sheet}!${p.cell}`).sort());

    const text = await cli(['plan', 'import', file, '--check']);
    expect(text.stdout).toContain(`[错误] 决战目标!${planted.find((p) => p.sheet === '决战目标')!.cell}：`);

    const db = path.join(tmpDir(), '不应创建.sqlite');
    const init = await cli(['init', '--db', db, '--plan', file]);
    expect(init.code).toBe(1);
    expect(init.stdout).toContain('不能载入');
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('what plan import refuses outright', () => {
  it('a file that is not a workbook, as a finding about the whole file', async () => {
    const file = path.join(tmpDir(), '方案.xlsx');
    fs.writeFileSync(file, 'PK\u0003\u0004 这不是工作簿');
    const r = await cli(['plan', 'import', file, '--check', '--json']);
    expect(r.code).toBe(1);
    const c = r.json<CheckJson>();
    expect(c.plan).toBeNull();
    expect(c.findings).toEqual([expect.objectContaining({ sheet: null, cell: null, severity: 'error' })]);
  });

  it('init --plan into a workspace that exists, and the same plan loaded twice', async () => {
    const db = path.join(tmpDir(), '阳泉2020.sqlite');
    expect((await cli(['init', '--db', db])).code).toBe(0);
    const before = (await cli(['plan', '--json', '--db', db])).stdout;
    const again = await cli(['init', '--db', db, '--plan', template]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/已经存在.*bluesky plan import/);
    // the exported built-in plan is what the workspace already holds: nothing to load
    const same = await cli(['plan', 'import', template, '--db', db]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('内容完全相同，不需要再次载入');
    expect((await cli(['plan', '--json', '--db', db])).stdout).toBe(before);
    expect((await cli(['plan', 'list', '--db', db, '--json'])).json<{ versions: unknown[] }>().versions).toHaveLength(1);
    // neither checking nor naming a workspace is a usage error that says which to choose
    const neither = await cli(['plan', 'import', template]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--check');
  });
});
