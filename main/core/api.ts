import { ApiError, type ApiImpl, type ApiParsedRequest } from '../../shared/api';
import { APP_VERSION } from '../../shared/version';
import { targetNameMap } from '../../shared/planNames';
import { buildPlanIndex } from './plan/planIndex';
import type { Db } from './db/connection';
import { schemaVersion } from './db/migrate';
import { countPlan, readPlan } from './db/repos/planRepo';
import { createPlanService } from './plan/planService';
import { listUnits } from './db/repos/unitsRepo';
import { addAlias, removeAlias } from './units/aliases';
import { resolveUnit } from './units/resolve';
import type { ApiEvents, FileInput } from '../../shared/api';
import { createAssessService } from './assess/assessService';
import { readAllocationFile } from './assess/allocationFile';
import { loadUnitIndex } from './units/unitIndex';
import { defaultResources, type Resources } from './resources';
import { createImportService, resolveUnitOrFail } from './importer/importService';
import { StagingArea } from './importer/staging';
import { inlineRunner, type ImportRunner } from './jobs/importRunner';
import { ledgerSummary } from './ledgers/totals';
import { ledgerFieldViews } from './ledgers';
import { ledgerRows } from './db/repos/ledgerBrowseRepo';
import { searchLedgers } from './ledgers/search';
import { compareSubmission } from './ledgers/compare';
import { findUnitByName } from './db/repos/unitsRepo';
import { inlineBuilder, type ReportBuilder } from './jobs/reportBuilder';
import { createReportService, type PdfRenderer, type ReportDelivery } from './reports/reportService';
import { backupWorkspace, isInMemory } from './backup/backupWorkspace';
import { backupFolderOf, listBackups } from './backup/backupFolder';
import { exportWorkspace } from './backup/exportWorkspace';
import { readWorkspaceSettings, writeWorkspaceSetting } from './settings/workspaceSettings';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ApiContext {
  /** Where seeds/ and the migrations are; the packaged app passes Electron's resources folder. */
  resources?: Resources;
  db: Db;
  /** Path of the workspace file, shown to the analyst. */
  file: string;
  clock: Clock;
  /** The OS user, recorded on every change. */
  user: string;
  /** Where imports run: a worker thread in the app and browser mode, inline in the CLI and tests. */
  runner?: ImportRunner;
  /** Where report files are built: a worker thread in the app and browser mode, inline in the CLI and tests. */
  reportBuilder?: ReportBuilder;
  /** Prints a dossier to PDF; without it only .docx dossiers can be made. */
  pdf?: PdfRenderer;
  /** The CLI writes an issued report to --out before it is recorded (see ReportDeps.deliver). */
  deliverReport?: ReportDelivery;
  /** Progress events to the UI. */
  emit?: <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;
}

/** The one implementation of shared/api.ts; the hosts only validate, route and serialize. */
export function createApi(ctx: ApiContext): ApiImpl {
  const { db, clock, user } = ctx;
  const autoBackup = (reason: 'import' | 'issue' | 'plan') => backupWorkspace({ db, workspace: ctx.file, reason, now: clock.now() });
  const imports = createImportService({
    beforeWrite: () => autoBackup('import'),
    db,
    runner: ctx.runner ?? inlineRunner(db),
    staging: new StagingArea(),
    user,
    now: () => clock.now(),
    ...(ctx.emit ? { emit: ctx.emit } : {}),
  });
  const seedsDir = (ctx.resources ?? defaultResources()).seedsDir;
  const assess = createAssessService({ db, seedsDir, user, now: () => clock.now() });
  const reports = createReportService({
    db,
    assess,
    builder: ctx.reportBuilder ?? inlineBuilder,
    beforeIssue: () => autoBackup('issue'),
    user,
    now: () => clock.now(),
    ...(ctx.pdf ? { pdf: ctx.pdf } : {}),
    ...(ctx.emit ? { emit: ctx.emit } : {}),
    ...(ctx.deliverReport ? { deliver: ctx.deliverReport } : {}),
  });
  const staged = (f: FileInput) => imports.fileBytes(f);
  const plans = createPlanService({ db, user, now: () => clock.now(), fileBytes: staged, beforeWrite: () => autoBackup('plan') });
  /** A dossier request as the report service takes it: the unit as the unit table names it, the options given. */
  const dossierRequest = (req: ApiParsedRequest<'reports.dossier'>) => ({
    unit: resolveUnitOrFail(db, req.unit),
    month: req.month,
    format: req.format,
    ...(req.runId ? { runId: req.runId } : {}),
    ...(req.rectifyBy ? { rectifyBy: req.rectifyBy } : {}),
    ...(req.issuedOn ? { issuedOn: req.issuedOn } : {}),
  });
  return {
    'app.info': () => {
      const { document } = readPlan(db);
      return {
        appVersion: APP_VERSION,
        workspacePath: ctx.file,
        schemaVersion: schemaVersion(db),
        planTitle: document.title,
        planNumber: document.number,
        counts: countPlan(db),
        user,
      };
    },
    'plan.get': ({ version }) => readPlan(db, version),
    'plans.list': () => plans.list(),
    'plans.check': ({ file, effectiveFrom }) => plans.check(file, effectiveFrom),
    'plans.load': ({ file, effectiveFrom }) => plans.load(file, effectiveFrom),
    'plans.diff': ({ from, to }) => plans.diff(from, to),
    'plans.export': ({ version }) => plans.exportWorkbook(version),
    'units.list': () => listUnits(db),
    'units.resolve': ({ name }) => ({ input: name, unit: resolveUnit(db, name) }),
    'units.addAlias': ({ alias, unit }) => addAlias(db, alias, unit, user, clock.now().toISOString()),
    'units.removeAlias': ({ alias }) => removeAlias(db, alias),
    'imports.check': (req) => imports.check(req),
    'imports.run': (req) => imports.run(req),
    'imports.cancel': () => imports.cancel(),
    'imports.returnWorkbook': (req) => imports.returnWorkbook(req),
    'imports.template': ({ kind }) => imports.template(kind),
    'imports.returns': ({ month }) => assess.returnsOf(month),
    'submissions.list': (req) => imports.list(req),
    'submissions.get': ({ id }) => imports.get(id),
    'submissions.withdraw': ({ id, reason }) => imports.withdraw(id, reason),
    'ledgers.rows': (req) => {
      const unitId = req.unit ? findUnitByName(db, resolveUnitOrFail(db, req.unit))?.id : undefined;
      return ledgerRows(db, {
        kind: req.kind,
        offset: req.offset,
        limit: req.limit,
        ...(req.submissionId ? { submissionId: req.submissionId } : {}),
        ...(unitId ? { unitId } : {}),
        ...(req.period ? { period: req.period } : {}),
        ...(req.status ? { status: req.status } : {}),
        ...(req.allVersions ? { allVersions: true } : {}),
      });
    },
    'ledgers.summary': ({ asOf }) => ledgerSummary(db, asOf),
    // a ledger row may name a target of any loaded plan: 台账浏览 shows each by its name
    'ledgers.fields': () => ledgerFieldViews(targetNameMap([...buildPlanIndex(db).targets.values()])),
    'ledgers.search': ({ query, allVersions, limit }) => searchLedgers(db, query, { allVersions: allVersions ?? false, limit }),
    'submissions.compare': ({ id }) => compareSubmission(db, id),
    'assess.compute': ({ asOf, plan }) => assess.compute(asOf, plan),
    'assess.save': ({ asOf, note, plan }) => assess.save(asOf, note ?? null, plan),
    'assess.runs': () => assess.runs(),
    'assess.open': ({ runId }) => assess.open(runId),
    'assess.evidence': (req) => assess.evidence({ ...req, ...(req.runId ? { runId: req.runId } : {}) }),
    'assess.trend': ({ target, unit, asOf }) => assess.trend(target, unit, asOf),
    'settings.get': () => assess.settings(),
    'settings.set': ({ key, value }) => assess.setSetting(key, value),
    'allocations.list': ({ plan }) => assess.listAllocations(plan),
    'allocations.set': ({ items, plan }) => assess.setAllocations(items, '手工录入', plan),
    'allocations.import': ({ file, plan: version }) => {
      const { name, bytes } = staged(file);
      const plan = readPlan(db, version);
      const targets = [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
      const items = readAllocationFile(bytes, name, loadUnitIndex(db), targets);
      return { ...assess.setAllocations(items, `分解表“${name}”`, plan.version?.versionId), imported: items.length };
    },
    'register.list': () => assess.register(),
    'register.decide': (req) => assess.decide({ proposalId: req.proposalId, action: req.action, reason: req.reason, ...(req.level ? { level: req.level } : {}) }),
    'register.update': (req) => assess.update(req),
    'reports.preview': ({ month, runId }) => reports.preview(month, runId),
    'reports.monthly': ({ month, runId, force, issuedOn }) =>
      reports.monthly({ month, ...(runId ? { runId } : {}), ...(force ? { force } : {}), ...(issuedOn ? { issuedOn } : {}) }),
    'reports.dossier': (req) => reports.dossier(dossierRequest(req)),
    'reports.dossierDraft': (req) => reports.dossierDraft(dossierRequest(req)),
    'reports.dossierUnits': ({ month, runId }) => reports.dossierUnits(month, runId),
    'reports.dossierBasis': ({ month, runId }) => reports.dossierBasis(month, runId),
    'reports.list': () => reports.list(),
    'reports.reissue': ({ id }) => reports.reissue(id),
    'reports.file': ({ id }) => reports.file(id),
    'backups.list': () => (isInMemory(ctx.file) ? { folder: null, backups: [] } : { folder: backupFolderOf(ctx.file), backups: listBackups(ctx.file) }),
    'backups.create': async () => {
      const made = await backupWorkspace({ db, workspace: ctx.file, reason: 'manual', now: clock.now() });
      if (!made) throw new ApiError('in_memory', '这个工作区只在内存中，没有可以备份的文件。');
      return made;
    },
    // swapping the file under an open connection is the host's job: see workspaceSession
    'backups.restore': () => {
      throw new ApiError('restore_unavailable', '这里不能直接恢复工作区。请在工作台的“设置”页中恢复，或关闭工作台后用命令行 bluesky restore 恢复。');
    },
    'backups.export': () => exportWorkspace(db, ctx.file, clock.now()),
    'workspaceSettings.get': () => readWorkspaceSettings(db),
    'workspaceSettings.set': ({ key, value }) => writeWorkspaceSetting(db, key, value),
  };
}
