import { useEffect, useState } from 'react';
import type { PlanDiff, PlanVersionView } from '../../../shared/planModels';
import { invoke } from '../api/client';
import { ErrorBanner, Loading } from './Status';
import { PlanDiffView } from './PlanDiffView';
import { effectiveText, planTitle, versionName } from './planVersionText';

/** The versions of the plan `current` belongs to, oldest first. */
export function versionsOfPlan(versions: PlanVersionView[], current: PlanVersionView): PlanVersionView[] {
  return versions.filter((v) => v.planCode === current.planCode).sort((a, b) => a.version - b.version);
}

/**
 * 修订对比: what a version of a plan changed against the version before it. Opens on the chosen version when it is
 * a revision, otherwise on the plan's newest.
 */
export function PlanRevisionsPanel({ versions, current }: { versions: PlanVersionView[]; current: PlanVersionView }) {
  const family = versionsOfPlan(versions, current);
  const revisions = family.filter((v) => v.version > 1);
  const [toId, setToId] = useState<number>(() => (current.version > 1 ? current.id : (revisions.at(-1)?.id ?? current.id)));
  const [diff, setDiff] = useState<{ key: string; diff: PlanDiff } | { key: string; error: string } | null>(null);
  const to = family.find((v) => v.id === toId) ?? null;
  const from = to ? ([...family].reverse().find((v) => v.version < to.version) ?? null) : null;
  const key = from && to ? `${from.id}>${to.id}` : '';

  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    invoke('plans.diff', { from: from.id, to: to.id }).then(
      (d) => live && setDiff({ key, diff: d }),
      (e: Error) => live && setDiff({ key, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  if (revisions.length === 0) {
    return (
      <section className="panel revisions-panel" aria-label="修订对比">
        <p className="muted">{planTitle(current)}只有一个版本，尚无修订可对比。载入该方案的修订工作簿后，可在这里查看每一版改了什么。</p>
      </section>
    );
  }
  const shown = diff && diff.key === key ? diff : null;
  return (
    <section className="panel revisions-panel" aria-label="修订对比">
      <div className="toolbar">
        <h2>{planTitle(current)} 修订对比</h2>
        <label>
          查看{' '}
          <select value={toId} onChange={(e) => setToId(Number(e.target.value))} aria-label="查看的修订版本">
            {revisions.map((v) => (
              <option key={v.id} value={v.id}>
                {versionName(v)} · {effectiveText(v)}
              </option>
            ))}
          </select>
        </label>
        {from && <span className="muted">对比{versionName(from)}</span>}
      </div>
      {!shown && <Loading what="修订内容" />}
      {shown && 'error' in shown && <ErrorBanner message={shown.error} />}
      {shown && 'diff' in shown && <PlanDiffView diff={shown.diff} />}
    </section>
  );
}
