import type { Db } from '../db/connection';
import { normalizeName } from '../../../shared/text';
import { findAlias } from '../db/repos/unitsRepo';

// Ways submissions dress up a name that still mean the same unit.
const PREFIXES = ['阳泉市', '山西省阳泉市'];
const SUFFIXES = ['人民政府', '政府', '管委会', '管理委员会'];

function candidates(normalized: string): string[] {
  const out = [normalized];
  for (const p of PREFIXES) {
    if (normalized.startsWith(p) && normalized.length > p.length) {
      const rest = normalized.slice(p.length);
      out.push(rest, `市${rest}`);
    }
  }
  for (const c of [...out]) {
    for (const s of SUFFIXES) if (c.endsWith(s) && c.length > s.length) out.push(c.slice(0, -s.length));
  }
  return out;
}

/** Resolution against any alias lookup: the database one-off, or an in-memory table during an import. */
export function resolveWith(lookup: (alias: string) => string | null, written: string): string | null {
  const normalized = normalizeName(written).replace(/[:：,，。;；]+$/u, '');
  if (!normalized) return null;
  for (const c of candidates(normalized)) {
    const hit = lookup(c);
    if (hit) return hit;
  }
  return null;
}

/** The canonical unit a loosely written name stands for, or null: an unknown name never becomes a new unit. */
export function resolveUnit(db: Db, written: string): string | null {
  return resolveWith((alias) => findAlias(db, alias)?.unit ?? null, written);
}
