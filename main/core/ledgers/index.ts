import type { LedgerKind } from '../../../shared/models';
import type { LedgerFieldView } from '../../../shared/ledgerModels';
import { boilerLedger } from './boiler';
import { indicatorLedger } from './indicator';
import { milestoneLedger } from './milestone';
import { mineLedger } from './mine';
import { permitLedger } from './permit';
import type { LedgerDef } from './types';
import { vehicleLedger } from './vehicle';

export const LEDGERS: Record<LedgerKind, LedgerDef> = {
  mine: mineLedger,
  boiler: boilerLedger,
  vehicle: vehicleLedger,
  permit: permitLedger,
  indicator: indicatorLedger,
  milestone: milestoneLedger,
};

export const LEDGER_LIST: LedgerDef[] = Object.values(LEDGERS);

/** The columns of every ledger as the UI lists them; `targetNames` (code → name) lets target columns show names. */
export function ledgerFieldViews(targetNames?: Record<string, string>): Record<LedgerKind, LedgerFieldView[]> {
  const out = {} as Record<LedgerKind, LedgerFieldView[]>;
  for (const def of LEDGER_LIST) {
    out[def.kind] = def.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required ?? false,
      measure: f.measure?.canonical ?? null,
      options: f.type === 'enum' ? Object.keys(f.values ?? {}) : f.type === 'yesno' ? ['是', '否'] : null,
      ...(f.planTarget && targetNames ? { valueNames: targetNames } : {}),
    }));
  }
  return out;
}
