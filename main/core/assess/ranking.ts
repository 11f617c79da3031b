import type { RankingView, ResultView } from '../../../shared/assessModels';

/**
 * Counties by weighted score: the mean of their completions (capped at 100 %) over the targets that
 * apply to them, weights editable (default equal). A target nobody has a value for yet is left out;
 * a return not sent counts as nothing done.
 */
export function rankUnits(results: ResultView[], counties: string[], weights: Record<string, number>): RankingView[] {
  const scored = counties.map((unit) => {
    let total = 0;
    let weight = 0;
    for (const r of results) {
      if (r.unit !== unit || r.status === 'no_target') continue;
      const w = weights[r.target] ?? 1;
      if (w <= 0) continue;
      total += w * (r.status === 'done' ? 1 : Math.min(1, Math.max(0, r.completion ?? 0)));
      weight += w;
    }
    return { unit, score: weight > 0 ? Math.round((total / weight) * 10000) / 10000 : 0 };
  });
  const ordered = [...scored].sort((a, b) => b.score - a.score);
  // equal scores share a rank
  return ordered.map((x) => ({ ...x, rank: ordered.findIndex((y) => y.score === x.score) + 1 }));
}
