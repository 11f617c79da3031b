import type { Db } from '../connection';
import type { PlanView } from '../../../../shared/models';
import type { PlanRef } from '../../../../shared/planModels';

export interface PlanVersionRow {
  id: number;
  plan_id: number;
  code: string;
  version: number;
  title: string;
  number: string;
  issuer: string;
  year: number;
  source: 'builtin' | 'workbook';
  file_name: string | null;
  seeds_sha256: string;
  effective_from: string;
  loaded_by: string;
  loaded_at: string;
}

const COLUMNS = `v.id, v.plan_id, p.code, v.version, v.title, v.number, v.issuer, v.year, v.source, v.file_name, v.seeds_sha256,
  v.effective_from, v.loaded_by, v.loaded_at`;

export function planIdByCode(db: Db, code: string): number | null {
  return (db.prepare('SELECT id FROM plans WHERE code = ?').get(code) as { id: number } | undefined)?.id ?? null;
}

export function insertPlan(db: Db, code: string, at: string): number {
  return Number(db.prepare('INSERT INTO plans (code, created_at) VALUES (?, ?)').run(code, at).lastInsertRowid);
}

export function insertPlanVersion(
  db: Db,
  v: {
    planId: number;
    version: number;
    document: PlanView['document'];
    source: 'builtin' | 'workbook';
    fileName: string | null;
    fileId: number | null;
    sha256: string;
    effectiveFrom: string;
    snapshot: PlanView;
    unitNames: string[];
    by: string;
    at: string;
  },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO plan_versions (plan_id, version, title, number, issuer, year, source, file_name, file_id, seeds_sha256, effective_from,
           snapshot, unit_names, loaded_by, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        v.planId,
        v.version,
        v.document.title,
        v.document.number,
        v.document.issuer,
        v.document.year,
        v.source,
        v.fileName,
        v.fileId,
        v.sha256,
        v.effectiveFrom,
        JSON.stringify(v.snapshot),
        JSON.stringify(v.unitNames),
        v.by,
        v.at,
      ).lastInsertRowid,
  );
}

/** Oldest plan first, versions in order. */
export function listPlanVersions(db: Db): PlanVersionRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id ORDER BY v.plan_id, v.version`).all() as PlanVersionRow[];
}

export function getPlanVersion(db: Db, id: number): PlanVersionRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE v.id = ?`).get(id) as PlanVersionRow | undefined) ?? null;
}

export function latestVersionOf(db: Db, planId: number): PlanVersionRow | null {
  return (
    (db.prepare(`SELECT ${COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE v.plan_id = ? ORDER BY v.version DESC LIMIT 1`).get(planId) as
      | PlanVersionRow
      | undefined) ?? null
  );
}

export function snapshotOf(db: Db, id: number): { plan: PlanView; unitNames: string[] } | null {
  const row = db.prepare('SELECT snapshot, unit_names FROM plan_versions WHERE id = ?').get(id) as { snapshot: string; unit_names: string } | undefined;
  return row ? { plan: JSON.parse(row.snapshot) as PlanView, unitNames: JSON.parse(row.unit_names) as string[] } : null;
}

/**
 * The version assessments use on a day: the latest to take effect on or before it (a later load wins a tie, so a
 * revision replaces what it revises); before every plan, the earliest. Null only in a workspace without a plan.
 */
export function versionInForceAt(db: Db, day: string): number | null {
  const at = db.prepare('SELECT id FROM plan_versions WHERE effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1').get(day) as { id: number } | undefined;
  if (at) return at.id;
  return (db.prepare('SELECT id FROM plan_versions ORDER BY effective_from, id DESC LIMIT 1').get() as { id: number } | undefined)?.id ?? null;
}

export function versionLabel(version: number, source: 'builtin' | 'workbook'): string {
  if (version === 1) return '原方案';
  return source === 'builtin' ? `第${version}版（随程序更新）` : `第${version}版（修订）`;
}

export function planRefOf(row: PlanVersionRow): PlanRef {
  return { versionId: row.id, title: row.title, number: row.number, version: row.version, label: versionLabel(row.version, row.source) };
}

/** Points what was saved before plans had versions (runs, allocations) at the workspace's first version. */
export function adoptUnversioned(db: Db, versionId: number): void {
  db.prepare('UPDATE assessment_runs SET plan_version_id = ? WHERE plan_version_id IS NULL').run(versionId);
  db.prepare('UPDATE allocations SET plan_version_id = ? WHERE plan_version_id IS NULL').run(versionId);
}
