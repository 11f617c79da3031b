import type { RowContext } from '../../main/core/importer/rowReader';
import type { UnitIndex } from '../../main/core/units/unitIndex';

/** A unit index that knows no units: for reading cells whose column is not a unit. */
export const NO_UNITS: UnitIndex = {
  resolve: () => null,
  kindOf: () => null,
  office: null,
  mentionedIn: () => [],
  mentions: () => ({ units: [], foreign: [] }),
  foreignPlace: () => null,
};

/** How a September 2020 return reads its cells. */
export const SEPTEMBER_2020: RowContext = { units: NO_UNITS, year: 2020, periodEnd: '2020-09-30' };
