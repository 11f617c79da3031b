// The one count of 考核事项 by status that the 考核评估 page, the briefing's cover, task and ranking sheets, the
// lagging list and the dossier all show, so no two of them can disagree.
import { CITY, STATUSES, type AssessStatus, type ItemCounts } from '../../../shared/assessModels';

/** A result as counted: its status, and whether it is a city total of the counties' own figures. */
export interface Countable {
  status: AssessStatus;
  cityTotal?: boolean;
}

/** The city's sum of the units' own figures: informative, but nobody answers for it apart from the units. */
export const isCityTotal = (r: { unit: string; detail: { responsible?: string } }): boolean => r.unit === CITY && !r.detail.responsible;

/** Marks each result as the counts take it. */
export const countable = (r: { unit: string; status: AssessStatus; detail: { responsible?: string } }): Countable => ({ status: r.status, cityTotal: isCityTotal(r) });

const zero = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<AssessStatus, number>;

/** Items by status, city totals apart (counting them would count each county's shortfall twice). */
export function countItems(xs: Iterable<Countable>): ItemCounts {
  const byStatus = zero();
  const cityTotalsByStatus = zero();
  let items = 0;
  let cityTotals = 0;
  for (const x of xs) {
    if (x.cityTotal) {
      cityTotals++;
      cityTotalsByStatus[x.status]++;
    } else {
      items++;
      byStatus[x.status]++;
    }
  }
  return { items, byStatus, behind: byStatus.lagging + byStatus.seriously_lagging, cityTotals, cityTotalsByStatus };
}
