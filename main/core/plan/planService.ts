// Plans as the pages and the CLI work with them: list the versions, check a workbook, load it, compare, export.
import type { Db } from '../db/connection';
import { ApiError, type FileInput } from '../../../shared/api';
import type { FileBlob } from '../../../shared/ledgerModels';
import type { PlanView } from '../../../shared/models';
import type { PlanCheckView, PlanDiff, PlanFindingView, PlanVersionView } from '../../../shared/planModels';
import { defaultPlanVersion, readPlan } from '../db/repos/planRepo';
import * as versions from '../db/repos/planVersionsRepo';
import { listUnits } from '../db/repos/unitsRepo';
import { checkPlanWorkbook, type PlanWorkbookCheck } from './planWorkbook';
import { loadPlanVersion, planLoadPlan } from './planVersions';
import { planViewFromSeeds } from './planViewFromSeeds';
import { diffPlans } from './planDiff';

export interface PlanServiceDeps {
  db: Db;
  user: string;
  now: () => Date;
  /** The bytes of a file the analyst chose (a path, base64 or staged upload). */
  fileBytes: (f: FileInput) => { name: string; bytes: Uint8Array };
  /** A copy of the workspace before a plan is loaded. */
  beforeWrite: () => Promise<unknown>;
}

const dayBefore = (iso: string): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

const countTargets = (p: PlanView) => p.goals.length + p.tasks.reduce((n, t) => n + t.targets.length, 0) + p.provisions.reduce((n, x) => n + x.targets.length, 0);

export function createPlanService(d: PlanServiceDeps) {
  const { db } = d;

  function list(): { versions: PlanVersionView[]; inForce: number } {
    const rows = versions.listPlanVersions(db);
    const latestOf = new Map<number, number>();
    for (const r of rows) latestOf.set(r.plan_id, Math.max(latestOf.get(r.plan_id) ?? 0, r.version));
    const out = rows.map((r): PlanVersionView => {
      const plan = readPlan(db, r.id);
      // the rule of versionInForceAt: a later date takes over, and so does a later load on the same date (from its first day)
      const overtaken = rows.some((o) => o.effective_from === r.effective_from && o.id > r.id);
      const next = rows.map((o) => o.effective_from).filter((x) => x > r.effective_from).sort()[0];
      return {
        id: r.id,
        planCode: r.code,
        title: r.title,
        number: r.number,
        issuer: r.issuer,
        year: r.year,
        version: r.version,
        label: versions.versionLabel(r.version, r.source),
        source: r.source,
        fileName: r.file_name,
        effectiveFrom: r.effective_from,
        effectiveTo: overtaken ? dayBefore(r.effective_from) : next ? dayBefore(next) : null,
        latest: latestOf.get(r.plan_id) === r.version,
        loadedBy: r.loaded_by,
        loadedAt: r.loaded_at,
        counts: { tasks: plan.tasks.length, targets: countTargets(plan) },
      };
    });
    return { versions: out, inForce: defaultPlanVersion(db, d.now()) ?? 0 };
  }

  function versionView(id: number): PlanVersionView {
    const v = list().versions.find((x) => x.id === id);
    if (!v) throw new ApiError('not_found', `工作区中没有编号为 ${id} 的方案版本。`);
    return v;
  }

  function unitNamesOf(id: number): string[] {
    return versions.snapshotOf(db, id)?.unitNames ?? [];
  }

  function diff(from: number, to: number): PlanDiff {
    return diffPlans(readPlan(db, from), readPlan(db, to), { from: unitNamesOf(from), to: unitNamesOf(to) });
  }

  /** A workbook read and checked, with what loading it would do and what it would change. */
  function checkBytes(name: string, bytes: Uint8Array, effectiveFrom?: string): { view: PlanCheckView; check: PlanWorkbookCheck } {
    const check = checkPlanWorkbook(bytes, name);
    const findings: PlanFindingView[] = [...check.findings];
    let load: PlanCheckView['load'] = null;
    let changes: PlanDiff | null = null;
    if (check.seeds) {
      try {
        const planned = planLoadPlan(db, check.seeds, effectiveFrom);
        if (planned.unchanged) {
          findings.push({ sheet: null, cell: null, severity: 'warning', message: `这份工作簿与已载入的《${planned.title}》${planned.revisionOf?.label ?? ''}内容完全相同，不需要再次载入。` });
        } else {
          const { unchanged: _, ...rest } = planned;
          load = rest;
          if (planned.revisionOf) {
            const next: PlanView = {
              ...planViewFromSeeds(check.seeds.plan),
              version: { versionId: 0, title: planned.title, number: planned.number, version: planned.version, label: versions.versionLabel(planned.version, 'workbook') },
            };
            changes = diffPlans(readPlan(db, planned.revisionOf.versionId), next, {
              from: unitNamesOf(planned.revisionOf.versionId),
              to: check.seeds.units.units.map((u) => u.name),
            });
          }
        }
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        findings.push({ sheet: null, cell: null, severity: 'error', message: err.message });
      }
    }
    const ok = check.seeds !== null && !findings.some((f) => f.severity === 'error');
    return { view: { fileName: name, ok, findings, summary: check.summary, load: ok ? load : null, diff: ok ? changes : null }, check };
  }

  return {
    list,
    diff,
    check(file: FileInput, effectiveFrom?: string): PlanCheckView {
      const { name, bytes } = d.fileBytes(file);
      return checkBytes(name, bytes, effectiveFrom).view;
    },

    /** Checks again, then loads: a workbook with any error is refused whole and nothing is written. */
    async load(file: FileInput, effectiveFrom?: string): Promise<{ version: PlanVersionView; diff: PlanDiff | null }> {
      const { name, bytes } = d.fileBytes(file);
      const { view, check } = checkBytes(name, bytes, effectiveFrom);
      if (!check.seeds || !view.load) {
        const errors = view.findings.filter((f) => f.severity === 'error');
        const first = errors[0] ?? view.findings[0];
        const where = first?.sheet ? `${first.sheet}${first.cell ? `!${first.cell}` : ''}：` : '';
        throw new ApiError(
          'plan_invalid',
          errors.length > 0
            ? `方案工作簿“${name}”有 ${errors.length} 个错误，没有载入。第一个：${where}${first!.message} 请先检查，逐条改正后再载入。`
            : `方案工作簿“${name}”没有载入：${first?.message ?? '无法确定载入方式。'}`,
        );
      }
      await d.beforeWrite();
      const { versionId } = loadPlanVersion(db, check.seeds, {
        source: 'workbook',
        fileName: name,
        bytes,
        effectiveFrom: view.load.effectiveFrom,
        user: d.user,
        at: d.now().toISOString(),
      });
      return { version: versionView(versionId), diff: view.diff };
    },

    async exportWorkbook(versionId?: number): Promise<FileBlob> {
      const plan = readPlan(db, versionId);
      const names = plan.version ? new Set(unitNamesOf(plan.version.versionId)) : null;
      const units = listUnits(db).filter((u) => !names || names.has(u.name));
      // ExcelJS loads with the first workbook written, not with the workspace
      const { buildPlanWorkbook } = await import('./planWorkbookWrite');
      const bytes = await buildPlanWorkbook({ plan, units });
      const v = plan.version;
      const stem = (plan.document.number || plan.document.title).replace(/[\\/:*?"<>|〔〕]/g, (c) => (c === '〔' ? '（' : c === '〕' ? '）' : '_'));
      return { fileName: `方案-${stem}${v && v.version > 1 ? `-第${v.version}版` : ''}.xlsx`, base64: bytes.toString('base64') };
    },
  };
}
