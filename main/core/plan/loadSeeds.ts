import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describeZodError, type z } from '../../../shared/zod';
import { normalizeName } from '../../../shared/text';
import { ApiError } from '../../../shared/api';
import { planSeed, unitsSeed, type PlanSeed, type TargetSeed, type UnitsSeed } from './seedSchema';

export class SeedError extends ApiError {
  readonly file: string;
  constructor(file: string, detail: string) {
    super('seed_invalid', `方案数据文件 ${file} 有误：${detail}`);
    this.name = 'SeedError';
    this.file = file;
  }
}

export interface Seeds {
  plan: PlanSeed;
  units: UnitsSeed;
  /** SHA-256 over the seed files, to tell whether a workspace already holds this version of the plan. */
  sha256: string;
}

function readJson(file: string, label: string): { raw: string; data: unknown } {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SeedError(label, '文件不存在或无法读取');
  }
  try {
    return { raw, data: JSON.parse(raw) };
  } catch (err) {
    throw new SeedError(label, `不是有效的 JSON（${(err as Error).message}）`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, label: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new SeedError(label, describeZodError(r.error));
  return r.data;
}

/** Seeds made in memory (a plan workbook read, the demo's example plan), fingerprinted by their content. */
export function seedsOf(plan: PlanSeed, units: UnitsSeed): Seeds {
  const sha256 = crypto.createHash('sha256').update(JSON.stringify(plan)).update('\0').update(JSON.stringify(units)).digest('hex');
  return { plan, units, sha256 };
}

export function allTargets(plan: PlanSeed): { target: TargetSeed; where: string }[] {
  return [
    ...plan.tasks.flatMap((t, i) => t.targets.map((target, j) => ({ target, where: `tasks[${i}].targets[${j}]` }))),
    ...plan.goals.map((target, i) => ({ target, where: `goals[${i}]` })),
    ...plan.provisions.flatMap((p, i) => p.targets.map((target, j) => ({ target, where: `provisions[${i}].targets[${j}]` }))),
  ];
}

/** Clause texts keep the plan's paragraphs, one per line; each must stand in the plan word for word. */
function inSource(source: string, text: string): boolean {
  return text.split('\n').every((para) => para.length > 0 && source.includes(para));
}

/** Checks the JSON schema cannot express: numbering, unique ids, names that exist, quotes that are really in the plan. */
function crossCheck(plan: PlanSeed, units: UnitsSeed, sourceText: string | null, label: string): void {
  const fail = (where: string, msg: string): never => {
    throw new SeedError(label, `${where}：${msg}`);
  };
  plan.tasks.forEach((t, i) => {
    if (t.no !== i + 1) fail(`tasks[${i}].no`, `任务编号应为 ${i + 1}，实际为 ${t.no}（任务须按 1、2、3……连续排列）`);
  });
  const known = new Set(units.units.map((u) => u.name));
  const checkNames = (names: string[] | undefined, where: string) =>
    names?.forEach((n, k) => {
      if (!known.has(n)) fail(`${where}[${k}]`, `“${n}”不在单位表 units.json 中`);
    });
  plan.tasks.forEach((t, i) => {
    checkNames(t.lead, `tasks[${i}].lead`);
    checkNames(t.co, `tasks[${i}].co`);
    checkNames(t.units, `tasks[${i}].units`);
    if (sourceText && !inSource(sourceText, t.clause)) fail(`tasks[${i}].clause`, '条文与方案原文不一致');
  });
  const ids = new Set<string>();
  for (const { target, where } of allTargets(plan)) {
    if (ids.has(target.id)) fail(`${where}.id`, `目标编号 ${target.id} 重复`);
    ids.add(target.id);
    checkNames(target.lead, `${where}.lead`);
    checkNames(target.co, `${where}.co`);
    checkNames(target.units, `${where}.units`);
    checkNames(Object.keys(target.unitValues ?? {}), `${where}.unitValues`);
    if (sourceText && !sourceText.includes(target.quote)) fail(`${where}.quote`, '引用的条文在方案原文中找不到，请逐字摘录');
  }
  plan.provisions.forEach((p, i) => {
    if (sourceText && !inSource(sourceText, p.text)) fail(`provisions[${i}].text`, '条文与方案原文不一致');
  });
}

function checkUnits(units: UnitsSeed, label: string): void {
  const seen = new Map<string, string>();
  units.units.forEach((u, i) => {
    for (const [k, a] of [u.name, ...u.aliases].entries()) {
      const key = normalizeName(a);
      const owner = seen.get(key);
      if (owner && owner !== u.name) {
        throw new SeedError(label, `units[${i}].${k === 0 ? 'name' : `aliases[${k - 1}]`}：别名“${a}”同时指向“${owner}”和“${u.name}”`);
      }
      seen.set(key, u.name);
    }
  });
}

export function loadSeeds(seedsDir: string): Seeds {
  const planFile = path.join(seedsDir, 'plan.json');
  const unitsFile = path.join(seedsDir, 'units.json');
  const planLabel = 'seeds/plan.json';
  const unitsLabel = 'seeds/units.json';
  const planJson = readJson(planFile, planLabel);
  const unitsJson = readJson(unitsFile, unitsLabel);
  const plan = parseWith(planSeed, planJson.data, planLabel);
  const units = parseWith(unitsSeed, unitsJson.data, unitsLabel);
  checkUnits(units, unitsLabel);
  const sourcePath = path.join(seedsDir, plan.document.sourceFile);
  const sourceText = fs.existsSync(sourcePath) ? fs.readFileSync(sourcePath, 'utf8') : null;
  crossCheck(plan, units, sourceText, planLabel);
  const sha256 = crypto.createHash('sha256').update(planJson.raw).update('\0').update(unitsJson.raw).digest('hex');
  return { plan, units, sha256 };
}

