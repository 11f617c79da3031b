import type { Db } from '../db/connection';
import type { UnitKind } from '../../../shared/models';
import { normalizeName } from '../../../shared/text';
import { resolveWith } from './resolve';

/** The alias table in memory for an import: thousands of rows resolve without a query each. */
export interface UnitIndex {
  resolve(written: string): string | null;
  kindOf(unit: string): UnitKind | null;
  /** Units named inside a longer text (a title, a file name), longest mention first. */
  mentionedIn(text: string): string[];
}

export function loadUnitIndex(db: Db): UnitIndex {
  const aliases = db
    .prepare('SELECT a.alias, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id')
    .all() as { alias: string; name: string }[];
  const kinds = new Map(
    (db.prepare('SELECT name, kind FROM units').all() as { name: string; kind: UnitKind }[]).map((r) => [r.name, r.kind]),
  );
  const map = new Map(aliases.map((a) => [a.alias, a.name]));
  const cache = new Map<string, string | null>();
  const bySize = [...map.entries()].filter(([a]) => a.length >= 2).sort((x, y) => y[0].length - x[0].length);
  return {
    resolve(written) {
      let hit = cache.get(written);
      if (hit === undefined) {
        hit = resolveWith((a) => map.get(a) ?? null, written);
        cache.set(written, hit);
      }
      return hit;
    },
    kindOf: (unit) => kinds.get(unit) ?? null,
    mentionedIn(text) {
      let rest = normalizeName(text);
      const found: string[] = [];
      for (const [alias, unit] of bySize) {
        let at = rest.indexOf(alias);
        // a two-character name inside a word is not that unit: 主城区, 露天矿区, 近郊区
        while (at >= 0 && alias.length <= 2 && at > 0 && /[\u4e00-\u9fff]/.test(rest[at - 1]!) && rest[at - 1] !== '市') at = rest.indexOf(alias, at + 1);
        if (at < 0) continue;
        if (!found.includes(unit)) found.push(unit);
        // blank out the mention so a shorter alias inside it ("城区" in "阳泉市城区") is not counted again
        rest = rest.slice(0, at) + '\u0000'.repeat(alias.length) + rest.slice(at + alias.length);
      }
      return found;
    },
  };
}
