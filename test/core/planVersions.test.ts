// Several plans in one workspace: a hand-written plan refused with its cells named, then loaded, assessed, revised.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { createApi } from '../../main/core/api';
import { checkPlanWorkbook } from '../../main/core/plan/planWorkbook';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import { readPlan, readPlanTables } from '../../main/core/db/repos/planRepo';
import type { ApiImpl } from '../../shared/api';
import { CITY } from '../../shared/assessModels';
import type { PlanView } from '../../shared/models';
import { effectiveLine } from '../../shared/planNames';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { INDICATOR_HEADERS } from '../fixtures/ledgerRows';
import { builtInTemplate, columnOf, handWrittenPlan, loadWorkbook, readTable, saveWorkbook, sheet, writeTable, type HandWrittenLayout } from '../fixtures/planWorkbooks';
import { imp, tableCounts } from '../support/importHarness';
import { tmpDir } from '../support/tmp';
import { UNDO_0010, UNDO_0011 } from '../support/undoMigrations';

let template: Buffer;

beforeAll(async () => {
  template = await builtInTemplate();
}, 90_000);

interface Office {
  ws: Workspace;
  api: ApiImpl;
}

function office(): Office {
  const ws = openWorkspace(path.join(tmpDir(), 'ws.sqlite'), { create: true });
  const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2021-02-08T02:00:00Z') }, user: '测试分析员' });
  return { ws, api };
}

const file = (name: string, bytes: Uint8Array) => ({ file: { name, base64: Buffer.from(bytes).toString('base64') } });

/** The hand-written 2021 plan (three tasks of the template, see the fixture) with `edit` applied. */
async function plan2021(edit: (wb: ExcelJS.Workbook, layout: HandWrittenLayout) => void = () => {}): Promise<Buffer> {
  const { wb, layout } = await handWrittenPlan(template);
  edit(wb, layout);
  return saveWorkbook(wb);
}

function cellOf(layout: HandWrittenLayout, id: string, header: string): string {
  return `${columnOf(layout.targets.table, header)}${layout.targets.rowOf.get(id)}`;
}

const targetsOf = (p: PlanView) => [...p.goals, ...p.tasks.flatMap((t) => t.targets), ...p.provisions.flatMap((x) => x.targets)];

/** 城区 and 矿区 report their refractory enterprises for a month. */
async function refractories(o: Office, month: string, counts: [number, number]): Promise<void> {
  const [y, m] = month.split('-').map(Number);
  const rows: Cell[][] = [
    ['城区', 'T03-refractory-enterprises', `${y}年${m}月`, counts[0], '户', null],
    ['矿区', 'T03-refractory-enterprises', `${y}年${m}月`, counts[1], '户', null],
  ];
  const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: [`市工信局${y}年${m}月指标报送`], header: [...INDICATOR_HEADERS], rows }] });
  const r = imp(o.ws, `市工信局指标${month}.xlsx`, bytes, { now: new Date(`${month}-28T02:00:00Z`) });
  expect(r.status, r.findings.map((f) => f.message).join('；')).toBe('imported');
}

describe('plans in versions', () => {
  it('a new workspace holds the built-in 2020 plan as its first version, reading exactly as the tables it wrote', async () => {
    const o = office();
    try {
      const { versions, inForce } = await o.api['plans.list']({});
      expect(versions).toEqual([
        expect.objectContaining({ number: '阳政办发〔2020〕28号', version: 1, label: '原方案', source: 'builtin', effectiveFrom: '2020-01-01', effectiveTo: null, latest: true }),
      ]);
      expect(inForce).toBe(versions[0]!.id);
      const { version, ...snapshot } = readPlan(o.ws.db);
      expect(version).toMatchObject({ versionId: versions[0]!.id, label: '原方案' });
      expect(snapshot).toEqual(readPlanTables(o.ws.db));
    } finally {
      o.ws.db.close();
    }
  });

  it('refuses a hand-written plan with planted errors, naming each cell, and writes nothing', async () => {
    const o = office();
    try {
      const planted: Record<string, string> = {};
      const bytes = await plan2021((wb, layout) => {
        const targets = sheet(wb, '目标');
        planted.unit = cellOf(layout, 'T01-foundry-exit', '责任单位');
        targets.getCell(planted.unit).value = '城区、城东区';
        planted.deadline = cellOf(layout, 'T03-refractory-enterprises', '截止日期');
        targets.getCell(planted.deadline).value = '2020年12月31日';
        planted.duplicate = cellOf(layout, 'T01-coke-oven-43m-exit', '目标编号');
        targets.getCell(planted.duplicate).value = 'T01-foundry-exit';
      });
      const check = await o.api['plans.check'](file('方案2021.xlsx', bytes));
      expect(check.ok).toBe(false);
      expect(check.load).toBeNull();
      const at = (cell: string) => check.findings.filter((f) => f.sheet === '目标' && f.cell === cell && f.severity === 'error').map((f) => f.message);
      expect(at(planted.unit!).join()).toContain('城东区');
      expect(at(planted.deadline!).join()).toMatch(/截止日期.*早于.*起始日期|早于起始日期/);
      expect(at(planted.duplicate!).join()).toMatch(/重复/);

      const before = tableCounts(o.ws);
      await expect(o.api['plans.load'](file('方案2021.xlsx', bytes))).rejects.toThrow(/有 \d+ 个错误，没有载入。第一个：目标!/);
      expect(tableCounts(o.ws)).toEqual(before);
      expect((await o.api['plans.list']({})).versions).toHaveLength(1);
    } finally {
      o.ws.db.close();
    }
  });

  it('loads the corrected plan as a new plan and assesses each month against the plan in force then', async () => {
    const o = office();
    try {
      await refractories(o, '2020-09', [60, 70]);
      const coking = await xlsx({
        sheets: [{ name: 'Sheet1', titleRows: ['市工信局2020年9月指标报送'], header: [...INDICATOR_HEADERS], rows: [['市工信局', 'T01-coking-capacity-cut', '2020年9月', 56, '万吨', null]] }],
      });
      expect(imp(o.ws, '市工信局焦化.xlsx', coking, { now: new Date('2020-10-05T02:00:00Z') }).status).toBe('imported');
      const sept = await o.api['assess.save']({ asOf: '2020-09-30' });
      const septOrder = sept.results.map((r) => r.target).filter((t, i, all) => all.indexOf(t) === i);
      expect(septOrder.slice(0, 2)).toEqual(['T01-coking-capacity-cut', 'T03-refractory-enterprises']);
      const bytes = await plan2021();
      const check = await o.api['plans.check'](file('方案2021.xlsx', bytes));
      expect(check).toMatchObject({ ok: true, load: { kind: 'new', version: 1, number: '示例〔2021〕1号', effectiveFrom: '2021-01-01', revisionOf: null }, diff: null });
      const { version: v2021 } = await o.api['plans.load'](file('方案2021.xlsx', bytes));
      const { versions } = await o.api['plans.list']({});
      const v2020 = versions.find((v) => v.year === 2020)!;
      expect(v2020.effectiveTo).toBe('2020-12-31');
      expect(v2021).toMatchObject({ year: 2021, effectiveFrom: '2021-01-01', effectiveTo: null, fileName: '方案2021.xlsx', counts: { tasks: 3 } });

      await refractories(o, '2021-01', [50, 60]);
      const jan = await o.api['assess.save']({ asOf: '2021-01-31' });
      expect(jan.plan).toMatchObject({ versionId: v2021.id, number: '示例〔2021〕1号' });
      const plan2021Ids = new Set(targetsOf(await o.api['plan.get']({ version: v2021.id })).map((t) => t.id));
      // only the 2021 plan's targets (what nobody owes a figure for yet is left out, as in any month)
      expect(jan.results.filter((r) => !plan2021Ids.has(r.target))).toEqual([]);
      expect(jan.results.some((r) => r.target === 'T14-abandoned-mine-restoration')).toBe(false);
      const refractory = jan.results.find((r) => r.target === 'T03-refractory-enterprises' && r.unit === CITY)!;
      expect(refractory.actual).toBe(110);

      expect(sept.plan.versionId).toBe(v2020.id);
      // September's saved run reopens in its own plan's order, whatever later plans do to the register's order
      o.ws.db.exec('UPDATE targets SET sort_order = -sort_order');
      const reopened = await o.api['assess.open']({ runId: sept.runId! });
      expect(reopened.results.map((r) => `${r.target}@${r.unit}`)).toEqual(sept.results.map((r) => `${r.target}@${r.unit}`));
      expect(sept.results.some((r) => r.target === 'T14-abandoned-mine-restoration')).toBe(true);
      expect(sept.results.find((r) => r.target === 'T03-refractory-enterprises' && r.unit === CITY)!.actual).toBe(130);

      // --plan: January against the 2020 plan, on request
      const override = await o.api['assess.compute']({ asOf: '2021-01-31', plan: v2020.id });
      expect(override.plan.versionId).toBe(v2020.id);
      expect(override.results.some((r) => r.target === 'T14-abandoned-mine-restoration')).toBe(true);

      const runs = await o.api['assess.runs']({});
      expect(runs.map((r) => [r.asOf, r.plan.versionId]).sort()).toEqual([
        ['2020-09-30', v2020.id],
        ['2021-01-31', v2021.id],
      ]);
      // the workspace shows the plan of its latest month
      expect((await o.api['app.info']({})).planNumber).toBe('示例〔2021〕1号');
    } finally {
      o.ws.db.close();
    }
  });

  it('takes a revision: says what it changes, keeps the version a saved assessment used, and carries the allocations', async () => {
    const o = office();
    try {
      await o.api['allocations.set']({
        items: [
          { target: 'T14-abandoned-mine-restoration', unit: '郊区', value: 8000 },
          { target: 'T14-abandoned-mine-restoration', unit: '盂县', value: 12000 },
        ],
      });
      const first = await o.api['assess.save']({ asOf: '2020-09-30' });
      const previewBefore = await o.api['reports.preview']({ month: '2020-09', runId: first.runId! });

      // the office revises the 2020 plan: more land to restore, and one target later
      const wb = await loadWorkbook(Buffer.from((await o.api['plans.export']({})).base64, 'base64'));
      const targets = readTable(sheet(wb, '目标'));
      const row = (id: string) => targets.rows.find((r) => r['目标编号'] === id)!;
      row('T14-abandoned-mine-restoration')['目标值'] = 25000;
      row('T03-refractory-enterprises')['截止日期'] = '2021/3/31';
      writeTable(sheet(wb, '目标'), targets.headers, targets.rows);
      const revised = await saveWorkbook(wb);

      const check = await o.api['plans.check'](file('方案2020（修订）.xlsx', revised));
      expect(check.ok).toBe(true);
      expect(check.load).toMatchObject({ kind: 'revision', version: 2, revisionOf: { version: 1, label: '原方案' }, effectiveFrom: '2020-01-01' });
      const changed = new Map(check.diff!.targets.changed.map((t) => [t.id, t.changes]));
      expect([...changed.keys()].sort()).toEqual(['T03-refractory-enterprises', 'T14-abandoned-mine-restoration']);
      expect(changed.get('T14-abandoned-mine-restoration')).toEqual([expect.objectContaining({ field: 'value', before: expect.stringContaining('2万亩'), after: expect.stringContaining('25,000') })]);
      expect(changed.get('T03-refractory-enterprises')).toEqual([expect.objectContaining({ after: '2021年3月31日' })]);
      expect(check.diff!.tasks.added).toEqual([]);

      const { version: v2, diff } = await o.api['plans.load'](file('方案2020（修订）.xlsx', revised));
      expect(v2).toMatchObject({ version: 2, label: '第2版（修订）', latest: true });
      expect(diff!.targets.changed).toHaveLength(2);
      const v1 = (await o.api['plans.list']({})).versions.find((v) => v.version === 1)!;
      expect(v1.latest).toBe(false);
      // the revision takes effect the day the original did, so the original never applies from now on
      expect(v1.effectiveTo).toBe('2019-12-31');
      expect(effectiveLine(v1)).toBe('已由同日施行的修订版本取代，未曾施行');
      expect(effectiveLine(v2)).toBe('自2020年1月1日起施行');

      // allocations: the revision starts from the ones entered for the version it revises; those stay with it
      const carried = await o.api['allocations.list']({});
      expect(carried.allocations.map((a) => [a.unit, a.value, a.source])).toEqual([
        ['郊区', 8000, '沿用原方案'],
        ['盂县', 12000, '沿用原方案'],
      ]);
      await o.api['allocations.set']({ items: [{ target: 'T14-abandoned-mine-restoration', unit: '盂县', value: 17000 }] });
      expect((await o.api['allocations.list']({ plan: v1.id })).allocations.find((a) => a.unit === '盂县')!.value).toBe(12000);

      // what was saved reopens with its own plan; a new assessment takes the revision
      expect((await o.api['assess.open']({ runId: first.runId! })).plan.versionId).toBe(v1.id);
      expect(await o.api['reports.preview']({ month: '2020-09', runId: first.runId! })).toEqual(previewBefore);
      const again = await o.api['assess.save']({ asOf: '2020-09-30' });
      expect(again.plan).toMatchObject({ versionId: v2.id, version: 2 });
      expect(again.results.find((r) => r.target === 'T14-abandoned-mine-restoration' && r.unit === CITY)!.value).toBe(25000);
      expect(first.results.find((r) => r.target === 'T14-abandoned-mine-restoration' && r.unit === CITY)!.value).toBe(20000);

      // the same workbook again changes nothing, and says so
      const twice = await o.api['plans.check'](file('方案2020（修订）.xlsx', revised));
      expect(twice.load).toBeNull();
      expect(twice.findings).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('内容完全相同') })]);
      await expect(o.api['plans.load'](file('方案2020（修订）.xlsx', revised))).rejects.toThrow(/内容完全相同/);
    } finally {
      o.ws.db.close();
    }
  });

  it('a revision cannot take effect before the version it revises', async () => {
    const o = office();
    try {
      const bytes = await plan2021();
      await o.api['plans.load'](file('方案2021.xlsx', bytes));
      const revised = await plan2021((wb, layout) => {
        sheet(wb, '目标').getCell(cellOf(layout, 'T03-refractory-enterprises', '目标值')).value = 150;
      });
      const check = await o.api['plans.check']({ ...file('方案2021（修订）.xlsx', revised), effectiveFrom: '2020-12-01' });
      expect(check.ok).toBe(false);
      expect(check.findings.map((f) => f.message).join()).toContain('早于它所修订的第1版的施行日期 2021年1月1日');
      const mid = await o.api['plans.load']({ ...file('方案2021（修订）.xlsx', revised), effectiveFrom: '2021-07-01' });
      expect(mid.version).toMatchObject({ version: 2, effectiveFrom: '2021-07-01' });
      const v1 = (await o.api['plans.list']({})).versions.find((v) => v.year === 2021 && v.version === 1)!;
      expect(v1.effectiveTo).toBe('2021-06-30');
      expect(effectiveLine(v1)).toBe('2021年1月1日至2021年6月30日施行');
      expect((await o.api['assess.compute']({ asOf: '2021-03-31' })).plan.versionId).toBe(v1.id);
      expect((await o.api['assess.compute']({ asOf: '2021-09-30' })).plan.versionId).toBe(mid.version.id);
    } finally {
      o.ws.db.close();
    }
  });

  it('a workspace created from a plan workbook before plans had versions keeps that plan as its version 1', async () => {
    const seeds = checkPlanWorkbook(await plan2021(), '方案2021.xlsx').seeds!;
    const f = path.join(tmpDir(), 'ws2021.sqlite');
    const ws = openWorkspace(f, { create: true, plan: { seeds, source: 'workbook:方案2021.xlsx' } });
    const before = readPlanTables(ws.db);
    ws.db.exec(`${UNDO_0011} ${UNDO_0010} PRAGMA user_version = 9;`);
    ws.db.close();

    const again = openWorkspace(f);
    try {
      const api = createApi({ db: again.db, file: again.file, clock: { now: () => new Date('2021-02-08T02:00:00Z') }, user: '测试分析员' });
      const { versions } = await api['plans.list']({});
      // the workbook's plan, not the built-in one
      expect(versions).toEqual([expect.objectContaining({ number: '示例〔2021〕1号', version: 1, source: 'workbook', fileName: '方案2021.xlsx', effectiveFrom: '2021-01-01' })]);
      const { version: _, ...plan } = readPlan(again.db);
      expect(plan).toEqual(before);
    } finally {
      again.db.close();
    }
  });

  it('a workspace saved before plans had versions points its assessments and allocations at the built-in plan', async () => {
    const o = office();
    const f = o.ws.file;
    await o.api['allocations.set']({ items: [{ target: 'T14-abandoned-mine-restoration', unit: '郊区', value: 8000 }] });
    const run = await o.api['assess.save']({ asOf: '2020-09-30' });
    o.ws.db.exec(`${UNDO_0011} ${UNDO_0010} PRAGMA user_version = 9;`);
    o.ws.db.close();

    const again = openWorkspace(f);
    try {
      const api = createApi({ db: again.db, file: again.file, clock: { now: () => new Date('2021-02-08T02:00:00Z') }, user: '测试分析员' });
      const { versions } = await api['plans.list']({});
      expect(versions).toEqual([expect.objectContaining({ version: 1, number: '阳政办发〔2020〕28号' })]);
      expect((await api['assess.open']({ runId: run.runId! })).plan.versionId).toBe(versions[0]!.id);
      expect((await api['allocations.list']({})).allocations.map((a) => [a.unit, a.value])).toEqual([['郊区', 8000]]);
    } finally {
      again.db.close();
    }
  });
});
