// How the renderer names a plan version: 《title》文号 · 第2版（修订） · 自2021年1月1日起施行.
import { effectiveLine } from '../../../shared/planNames';
import type { PlanRef, PlanVersionView } from '../../../shared/planModels';

/** 《title》文号, or the title alone when the plan has no 文号. */
export function planTitle(p: { title: string; number: string }): string {
  return p.number ? `《${p.title}》${p.number}` : `《${p.title}》`;
}

/** When a version applies to assessments (the same words as the CLI's plan list). */
export const effectiveText = effectiveLine;

/** One line of the plan switcher. */
export function versionOptionText(v: PlanVersionView, inForce: boolean): string {
  return `${planTitle(v)} · ${v.label} · ${effectiveText(v)}${inForce ? '（现行）' : ''}`;
}

/** What an assessment or page says it was measured against: 《title》文号 第2版. */
export function planRefText(ref: PlanRef): string {
  return `${planTitle(ref)} 第${ref.version}版`;
}

/** A version named within its plan: 第2版（修订）, or 第1版（原方案）. */
export function versionName(ref: Pick<PlanRef, 'version' | 'label'>): string {
  return ref.label.startsWith(`第${ref.version}版`) ? ref.label : `第${ref.version}版（${ref.label}）`;
}
