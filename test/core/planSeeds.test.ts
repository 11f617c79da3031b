import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeeds, SeedError, allTargets } from '../../main/core/plan/loadSeeds';
import { copyResources, seedsDir } from '../support/tmp';

const seeds = loadSeeds(seedsDir);
const byId = new Map(allTargets(seeds.plan).map(({ target }) => [target.id, target]));
const planText = fs.readFileSync(path.join(seedsDir, 'yangquan-2020-action-plan.txt'), 'utf8');

describe('the plan as data', () => {
  it('holds all 22 numbered tasks with their section, lead departments and full clause text', () => {
    expect(seeds.plan.tasks.map((t) => t.no)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    for (const t of seeds.plan.tasks) {
      expect(t.clause.startsWith(`${t.no}.${t.title}`)).toBe(true);
      expect(t.targets.length).toBeGreaterThan(0);
    }
    const t14 = seeds.plan.tasks[13]!;
    expect(t14).toMatchObject({ section: '三(四)', title: '推进露天矿山综合整治', lead: ['市规划和自然资源局'] });
    expect(t14.co).toEqual(['市生态环境局', '市应急管理局', '市财政局']);
    // Task 1 has two paragraphs, each with its own lead; both are quoted whole.
    expect(seeds.plan.tasks[0]!.clause.split('\n')).toHaveLength(2);
    expect(seeds.plan.tasks[0]!.lead).toEqual(['市工信局', '市能源局']);
  });

  it('names the implementing units the plan names: no 开发区 in task 6, only three counties in task 7, 阳煤集团 in 10/13/15', () => {
    const units = (no: number) => seeds.plan.tasks[no - 1]!.units;
    expect(units(6)).not.toContain('开发区');
    expect(units(7)).toEqual(['平定县', '盂县', '郊区']);
    for (const no of [10, 13, 15]) expect(units(no)).toContain('阳煤集团');
    expect(units(14)).not.toContain('阳煤集团');
  });

  it.each([
    ['T01-coking-capacity-cut', '>=', 60, '万吨', '2020-12-31', 'indicator'],
    ['T03-refractory-enterprises', '<=', 160, '户', '2020-12-31', 'indicator'],
    ['T04-ammonia-slip-scr', '<=', 2.5, 'mg/m³', '2020-12-31', 'indicator'],
    ['T04-ammonia-slip-sncr', '<=', 8, 'mg/m³', '2020-12-31', 'indicator'],
    ['T04-low-voc-materials', '>=', 90, '%', '2020-12-31', 'indicator'],
    ['T05-permit-coverage', '>=', 100, '%', '2020-08-31', 'permit'],
    ['T08-coal-sampling-monthly', '>=', 20, '%', '2020-12-31', 'indicator'],
    ['T08-coal-sampling-annual', '>=', 100, '%', '2020-12-31', 'indicator'],
    ['T09-small-coal-boilers', '=', 0, '台', '2020-09-30', 'boiler'],
    ['T09-gas-boiler-low-nox', '>=', 100, '%', '2020-09-30', 'boiler'],
    ['T10-rail-share', '>=', 80, '%', '2020-12-31', 'indicator'],
    ['T10-rail-share-builtup', '>=', 90, '%', '2020-12-31', 'indicator'],
    ['T10-rail-freight-increase', '>=', 100, '万吨', '2020-12-31', 'indicator'],
    ['T13-nev-official-cars', '>=', 80, '%', '2020-12-31', 'indicator'],
    ['T14-builtup-mines-closed', '>=', 100, '%', '2020-08-31', 'mine'],
    ['T14-abandoned-mine-restoration', '>=', 20000, '亩', '2020-12-31', 'mine'],
    ['T17-dustfall', '<', 9, '吨/月·平方公里', '2020-12-31', 'indicator'],
  ])('%s: %s %s %s by %s, measured from the %s ledger', (id, comparator, value, measure, deadline, ledger) => {
    expect(byId.get(id)).toMatchObject({ kind: 'quantitative', comparator, value, measure, deadline, ledger });
  });

  it('keeps the per-month and whole-year sampling rules apart, and checks dust fall every month', () => {
    expect(byId.get('T08-coal-sampling-monthly')!.aggregation).toBe('monthly');
    expect(byId.get('T08-coal-sampling-annual')!.aggregation).toBe('level');
    expect(byId.get('T17-dustfall')!.aggregation).toBe('monthly');
    expect(byId.get('T14-abandoned-mine-restoration')!.aggregation).toBe('cumulative');
  });

  it('tracks dated milestones without a number', () => {
    const due = (id: string) => byId.get(id)!;
    expect(due('T04-voc-assessment')).toMatchObject({ kind: 'milestone', deadline: '2020-03-31', ledger: 'milestone' });
    expect(due('T04-voc-remediation').deadline).toBe('2020-06-30');
    expect(due('T06-city-plan-submitted').deadline).toBe('2020-05-31');
    expect(due('T07-coal-ban-zones').deadline).toBe('2020-10-31');
    expect(due('T21-list-evaluation').deadline).toBe('2020-06-30');
    expect(due('T21-list-revision').deadline).toBe('2020-08-31');
    expect(due('T21-list-publication').deadline).toBe('2020-09-30');
    expect(due('T01-coal-washing-verification').deadline).toBe('2020-09-30');
  });

  it('marks the 力争 targets and the quotas the province or the office sets later', () => {
    expect(byId.get('T01-coke-oven-43m-exit')).toMatchObject({ strength: 'strive', deadline: '2020-10-31' });
    expect(byId.get('T13-guo3-truck-retirement')).toMatchObject({ value: null, valueSource: 'allocation', ledger: 'vehicle' });
    expect(byId.get('T06-clean-heating')).toMatchObject({ value: null, valueSource: 'allocation', deadline: '2020-10-31' });
  });

  it('holds the 决战目标 of section 二, with SO₂ grade I for five units and grade II for 盂县', () => {
    expect(seeds.plan.goals.map((g) => g.section)).toEqual(expect.arrayContaining(['二(一)', '二(二)']));
    const so2 = byId.get('G4-so2-annual')!;
    expect(so2.unitValues).toEqual({ 平定县: 20, 郊区: 20, 城区: 20, 矿区: 20, 开发区: 20, 盂县: 60 });
    expect(so2).toMatchObject({ comparator: '<=', measure: 'μg/m³' });
  });

  it('quotes every target word for word from the plan', () => {
    for (const { target } of allTargets(seeds.plan)) expect(planText).toContain(target.quote);
    const fourSeven = seeds.plan.provisions.find((p) => p.code === '四(七)')!;
    expect(fourSeven.text).toContain('组织开展约谈或专项督察、挂牌督办');
  });

  it('finds every dated requirement of the plan among its targets', () => {
    // Each "X月底前" / "年底前" sentence in sections 二 and 三 must be covered by a target quote.
    const body = planText.slice(planText.indexOf('二、决战目标'), planText.indexOf('四、决战保障'));
    const dated = body.match(/[^,。;，；]*(?:\d+月底|年底|10底)前[^。;；]*/g) ?? [];
    const quotes = allTargets(seeds.plan).map(({ target }) => target.quote);
    const uncovered = dated.filter((sentence) => !quotes.some((q) => q.includes(sentence.trim()) || sentence.includes(q)));
    expect(uncovered).toEqual([]);
  });
});

describe('a malformed seed fails with the file and the field', () => {
  function breakPlan(mutate: (plan: any) => void): string {
    const res = copyResources();
    const file = path.join(res.seedsDir, 'plan.json');
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    mutate(plan);
    fs.writeFileSync(file, JSON.stringify(plan));
    return res.seedsDir;
  }

  it.each([
    ['a deadline in the wrong format', (p: any) => (p.tasks[13].targets[2].deadline = '2020/12/31'), /seeds\/plan\.json.*tasks\[13\]\.targets\[2\]\.deadline.*YYYY-MM-DD/],
    ['an unknown comparator', (p: any) => (p.tasks[2].targets[0].comparator = '≤'), /tasks\[2\]\.targets\[0\]\.comparator/],
    ['a unit missing from units.json', (p: any) => (p.tasks[6].units = ['平定县', '太原市']), /tasks\[6\]\.units\[1\].*太原市/],
    ['a quote not in the plan', (p: any) => (p.tasks[13].targets[2].quote = '完成3万亩废弃露天矿山恢复治理'), /tasks\[13\]\.targets\[2\]\.quote/],
    ['a duplicate target id', (p: any) => (p.tasks[1].targets[0].id = 'T01-coking-capacity-cut'), /目标编号 T01-coking-capacity-cut 重复/],
    ['a gap in task numbering', (p: any) => p.tasks.splice(4, 1), /tasks\[4\]\.no.*应为 5/],
    ['a plan target without its value', (p: any) => (p.tasks[13].targets[2].value = null), /tasks\[13\]\.targets\[2\]\.value/],
  ])('%s', (_label, mutate, message) => {
    const dir = breakPlan(mutate);
    expect(() => loadSeeds(dir)).toThrow(SeedError);
    expect(() => loadSeeds(dir)).toThrow(message);
  });

  it('reports a file that is not JSON', () => {
    const res = copyResources();
    fs.writeFileSync(path.join(res.seedsDir, 'units.json'), '{ "units": [');
    expect(() => loadSeeds(res.seedsDir)).toThrow(/seeds\/units\.json.*不是有效的 JSON/);
  });

  it('refuses an alias that points at two units', () => {
    const res = copyResources();
    const file = path.join(res.seedsDir, 'units.json');
    const units = JSON.parse(fs.readFileSync(file, 'utf8'));
    units.units[0].aliases.push('平定');
    fs.writeFileSync(file, JSON.stringify(units));
    expect(() => loadSeeds(res.seedsDir)).toThrow(/别名“平定”同时指向/);
  });
});
