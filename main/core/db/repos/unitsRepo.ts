import type { Db } from '../connection';
import type { UnitKind, UnitView } from '../../../../shared/models';

export interface UnitRow {
  id: number;
  name: string;
  kind: UnitKind;
  full_name: string | null;
  sort_order: number;
}

export function upsertUnit(db: Db, u: { name: string; kind: UnitKind; fullName: string | null; order: number }): number {
  db.prepare(
    `INSERT INTO units(name, kind, full_name, sort_order, source) VALUES (@name, @kind, @fullName, @order, 'seed')
     ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, full_name = excluded.full_name, sort_order = excluded.sort_order`,
  ).run(u);
  return (db.prepare('SELECT id FROM units WHERE name = ?').get(u.name) as { id: number }).id;
}

export function deleteSeedAliases(db: Db): void {
  db.prepare(`DELETE FROM unit_aliases WHERE source = 'seed'`).run();
}

/** A seed alias never displaces one the analyst added. */
export function insertSeedAlias(db: Db, alias: string, written: string, unitId: number): void {
  db.prepare(`INSERT OR IGNORE INTO unit_aliases(alias, unit_id, written, source) VALUES (?, ?, ?, 'seed')`).run(alias, unitId, written);
}

export function insertUserAlias(db: Db, a: { alias: string; written: string; unitId: number; by: string; at: string }): void {
  db.prepare(
    `INSERT INTO unit_aliases(alias, unit_id, written, source, created_by, created_at) VALUES (@alias, @unitId, @written, 'user', @by, @at)`,
  ).run(a);
}

export function deleteAlias(db: Db, alias: string): number {
  return db.prepare('DELETE FROM unit_aliases WHERE alias = ?').run(alias).changes;
}

export function findAlias(db: Db, alias: string): { unitId: number; unit: string; source: 'seed' | 'user' } | null {
  const row = db
    .prepare('SELECT a.unit_id AS unitId, u.name AS unit, a.source FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = ?')
    .get(alias) as { unitId: number; unit: string; source: 'seed' | 'user' } | undefined;
  return row ?? null;
}

export function findUnitByName(db: Db, name: string): UnitRow | null {
  return (db.prepare('SELECT * FROM units WHERE name = ?').get(name) as UnitRow | undefined) ?? null;
}

export function listUnits(db: Db): UnitView[] {
  const units = db.prepare('SELECT * FROM units ORDER BY sort_order, id').all() as UnitRow[];
  const aliases = db
    .prepare('SELECT unit_id, written, source FROM unit_aliases ORDER BY source, written')
    .all() as { unit_id: number; written: string; source: 'seed' | 'user' }[];
  const byUnit = new Map<number, UnitView['aliases']>();
  for (const a of aliases) {
    const list = byUnit.get(a.unit_id) ?? [];
    list.push({ alias: a.written, source: a.source });
    byUnit.set(a.unit_id, list);
  }
  return units.map((u) => ({
    name: u.name,
    kind: u.kind,
    fullName: u.full_name,
    aliases: (byUnit.get(u.id) ?? []).filter((a) => a.alias !== u.name),
  }));
}

export function unitIdsByName(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT id, name FROM units').all() as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.name, r.id]));
}
