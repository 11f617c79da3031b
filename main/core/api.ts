import type { ApiImpl } from '../../shared/api';
import { APP_VERSION } from '../../shared/version';
import type { Db } from './db/connection';
import { schemaVersion } from './db/migrate';
import { getMeta } from './db/repos/metaRepo';
import { countPlan, readPlan } from './db/repos/planRepo';
import { listUnits } from './db/repos/unitsRepo';
import { addAlias, removeAlias } from './units/aliases';
import { resolveUnit } from './units/resolve';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ApiContext {
  db: Db;
  /** Path of the workspace file, shown to the analyst. */
  file: string;
  clock: Clock;
  /** The OS user, recorded on every change. */
  user: string;
}

/** The one implementation of shared/api.ts; the hosts only validate, route and serialize. */
export function createApi(ctx: ApiContext): ApiImpl {
  const { db, clock, user } = ctx;
  return {
    'app.info': () => ({
      appVersion: APP_VERSION,
      workspacePath: ctx.file,
      schemaVersion: schemaVersion(db),
      planTitle: getMeta(db, 'plan.title') ?? '',
      planNumber: getMeta(db, 'plan.number') ?? '',
      counts: countPlan(db),
      user,
    }),
    'plan.get': () => readPlan(db),
    'units.list': () => listUnits(db),
    'units.resolve': ({ name }) => ({ input: name, unit: resolveUnit(db, name) }),
    'units.addAlias': ({ alias, unit }) => addAlias(db, alias, unit, user, clock.now().toISOString()),
    'units.removeAlias': ({ alias }) => removeAlias(db, alias),
  };
}
