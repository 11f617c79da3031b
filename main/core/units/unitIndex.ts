import type { Db } from '../db/connection';
import type { UnitKind } from '../../../shared/models';
import { normalizeName } from '../../../shared/text';
import { resolveWith } from './resolve';

/** The alias table in memory for an import: thousands of rows resolve without a query each. */
export interface UnitIndex {
  resolve(written: string): string | null;
  kindOf(unit: string): UnitKind | null;
  /** The office itself (市大气办): where a file that is nobody's of ours is filed on receipt. */
  office: string | null;
  /** Units named inside a longer text (a title, a file name), longest mention first. */
  mentionedIn(text: string): string[];
  /**
   * The same, and places outside the city that stand in front of a bureau's or district's name:
   * "昔阳县市场监督管理局" names 昔阳县, not 市市场监督管理局.
   */
  mentions(text: string): { units: string[]; foreign: string[] };
  /** A county, city or district written in a cell that is not one of the city's units ("昔阳县", "晋中市城区"), or null. */
  foreignPlace(written: string): string | null;
}

// what a place name ends with; a run of characters ending so, in front of a unit's name, says whose unit it is
const PLACE_END = /(省|市|县|区|旗|州|盟|镇|乡)$/;
// the city itself in front of a name is no other place: 阳泉市生态环境局, 山西省阳泉市…, 全市, 本市
const OWN_CITY = /(山西省)?阳泉(市)?$|(全|本|我)市$|^市$/;
// words for "the counties" in general: 各县区生态环境局 is nobody's in particular
const GENERIC_PLACE = /(各|全|本|所在|所属|相关)(县|区|县区|县市区|市|镇|乡)$/;

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
  const self: UnitIndex = {
    resolve(written) {
      let hit = cache.get(written);
      if (hit === undefined) {
        hit = resolveWith((a) => map.get(a) ?? null, written);
        cache.set(written, hit);
      }
      return hit;
    },
    kindOf: (unit) => kinds.get(unit) ?? null,
    office: [...kinds].find(([, k]) => k === 'office')?.[0] ?? null,
    mentionedIn(text) {
      return mentions(text).units;
    },
    mentions,
    foreignPlace(written) {
      const n = normalizeName(written).replace(/(人民政府|政府)$/, '');
      if (!n || self.resolve(written)) return null;
      const m = mentions(n);
      if (m.foreign.length > 0) return m.foreign[0]!;
      // "阳泉开发区" is a spelling of one of ours the alias table lacks, not another place
      if (m.units.length > 0 || /^(山西省)?阳泉/.test(n) || GENERIC_PLACE.test(n)) return null;
      // a county or city by its very name (昔阳县, 晋中市); "…区" alone is too often a park or a quarter
      return /^[\u4e00-\u9fff]{2,4}(县|市|旗)$/.test(n) ? n : null;
    },
  };
  return self;

  function mentions(text: string): { units: string[]; foreign: string[] } {
    const rest = normalizeName(text);
    // mentions already counted, so a shorter alias inside one ("城区" in "阳泉市城区") is not counted again
    const taken = new Uint8Array(rest.length);
    const units: string[] = [];
    const foreign: string[] = [];
    for (const [alias, unit] of bySize) {
      for (let at = rest.indexOf(alias); at >= 0; at = rest.indexOf(alias, at + 1)) {
        if (taken.subarray(at, at + alias.length).includes(1)) continue;
        const before = cjkBefore(rest, at, taken);
        // a two-character name inside a word is not that unit: 主城区, 露天矿区, 近郊区
        if (alias.length <= 2 && before.length > 0 && !before.endsWith('市')) continue;
        const owner = before ? placeIn(before) : null;
        taken.fill(1, at, at + alias.length);
        if (owner === 'foreign') {
          const place = placeName(before);
          if (!foreign.includes(place)) foreign.push(place);
        } else if (owner === null && !units.includes(unit)) units.push(unit);
        // owner 'city': a county's own bureau (盂县生态环境局) — the county is found by its own name
      }
    }
    return { units, foreign };
  }

  /** Whose place the characters in front of a name are: another of the city's units, somewhere else, or nobody's. */
  function placeIn(before: string): 'city' | 'foreign' | null {
    if (OWN_CITY.test(before) || GENERIC_PLACE.test(before)) return null;
    for (let k = 2; k <= Math.min(before.length, 12); k++) if (kinds.has(resolveWith((a) => map.get(a) ?? null, before.slice(-k)) ?? '')) return 'city';
    return PLACE_END.test(before) && before.length >= 3 ? 'foreign' : null;
  }
}

/**
 * The run of Chinese characters just before `at`, not reaching into a mention already counted. Only its last
 * dozen characters ever matter, so a few dozen are read: a cell of two million characters costs no more.
 */
function cjkBefore(text: string, at: number, taken: Uint8Array): string {
  let i = at;
  while (i > 0 && at - i < 32 && !taken[i - 1]) {
    const c = text.charCodeAt(i - 1);
    if (c < 0x4e00 || c > 0x9fff) break;
    i--;
  }
  return text.slice(i, at);
}

/** The place at the end of a run of characters: 关于报送昔阳县 → 昔阳县, 晋中市 → 晋中市. */
function placeName(before: string): string {
  return before.length <= 3 ? before : before.slice(-3);
}
