import type { LedgerKind } from '../../../shared/models';
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
