// Plans in versions: loading one (new plan or revision), the built-in plan as a version, and which one is in force.
import crypto from 'node:crypto';
import { writeTransaction, type Db } from '../db/connection';
import { ApiError } from '../../../shared/api';
import { formatDateCn } from '../../../shared/format';
import type { PlanDocument } from '../../../shared/models';
import type { PlanLoadPlan } from '../../../shared/planModels';
import * as versions from '../db/repos/planVersionsRepo';
import { readPlanTables } from '../db/repos/planRepo';
import { insertFile } from '../db/repos/submissionsRepo';
import { getMeta } from '../db/repos/metaRepo';
import { syncPlan } from './syncPlan';
import { planViewFromSeeds } from './planViewFromSeeds';
import type { Seeds } from './loadSeeds';

/** A plan is known by its 文号; a plan without one by its title. A revision keeps the 文号 of what it revises. */
export function planCode(doc: Pick<PlanDocument, 'title' | 'number'>): string {
  return doc.number.trim() || doc.title.trim();
}

/** What loading these seeds would do: a new plan, or the next version of the plan with the same 文号. */
export function planLoadPlan(db: Db, seeds: Seeds, effectiveFrom?: string): PlanLoadPlan & { unchanged: boolean } {
  const doc = seeds.plan.document;
  const code = planCode(doc);
  const planId = versions.planIdByCode(db, code);
  const latest = planId === null ? null : versions.latestVersionOf(db, planId);
  const from = effectiveFrom ?? latest?.effective_from ?? `${doc.year}-01-01`;
  if (latest && from < latest.effective_from) {
    throw new ApiError(
      'invalid_request',
      `修订的施行日期 ${formatDateCn(from)} 早于它所修订的第${latest.version}版的施行日期 ${formatDateCn(latest.effective_from)}。请改为 ${formatDateCn(latest.effective_from)} 或之后。`,
    );
  }
  return {
    kind: latest ? 'revision' : 'new',
    planCode: code,
    title: doc.title,
    number: doc.number,
    version: latest ? latest.version + 1 : 1,
    revisionOf: latest ? versions.planRefOf(latest) : null,
    effectiveFrom: from,
    unchanged: latest !== null && sameAsVersion(db, latest.id, seeds),
  };
}

/** The same plan and units as a loaded version, whatever file they came from (the file's name is not the plan). */
function sameAsVersion(db: Db, versionId: number, seeds: Seeds): boolean {
  const stored = versions.snapshotOf(db, versionId);
  if (!stored) return false;
  return (
    JSON.stringify(stored.plan) === JSON.stringify(planViewFromSeeds(seeds.plan)) &&
    JSON.stringify(stored.unitNames) === JSON.stringify(seeds.units.units.map((u) => u.name))
  );
}

export interface LoadVersionOptions {
  source: 'builtin' | 'workbook';
  fileName: string | null;
  /** The workbook as read, kept in the workspace like a ledger's bytes. */
  bytes?: Uint8Array;
  effectiveFrom?: string;
  user: string;
  at: string;
}

/**
 * Loads a plan as a new plan or as the next version of one already there, in one transaction. The earlier versions
 * stay, with every assessment that used them; a revision takes over the allocations of targets it keeps allocatable.
 */
export function loadPlanVersion(db: Db, seeds: Seeds, opts: LoadVersionOptions): { versionId: number; load: PlanLoadPlan } {
  return writeTransaction(db, () => {
    const load = planLoadPlan(db, seeds, opts.effectiveFrom);
    if (load.unchanged) {
      throw new ApiError('plan_unchanged', `《${load.title}》的第${load.version - 1}版与这份工作簿内容完全相同，不需要再次载入。`);
    }
    const first = (db.prepare('SELECT COUNT(*) AS n FROM plan_versions').get() as { n: number }).n === 0;
    // the workspace's first plan owns the register's names and aliases; a later one only adds to them
    syncPlan(db, seeds, first ? (opts.source === 'workbook' ? { source: `workbook:${opts.fileName ?? ''}` } : {}) : { additional: true });
    const planId = versions.planIdByCode(db, load.planCode) ?? versions.insertPlan(db, load.planCode, opts.at);
    const fileId = opts.bytes ? fileIdOf(db, opts.bytes) : null;
    const snapshot = planViewFromSeeds(seeds.plan);
    const versionId = versions.insertPlanVersion(db, {
      planId,
      version: load.version,
      document: snapshot.document,
      source: opts.source,
      fileName: opts.fileName,
      fileId,
      sha256: seeds.sha256,
      effectiveFrom: load.effectiveFrom,
      snapshot,
      unitNames: seeds.units.units.map((u) => u.name),
      by: opts.user,
      at: opts.at,
    });
    if (first) versions.adoptUnversioned(db, versionId);
    if (load.revisionOf) carryAllocations(db, load.revisionOf.versionId, versionId, snapshot, opts);
    return { versionId, load };
  });
}

function fileIdOf(db: Db, bytes: Uint8Array): number {
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  const known = db.prepare('SELECT id FROM files WHERE sha256 = ?').get(sha) as { id: number } | undefined;
  return known?.id ?? insertFile(db, sha, bytes);
}

/** Allocations entered for the revised version stay in force for the targets the revision still lets be allocated. */
function carryAllocations(db: Db, fromId: number, toId: number, plan: ReturnType<typeof planViewFromSeeds>, opts: LoadVersionOptions): void {
  const targets = new Map([...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)].map((t) => [t.id, t]));
  const from = versions.getPlanVersion(db, fromId)!;
  const rows = db
    .prepare(
      `SELECT a.target_id, a.unit_id, u.name AS unit, a.value, a.note FROM allocations a JOIN units u ON u.id = a.unit_id
       WHERE a.plan_version_id = ? AND a.superseded_at IS NULL AND a.value IS NOT NULL`,
    )
    .all(fromId) as { target_id: string; unit_id: number; unit: string; value: number; note: string | null }[];
  const insert = db.prepare(
    'INSERT INTO allocations (target_id, unit_id, value, note, source, set_by, set_at, plan_version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) {
    const t = targets.get(r.target_id);
    if (!t || t.kind === 'milestone' || t.unitValues || !t.units.includes(r.unit)) continue;
    insert.run(r.target_id, r.unit_id, r.value, r.note, `沿用${versions.versionLabel(from.version, from.source)}`, opts.user, opts.at, toId);
  }
}

/**
 * The built-in plan as a version: the first time, version 1 (and what was saved before versions points at it);
 * when the program brings changed seeds, the next version, so what was saved keeps the plan it used.
 */
export function ensureBuiltinVersion(db: Db, seeds: Seeds, opts: { user: string; at: string }): void {
  const code = planCode(seeds.plan.document);
  const planId = versions.planIdByCode(db, code);
  const latest = planId === null ? null : versions.latestVersionOf(db, planId);
  if (latest && latest.seeds_sha256 === seeds.sha256) return;
  // the office's own revision of the built-in plan is theirs: a program update does not replace it
  if (latest && latest.source === 'workbook') return;
  if (!latest && hasVersions(db)) {
    // a workspace that holds other plans and never had the built-in one (created from a workbook) does not get it
    return;
  }
  loadPlanVersion(db, seeds, { source: 'builtin', fileName: null, user: opts.user, at: opts.at });
}

function hasVersions(db: Db): boolean {
  return (db.prepare('SELECT COUNT(*) AS n FROM plan_versions').get() as { n: number }).n > 0;
}

/** A workspace created from a workbook before plans had versions: its plan, as its tables hold it, becomes version 1. */
export function adoptLegacyWorkbookPlan(db: Db, opts: { user: string; at: string }): void {
  if (hasVersions(db)) return;
  const plan = readPlanTables(db);
  writeTransaction(db, () => {
    const planId = versions.insertPlan(db, planCode(plan.document), opts.at);
    const source = getMeta(db, 'plan.source') ?? '';
    const units = (db.prepare('SELECT name FROM units ORDER BY sort_order').all() as { name: string }[]).map((u) => u.name);
    const id = versions.insertPlanVersion(db, {
      planId,
      version: 1,
      document: plan.document,
      source: 'workbook',
      fileName: source.startsWith('workbook:') ? source.slice('workbook:'.length) : null,
      fileId: null,
      sha256: getMeta(db, 'seeds.sha256') ?? '',
      effectiveFrom: `${plan.document.year}-01-01`,
      snapshot: plan,
      unitNames: units,
      by: opts.user,
      at: opts.at,
    });
    versions.adoptUnversioned(db, id);
  });
}
