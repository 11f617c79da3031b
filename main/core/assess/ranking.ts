import type { RankingView, ResultView } from '../../../shared/assessModels';
import { scorePoints } from '../../../shared/figures';

/**
 * Counties by weighted score: the mean of their completions (capped at 100 %) over the targets that
 * apply to them, weights editable (default equal). Left out: a target without a value yet, and one no
 * county has reported on at all; a county that did not send what others sent scores nothing for it.
 */
export function rankUnits(results: ResultView[], counties: string[], weights: Record<string, number>): RankingView[] {
  // a target no county has reported on is a gap in what the office collects, not a county's failing
  const collected = new Set(results.filter((r) => counties.includes(r.unit) && r.status !== 'no_data').map((r) => r.target));
  const scored = counties.map((unit) => {
    let total = 0;
    let weight = 0;
    for (const r of results) {
      if (r.unit !== unit || r.status === 'no_target' || !collected.has(r.target)) continue;
      const w = weights[r.target] ?? 1;
      if (w <= 0) continue;
      total += w * (r.status === 'done' ? 1 : Math.min(1, Math.max(0, r.completion ?? 0)));
      weight += w;
    }
    return { unit, score: weight > 0 ? Math.round((total / weight) * 10000) / 10000 : 0 };
  });
  // ties are decided on the points people read (97.4 and 97.4 share 3rd; the next is 5th), in county order within a tie
  const ordered = [...scored].sort((a, b) => scorePoints(b.score) - scorePoints(a.score));
  return ordered.map((x) => ({ ...x, rank: 1 + ordered.filter((y) => scorePoints(y.score) > scorePoints(x.score)).length }));
}
