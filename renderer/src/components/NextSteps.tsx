// What an assessment is still missing, said where the analyst looks, with a link to the step that supplies it.
import type { ResultView } from '../../../shared/assessModels';
import type { TargetView } from '../../../shared/models';
import { formatDateCn } from '../../../shared/format';
import { targetName } from '../../../shared/planNames';
import { pageHref } from '../navigation';

export interface NextStepsProps {
  asOf: string;
  /** The submissions the figures use; none means nothing has been imported for the date. */
  submissions: number;
  results: ResultView[];
  targets: Map<string, TargetView>;
  /** Looking at a saved run: nothing to do here, it is shown as saved. */
  saved: boolean;
  /** A run of this date is saved already. */
  savedBefore: boolean;
  /** The plan version the assessment used: its allocations are the ones to enter. */
  plan?: number;
}

export function NextSteps({ asOf, submissions, results, targets, saved, savedBefore, plan }: NextStepsProps) {
  if (saved) return null;
  const waiting = [...new Set(results.filter((r) => r.status === 'no_target').map((r) => r.target))].map((id) => targets.get(id)).filter((t): t is TargetView => !!t);
  const steps: React.ReactNode[] = [];
  if (submissions === 0) {
    steps.push(
      <li key="import">
        <strong>还没有可评估的台账。</strong>截至{formatDateCn(asOf)}，工作区里没有任何单位的报送，矩阵中各项都是“未报送”。请先
        <a href={pageHref('import')}>导入台账</a>，再回到这里保存本月评估。
      </li>,
    );
  }
  if (waiting.length > 0) {
    const first = waiting[0]!;
    const names = waiting.slice(0, 2).map((t) => `“${targetName(t)}”`).join('、');
    steps.push(
      <li key="allocate">
        <strong>{waiting.length} 个目标的分解值待下达。</strong>
        {names}
        {waiting.length > 2 ? ` 等 ${waiting.length} 个目标` : ''}需要先为各县区录入分解值，才能计算完成率：
        <a href={pageHref('plan', { target: first.id, ...(plan !== undefined ? { version: String(plan) } : {}) })}>录入分解值</a>。
      </li>,
    );
  }
  if (submissions > 0 && !savedBefore) {
    steps.push(
      <li key="save">
        <strong>本月评估尚未保存。</strong>核对矩阵后点击上方的“保存本月评估”：问责建议和月度通报都以保存的评估为依据。
      </li>,
    );
  }
  if (steps.length === 0) return null;
  return (
    <div className="next-steps" role="note" aria-label="下一步">
      <ul>{steps}</ul>
    </div>
  );
}
