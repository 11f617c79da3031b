import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { readPlan } from '../../main/core/db/repos/planRepo';
import { loadSeeds, type Seeds } from '../../main/core/plan/loadSeeds';
import { diffPlans } from '../../main/core/plan/planDiff';
import type { PlanView, TargetView } from '../../shared/models';
import type { PlanRef } from '../../shared/planModels';
import { seedsDir } from '../support/tmp';

const ORIGINAL: PlanRef = { versionId: 1, title: '阳泉市打赢蓝天保卫战2020年决战行动方案', number: '阳政办发〔2020〕28号', version: 1, label: '原方案' };
const REVISION: PlanRef = { ...ORIGINAL, versionId: 2, version: 2, label: '第2版（修订）' };

let builtIn: PlanView;

/** The built-in plan as the workspace reads it back after syncing `seeds`. */
function planOf(seeds?: Seeds): PlanView {
  const ws = openWorkspace(':memory:', seeds ? { plan: { seeds, source: '修订.xlsx' } } : {});
  try {
    return readPlan(ws.db);
  } finally {
    ws.db.close();
  }
}

beforeAll(() => {
  builtIn = { ...planOf(), version: ORIGINAL };
}, 90_000);

/** The built-in plan revised by `edit`, as version 2. */
function revised(edit: (plan: PlanView) => void): PlanView {
  const plan = structuredClone(builtIn);
  plan.version = REVISION;
  edit(plan);
  return plan;
}

function target(plan: PlanView, id: string): TargetView {
  const t = [...plan.goals, ...plan.tasks.flatMap((x) => x.targets), ...plan.provisions.flatMap((p) => p.targets)].find((x) => x.id === id);
  if (!t) throw new Error(`no target ${id}`);
  return t;
}

describe('what a revision of the plan changed', () => {
  it('finds nothing between a plan and itself', () => {
    const d = diffPlans(builtIn, revised(() => {}));
    expect(d).toMatchObject({ from: ORIGINAL, to: REVISION, same: true, document: [], units: { added: [], removed: [] } });
    expect(d.tasks).toEqual({ added: [], removed: [], changed: [] });
    expect(d.targets).toEqual({ added: [], removed: [], changed: [] });
  });

  it('says a moved deadline as dates people read, naming the target by its task and description', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        target(p, 'T14-builtup-mines-closed').deadline = '2021-06-30';
      }),
    );
    expect(d.same).toBe(false);
    expect(d.targets.changed).toEqual([
      {
        id: 'T14-builtup-mines-closed',
        name: '任务14 关闭建成区及周边露天矿山',
        changes: [{ field: 'deadline', label: '截止日期', before: '2020年8月31日', after: '2021年6月30日' }],
      },
    ]);
    expect(d.tasks.changed).toEqual([]);
  });

  it('writes a changed value with its measure, and a comparator and an aggregation in words', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        target(p, 'T14-abandoned-mine-restoration').value = 30000;
        const sampling = target(p, 'T08-coal-sampling-monthly');
        sampling.comparator = '>';
        sampling.aggregation = 'quarterly';
        target(p, 'T09-small-coal-boilers').ledger = 'indicator';
      }),
    );
    const changes = Object.fromEntries(d.targets.changed.map((c) => [c.id, c.changes]));
    expect(changes['T14-abandoned-mine-restoration']).toEqual([
      { field: 'value', label: '目标值', before: '20,000 亩（2万亩）', after: '30,000 亩（3万亩）' },
    ]);
    expect(changes['T08-coal-sampling-monthly']).toEqual([
      { field: 'comparator', label: '比较方式', before: '不低于（≥）', after: '高于（>）' },
      { field: 'aggregation', label: '汇总方式', before: '逐月考核', after: '逐季考核' },
    ]);
    expect(changes['T09-small-coal-boilers']).toEqual([{ field: 'ledger', label: '台账渠道', before: '锅炉台账', after: '指标报送台账' }]);
    // in the plan's order: task 8 before task 9 before task 14
    expect(d.targets.changed.map((c) => c.id)).toEqual(['T08-coal-sampling-monthly', 'T09-small-coal-boilers', 'T14-abandoned-mine-restoration']);
  });

  it('lists a target added and one removed by name', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        const task9 = p.tasks.find((t) => t.no === 9)!;
        task9.targets.push({ ...target(p, 'T09-gas-boiler-low-nox'), id: 'T09-biomass-boilers', description: '生物质锅炉超低排放改造' });
        const task1 = p.tasks.find((t) => t.no === 1)!;
        task1.targets = task1.targets.filter((t) => t.id !== 'T01-foundry-exit');
      }),
    );
    expect(d.targets.added).toEqual([{ id: 'T09-biomass-boilers', name: '任务9 生物质锅炉超低排放改造' }]);
    expect(d.targets.removed).toEqual([{ id: 'T01-foundry-exit', name: '任务1 退出城市规划区未达A级、B级标准的铸造企业' }]);
    expect(d.targets.changed).toEqual([]);
  });

  it('says a task’s new lead department once, on the task, not again on each target that follows it', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        const task14 = p.tasks.find((t) => t.no === 14)!;
        task14.lead = ['市规划和自然资源局', '市生态环境局'];
        task14.co = task14.co.filter((u) => u !== '市生态环境局');
        for (const t of task14.targets) {
          t.lead = task14.lead;
          t.co = task14.co;
        }
      }),
    );
    expect(d.tasks.changed).toEqual([
      {
        no: 14,
        title: '推进露天矿山综合整治',
        changes: [
          { field: 'lead', label: '牵头单位', before: '市规划和自然资源局', after: '市规划和自然资源局、市生态环境局' },
          { field: 'co', label: '配合单位', before: '市生态环境局、市应急管理局、市财政局', after: '市应急管理局、市财政局' },
        ],
      },
    ]);
    expect(d.targets.changed).toEqual([]);
  });

  it('still says a target’s own units when they part from its task’s', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        target(p, 'T14-abandoned-mine-restoration').units = ['城区', '矿区', '郊区', '平定县', '盂县'];
      }),
    );
    expect(d.targets.changed).toEqual([
      {
        id: 'T14-abandoned-mine-restoration',
        name: '任务14 废弃露天矿山恢复治理',
        changes: [{ field: 'units', label: '责任单位', before: '城区、矿区、郊区、平定县、盂县、开发区', after: '城区、矿区、郊区、平定县、盂县' }],
      },
    ]);
  });

  it('writes per-unit values as 单位 value, in the order of the responsible units', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        target(p, 'G4-so2-annual').unitValues!['盂县'] = 50;
      }),
    );
    expect(d.targets.changed).toHaveLength(1);
    const [change] = d.targets.changed[0]!.changes;
    expect(d.targets.changed[0]!.name).toMatch(/^二\(二\) 二氧化硫年均浓度/);
    expect(change).toEqual({
      field: 'unitValues',
      label: '分单位目标值',
      before: '城区 20 μg/m³、矿区 20 μg/m³、郊区 20 μg/m³、平定县 20 μg/m³、盂县 60 μg/m³、开发区 20 μg/m³',
      after: '城区 20 μg/m³、矿区 20 μg/m³、郊区 20 μg/m³、平定县 20 μg/m³、盂县 50 μg/m³、开发区 20 μg/m³',
    });
  });

  it('gives a clause its full texts, and the document fields by the workbook’s 说明 labels', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        p.document = { title: '阳泉市大气污染防治2021年行动计划', number: '阳政办发〔2021〕9号', issuer: p.document.issuer, year: 2021 };
        const task3 = p.tasks.find((t) => t.no === 3)!;
        task3.clause = `${task3.clause}2021年6月底前，完成耐材企业整合重组。`;
      }),
    );
    expect(d.document).toEqual([
      { field: 'title', label: '方案名称', before: '阳泉市打赢蓝天保卫战2020年决战行动方案', after: '阳泉市大气污染防治2021年行动计划' },
      { field: 'number', label: '文号', before: '阳政办发〔2020〕28号', after: '阳政办发〔2021〕9号' },
      { field: 'year', label: '方案年度', before: '2020年', after: '2021年' },
    ]);
    const clause = d.tasks.changed.find((t) => t.no === 3)!.changes;
    expect(clause).toHaveLength(1);
    expect(clause[0]!.label).toBe('条文');
    expect(clause[0]!.before).toBe(builtIn.tasks.find((t) => t.no === 3)!.clause);
    expect(clause[0]!.after).toMatch(/^3\.推进传统产业集群升级改造.*2021年6月底前，完成耐材企业整合重组。$/s);
  });

  it('names tasks added and removed, units added and removed, and a provision whose words changed', () => {
    const d = diffPlans(
      builtIn,
      revised((p) => {
        const task22 = p.tasks.pop()!;
        p.tasks.push({ ...task22, no: 23, title: '开展夏季臭氧污染防控', targets: [] });
        p.provisions[0]!.text = `${p.provisions[0]!.text}（2021年修订）`;
      }),
      { from: ['城区', '矿区', '开发区'], to: ['城区', '矿区', '阳泉经济技术开发区'] },
    );
    expect(d.tasks.added).toEqual([{ no: 23, title: '开展夏季臭氧污染防控' }]);
    expect(d.tasks.removed).toEqual([{ no: 22, title: '强化应急减排措施的执行' }]);
    expect(d.targets.removed.map((t) => t.id)).toEqual(['T22-emergency-enforcement']);
    expect(d.units).toEqual({ added: ['阳泉经济技术开发区'], removed: ['开发区'] });
    expect(d.document).toEqual([expect.objectContaining({ field: 'provision.四(一).text', label: '保障措施四(一)条文' })]);
    expect(d.same).toBe(false);
  });

  it('compares what was loaded: a revision synced from seeds differs only where the seeds were edited', () => {
    const seeds = loadSeeds(seedsDir);
    const plan = structuredClone(seeds.plan);
    const task14 = plan.tasks.find((t) => t.no === 14)!;
    task14.lead = ['市规划和自然资源局', '市生态环境局'];
    task14.targets.find((t) => t.id === 'T14-builtup-mines-closed')!.deadline = '2021-06-30';
    const loaded = { ...planOf({ plan, units: seeds.units, sha256: 'revision' }), version: REVISION };
    const d = diffPlans(builtIn, loaded);
    expect(d.tasks.changed.map((t) => [t.no, t.changes.map((c) => c.field)])).toEqual([[14, ['lead']]]);
    expect(d.targets.changed.map((t) => [t.id, t.changes.map((c) => `${c.label}：${c.before} → ${c.after}`)])).toEqual([
      ['T14-builtup-mines-closed', ['截止日期：2020年8月31日 → 2021年6月30日']],
    ]);
    expect(d.targets.added).toEqual([]);
    expect(d.targets.removed).toEqual([]);
    expect(d.units).toEqual({ added: [], removed: [] });
  });

  it('refuses a plan that is not a loaded version, in a sentence', () => {
    const unloaded = structuredClone(builtIn);
    delete unloaded.version;
    expect(() => diffPlans(builtIn, unloaded)).toThrow(/缺少新方案的版本信息/);
  });
});
