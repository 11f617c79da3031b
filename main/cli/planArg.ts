// --plan on the command line: a plan by its 文号 (or title, or year), optionally a version: 阳政办发〔2020〕28号@2.
import type { ApiImpl } from '../../shared/api';
import type { PlanVersionView } from '../../shared/planModels';
import { UsageError, type ParsedArgs } from './types';
import { call } from './workspaceArg';

function describe(v: PlanVersionView): string {
  return `《${v.title}》${v.number ? `（${v.number}）` : ''}${v.label}`;
}

/** The version --plan names, or undefined without --plan (the command then takes the plan in force). */
export async function planArg(args: ParsedArgs, api: ApiImpl): Promise<number | undefined> {
  const given = args.values.plan;
  if (given === undefined) return undefined;
  if (typeof given !== 'string' || !given.trim()) throw new UsageError('--plan 后面要写方案的文号（或名称、年度），可加 @版本号，例如 --plan 阳政办发〔2020〕28号@1');
  const at = /^(.*?)@(\d+)$/.exec(given.trim());
  const key = (at ? at[1]! : given).trim();
  const wanted = at ? Number(at[2]) : null;
  const { versions } = await call(api, 'plans.list', {});
  const plans = new Map<string, PlanVersionView[]>();
  for (const v of versions) plans.set(v.planCode, [...(plans.get(v.planCode) ?? []), v]);
  const matches = [...plans.values()].filter((vs) => vs.some((v) => v.planCode === key || v.number === key || v.title === key || String(v.year) === key));
  const known = [...plans.values()].map((vs) => `${describe(vs[vs.length - 1]!)}（--plan ${vs[0]!.planCode}）`).join('；');
  if (matches.length === 0) throw new UsageError(`工作区中没有“${key}”这个方案。已载入的方案：${known || '无'}。`);
  if (matches.length > 1) throw new UsageError(`“${key}”对应多个方案，请写文号：${known}。`);
  const vs = matches[0]!;
  if (wanted === null) return vs.find((v) => v.latest)!.id;
  const v = vs.find((x) => x.version === wanted);
  if (!v) throw new UsageError(`《${vs[0]!.title}》没有第${wanted}版，已有：${vs.map((x) => `第${x.version}版`).join('、')}。`);
  return v.id;
}
