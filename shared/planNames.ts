// The names people read for the plan's tasks and targets. Codes such as T04-voc-remediation stay identifiers
// underneath: every page, template and document names a task or target through these functions.

import { formatDateCn } from './format';
interface TaskLike {
  no: number;
  title: string;
}

interface TargetLike {
  id: string;
  task: number | null;
  section: string;
  description: string;
}

/** "任务4 全流程推进工业炉窑和挥发性有机物综合治理" */
export function taskName(task: TaskLike): string {
  return `任务${task.no} ${task.title}`;
}

/** Where a target sits in the plan, as the office says it: "任务4" for a numbered task, else the section ("二(一)", "四(一)"). */
export function targetPlace(t: Pick<TargetLike, 'task' | 'section'>): string {
  return t.task !== null ? `任务${t.task}` : t.section;
}

/** "任务4 完成重点行业VOCs针对性整治": the target's place and description, unique across the plan. */
export function targetName(t: Pick<TargetLike, 'task' | 'section' | 'description'>): string {
  const place = targetPlace(t);
  return place ? `${place} ${t.description}` : t.description;
}

/** How a document cites the plan for a target: "第4项" (任务4 of 《方案》), or the section. */
export function targetCitation(t: Pick<TargetLike, 'task' | 'section'>): string {
  return t.task !== null ? `第${t.task}项` : t.section;
}

/** Target code → name, for showing stored codes (a ledger row's 指标, 任务编号) as names. */
export function targetNameMap(targets: readonly TargetLike[]): Record<string, string> {
  return Object.fromEntries(targets.map((t) => [t.id, targetName(t)]));
}

/**
 * A written reference to a target, split into its task number and the words after it:
 * "任务4 完成…" / "4.完成…" / "第4项" / "4" → { no: 4, rest }; anything else → null.
 */
export function splitTaskNumber(written: string): { no: number; rest: string } | null {
  const m = /^(?:任务|第)?\s*(\d{1,2})(?!\d)\s*(?:项|号)?[\s.、．:：\-—]*(.*)$/su.exec(written.trim());
  if (!m) return null;
  return { no: Number(m[1]), rest: (m[2] ?? '').trim() };
}

/** Every target of the plan (goals, tasks, provisions): code → name. */
export function planTargetNames(plan: { goals: TargetLike[]; tasks: { targets: TargetLike[] }[]; provisions: { targets: TargetLike[] }[] }): Record<string, string> {
  return targetNameMap([...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)]);
}

/**
 * When a plan version applies: 自2021年1月1日起施行, 2020年1月1日至2020年12月31日施行 once another follows it, or
 * that it never applied because a revision from the same day replaced it.
 */
export function effectiveLine(v: { effectiveFrom: string; effectiveTo: string | null }): string {
  if (v.effectiveTo === null) return `自${formatDateCn(v.effectiveFrom)}起施行`;
  if (v.effectiveTo < v.effectiveFrom) return '已由同日施行的修订版本取代，未曾施行';
  return `${formatDateCn(v.effectiveFrom)}至${formatDateCn(v.effectiveTo)}施行`;
}
