import type { Db } from '../db/connection';
import { boilerTotals, mineTotals, permitTotals, submissionSet, vehicleTotals } from '../db/repos/ledgerTotalsRepo';
import type { LedgerSummary, UnitLedgerTotals } from '../../../shared/ledgerModels';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function emptyTotals(): UnitLedgerTotals {
  return {
    mine: { builtupTotal: 0, builtupClosed: 0, restoredMu: 0, reported: false },
    boiler: { smallCoalTotal: 0, smallCoalRemaining: 0, gasTotal: 0, gasRetrofitted: 0, reported: false },
    vehicle: { rows: 0, eligibleRetired: 0, reported: false },
    permit: { listed: 0, covered: 0, reported: false },
  };
}

/** Ledger totals per unit at a date, from each submitter's latest ledger up to that month. */
export function ledgerSummary(db: Db, asOf: string): LedgerSummary {
  const ids = submissionSet(db, asOf.slice(0, 7));
  const units: Record<string, UnitLedgerTotals> = {};
  const of = (unit: string) => (units[unit] ??= emptyTotals());
  for (const r of mineTotals(db, ids.mine, asOf)) {
    of(r.unit).mine = { builtupTotal: r.builtupTotal, builtupClosed: r.builtupClosed, restoredMu: round(r.restoredMu), reported: true };
  }
  for (const r of boilerTotals(db, ids.boiler)) {
    of(r.unit).boiler = { smallCoalTotal: r.smallCoalTotal, smallCoalRemaining: r.smallCoalRemaining, gasTotal: r.gasTotal, gasRetrofitted: r.gasRetrofitted, reported: true };
  }
  for (const r of vehicleTotals(db, ids.vehicle, asOf)) of(r.unit).vehicle = { rows: r.rows, eligibleRetired: r.eligibleRetired, reported: true };
  for (const r of permitTotals(db, ids.permit, asOf)) of(r.unit).permit = { listed: r.listed, covered: r.covered, reported: true };
  return { asOf, units };
}
