import crypto from 'node:crypto';
import { writeTransaction, type Db } from '../db/connection';
import { ApiError, type ApiEvents, type IssuedFile } from '../../../shared/api';
import { CITY, LEVEL_LABEL, type AssessmentView, type DossierBasis, type ResultView } from '../../../shared/assessModels';
import type { FileBlob, LedgerRowView } from '../../../shared/ledgerModels';
import type { LedgerKind } from '../../../shared/models';
import { formatDateCn, formatMonthCn } from '../../../shared/format';
import type { DossierData, IssuedReportView, MonthlyReportData, ReportFormat, ReportKind } from '../../../shared/reportModels';
import type { AssessService } from '../assess/assessService';
import { monthEndOf } from '../assess/evaluate';
import { defaultRectifyBy, issueDateProblem, issuedAtOf, rectifyByProblem, todayInBeijing } from '../../../shared/reportDates';
import { readWorkspaceSettings } from '../settings/workspaceSettings';
import { signature, signerName, type Signature } from '../settings/signer';
import { readPlan, readPlanAt } from '../db/repos/planRepo';
import { findUnitByName, listUnits } from '../db/repos/unitsRepo';
import { getRun, latestRunAt } from '../db/repos/assessRepo';
import { fileBytes, insertFile } from '../db/repos/submissionsRepo';
import * as repo from '../db/repos/reportsRepo';
import { ledgerFieldViews } from '../ledgers';
import { planTargetNames } from '../../../shared/planNames';
import { isDemoWorkspace } from '../demoMark';
import type { ReportBuilder } from '../jobs/reportBuilder';
import { monthlyChanges, monthlyData } from './monthlyData';
import { dossierChanges, dossierData, dossierResults } from './dossierData';
import { renderDossierHtml } from './dossierHtml';
import { stampPdfDates } from './pdfDates';

/** Prints an HTML document to PDF: Electron's printToPDF in the app, Chromium through playwright-core in the CLI and tests. */
export type PdfRenderer = (html: string) => Promise<Buffer>;

export interface ReportDeps {
  db: Db;
  assess: AssessService;
  builder: ReportBuilder;
  pdf?: PdfRenderer;
  /** The OS account, kept in the register's audit column; documents are signed by the analyst (settings/signer). */
  user: string;
  now: () => Date;
  emit?: (event: 'progress', payload: ApiEvents['progress']) => void;
  /**
   * Where a host that writes the file itself (the CLI's --out) puts it. It runs before the issue is recorded, so a
   * report is never on record as issued without its file; if it fails, nothing is recorded.
   */
  deliver?: ReportDelivery;
  /** Runs before a report is issued (a copy of the workspace into its 备份 folder); a failure stops the issue. */
  beforeIssue?: () => Promise<unknown>;
}

export type ReportDelivery = (fileName: string, bytes: Buffer) => void | Promise<void>;

/** Evidence rows a dossier lists per target; the rest are counted and stay traceable in the workspace. */
const EVIDENCE_LIMIT = 40;

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * What a saved run must still say for a report to rest on it: the same submissions, settings, results, ranking,
 * return statuses (which move with the calendar) and proposals (which follow last month's decisions).
 */
function fingerprint(v: AssessmentView): string {
  const sorted = (xs: string[]) => [...xs].sort().join('\n');
  return JSON.stringify({
    submissions: v.submissionIds,
    settings: v.settings,
    results: sorted(v.results.map((r) => JSON.stringify([r.target, r.unit, r.value, r.actual, r.completion, r.timeProgress, r.status, r.detail]))),
    ranking: sorted(v.ranking.map((r) => JSON.stringify([r.unit, r.score, r.rank]))),
    returns: sorted(v.submissions.map((r) => JSON.stringify([r.unit, r.kind, r.period, r.dueOn, r.status, r.submittedAt]))),
    proposals: sorted(v.proposals.map((p) => JSON.stringify([p.unit, p.target, p.level, p.rule, p.reason]))),
  });
}

export function reportFileName(kind: ReportKind, month: string, unit: string | null, format: ReportFormat, dossier?: DossierData): string {
  if (kind === 'monthly') return `阳泉市蓝天保卫战重点任务进展情况通报（${formatMonthCn(month)}）.${format}`;
  // the name follows the title: 挂牌督办材料 where only that was decided, and a draft says so
  const label = `${dossier?.title.endsWith('挂牌督办材料') || dossier?.title.endsWith('挂牌督办材料（草稿）') ? '挂牌督办材料' : '约谈材料'}${dossier?.draft ? '（草稿）' : ''}`;
  return `${label}-${unit}-${formatMonthCn(month)}.${format}`;
}

export function createReportService(d: ReportDeps) {
  const { db } = d;
  let jobs = 0;

  const progress = (jobId: string, file: string, done: number, total: number, message: string) =>
    d.emit?.('progress', { jobId, file, index: 0, count: 1, stage: 'report', done, total, message });

  /**
   * The saved assessment a report reads. A run named by the analyst must be of that month; otherwise the last one saved
   * for the month-end if it still matches the ledgers, or a fresh one saved now, so the report always rests on a run.
   */
  function runFor(month: string, runId: number | undefined): AssessmentView {
    const asOf = monthEndOf(month);
    if (runId !== undefined) {
      const run = getRun(db, runId);
      if (!run) throw new ApiError('not_found', `没有编号为 ${runId} 的评估记录。`);
      if (run.as_of.slice(0, 7) !== month) throw new ApiError('wrong_month', `第 ${runId} 次评估截至${formatDateCn(run.as_of)}，不是${formatMonthCn(month)}的评估。`);
      return d.assess.open(runId);
    }
    const current = d.assess.compute(asOf);
    const latest = latestRunAt(db, asOf);
    if (latest) {
      const saved = d.assess.open(latest.id);
      if (fingerprint(saved) === fingerprint(current)) return saved;
    }
    return d.assess.save(asOf, '生成报告时自动保存');
  }

  function counties(): string[] {
    return listUnits(db)
      .filter((u) => u.kind === 'county')
      .map((u) => u.name);
  }

  /** What a document says about who sends it and when; the preview shows the same without requiring a signer. */
  type Stamp = { issuedOn: string; sign: Signature; docNumber: string | null };
  const stampFields = (x: Stamp) => ({
    issuedAt: issuedAtOf(x.issuedOn),
    issuer: x.sign.issuer,
    office: x.sign.office,
    docNumber: x.docNumber,
    mainRecipients: x.sign.mainRecipients,
    copyRecipients: x.sign.copyRecipients,
  });

  /** Checks the 印发日期 and the signer before anything is saved or backed up, and numbers the document. */
  function stampFor(month: string, issuedOn: string | undefined): Stamp {
    const on = issuedOn ?? todayInBeijing(d.now());
    const problem = issueDateProblem(on, month);
    if (problem) throw new ApiError('bad_issue_date', problem);
    const sign = signature(db);
    return { issuedOn: on, sign, docNumber: sign.docNumberPrefix ? repo.nextDocNumber(db, sign.docNumberPrefix, on.slice(0, 4)) : null };
  }

  const nothingToReport = (unitName: string, view: AssessmentView) =>
    new ApiError('nothing_to_report', `${unitName}在第 ${view.runId} 次评估（截至${formatDateCn(view.asOf)}）中没有滞后、严重滞后或逾期未完成的目标，也没有问责建议，不需要约谈材料。`);

  /** The plan version an assessment was measured against: its documents cite that plan and no other. */
  const planOf = (view: AssessmentView) => (view.plan.versionId > 0 ? readPlan(db, view.plan.versionId) : readPlanAt(db, view.asOf));

  /** A dossier announces a 约谈 or 挂牌督办 only once the register holds one for the unit and month; before that it can only be a draft. */
  function requireDecision(unitName: string, month: string, runId: number | undefined): void {
    const basis = d.assess.dossierBasis(unitName, month);
    if (basis.decisions.length > 0) return;
    // a unit with nothing to answer for needs no dossier at all: say that rather than ask for a decision
    const view = runFor(month, runId);
    const plan = planOf(view);
    if (dossierResults(plan, view, unitName).length === 0) throw nothingToReport(unitName, view);
    const names = new Map([...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)].map((t) => [t.id, t.description]));
    const heavy = basis.pending.filter((p) => p.level !== 'warning');
    const listed = heavy.slice(0, 5).map((p) => `#${p.proposalId} ${LEVEL_LABEL[p.level]}“${p.target ? (names.get(p.target) ?? p.target) : '综合'}”`);
    const what =
      basis.runId === null
        ? `${formatMonthCn(month)}还没有保存的考核评估，请先在“考核评估”页保存本月评估，再到“问责台账”页处理问责建议。`
        : heavy.length > 0
          ? `请先到“问责台账”页（第 ${basis.runId} 次评估）处理${unitName}待处理的约谈、挂牌督办建议 ${heavy.length} 条：${listed.join('、')}${heavy.length > listed.length ? ' 等' : ''}，确认后再生成。`
          : `第 ${basis.runId} 次评估没有对${unitName}待处理的约谈或挂牌督办建议；如确需约谈，请在“问责台账”页核实问责建议后再生成。`;
    throw new ApiError(
      'decision_required',
      `问责台账中还没有对${unitName}${formatMonthCn(month)}作出约谈或挂牌督办的决定，不能印发约谈材料。${what}也可以先生成草稿（标注“草稿”，不登记为印发）。`,
      { unit: unitName, month, runId: basis.runId, pending: heavy },
    );
  }

  function previewStamp(): Stamp {
    const s = readWorkspaceSettings(db);
    return { issuedOn: todayInBeijing(d.now()), sign: { issuer: s.analyst, office: s.office, docNumberPrefix: s.docNumberPrefix, mainRecipients: s.mainRecipients, copyRecipients: s.copyRecipients }, docNumber: null };
  }

  function assembleMonthly(view: AssessmentView, stamp: Stamp = previewStamp()): MonthlyReportData {
    const data = monthlyData({ plan: planOf(view), view, counties: counties(), quality: repo.qualityBySubmitter(db, view.submissionIds), issuedAt: issuedAtOf(stamp.issuedOn), issuer: stamp.sign.issuer });
    return { ...data, ...stampFields(stamp), ...(isDemoWorkspace(db) ? { demo: true } : {}) };
  }

  function assembleDossier(view: AssessmentView, unitName: string, rectifyBy: string, stamp: Stamp, draft = false): DossierData {
    const plan = planOf(view);
    const unit = findUnitByName(db, unitName);
    if (!unit) throw new ApiError('unknown_unit', `单位“${unitName}”不在单位表中。`);
    const results = dossierResults(plan, view, unit.name);
    if (results.length === 0) throw nothingToReport(unit.name, view);
    const evidence = new Map<string, { rows: LedgerRowView[]; total: number; heldBack: number | null; kind: LedgerKind }>();
    const trend = new Map<string, { month: string; status: ResultView['status'] }[]>();
    for (const r of results) {
      const key = `${r.target}\u0000${r.unit}`;
      const page = d.assess.evidence({ asOf: view.asOf, runId: view.runId!, target: r.target, unit: r.unit, offset: 0, limit: EVIDENCE_LIMIT });
      // the rows that hold a figure back are the ones to put in front of the unit; the counted rest stay in the workspace
      const held = page.heldBack ?? null;
      evidence.set(key, { rows: held ? page.rows.filter((x) => x.holdsBack) : page.rows, total: page.total, heldBack: held, kind: page.kind });
      trend.set(key, d.assess.trend(r.target, r.unit, view.asOf, view.runId!));
    }
    const ids = [...new Set([...evidence.values()].flatMap((e) => e.rows.map((r) => r.submissionId)))];
    const labels = repo.submissionLabels(db, ids);
    const data = dossierData({
      plan,
      view,
      unit: unit.name,
      unitFullName: unit.full_name,
      results,
      evidence,
      fields: ledgerFieldViews(planTargetNames(plan)),
      importedAt: new Map([...labels].map(([id, l]) => [id, l.importedAt])),
      trend,
      register: d.assess.register(),
      rectifyBy,
      issuedAt: issuedAtOf(stamp.issuedOn),
      issuer: stamp.sign.issuer,
      basis: d.assess.dossierBasis(unit.name, view.asOf.slice(0, 7)),
      draft,
      demo: isDemoWorkspace(db),
    });
    return { ...data, ...stampFields(stamp) };
  }

  async function render(kind: ReportKind, format: ReportFormat, data: MonthlyReportData | DossierData): Promise<Buffer> {
    if (kind === 'monthly') return d.builder.build({ kind: 'monthly', data: data as MonthlyReportData });
    if (format === 'docx') return d.builder.build({ kind: 'dossierDocx', data: data as DossierData });
    if (!d.pdf) throw new ApiError('pdf_unavailable', '当前环境不能生成 PDF（未找到打印组件），请改为导出 .docx。');
    return stampPdfDates(await d.pdf(renderDossierHtml(data as DossierData)), data.issuedAt);
  }

  async function record(x: {
    kind: ReportKind;
    format: ReportFormat;
    unitId: number | null;
    data: MonthlyReportData | DossierData;
    submissionIds: number[];
    bytes: Buffer;
    reissueOf: number | null;
    changes: string[];
  }): Promise<IssuedFile> {
    const content = JSON.stringify(x.data);
    const unit = x.kind === 'dossier' ? (x.data as DossierData).unit : null;
    const fileName = reportFileName(x.kind, x.data.month, unit, x.format, x.kind === 'dossier' ? (x.data as DossierData) : undefined);
    const hash = sha256(x.bytes);
    await d.deliver?.(fileName, x.bytes);
    const id = writeTransaction(db, () => {
      const fileId = insertFile(db, hash, x.bytes);
      return repo.insertReport(db, {
        kind: x.kind,
        format: x.format,
        unitId: x.unitId,
        month: x.data.month,
        asOf: x.data.asOf,
        runId: x.data.runId,
        submissionIds: x.submissionIds,
        content,
        contentSha256: sha256(content),
        fileName,
        fileId,
        sha256: hash,
        size: x.bytes.length,
        reissueOf: x.reissueOf,
        changes: x.changes,
        by: signerName(db),
        osAccount: d.user,
        at: d.now().toISOString(),
      });
    });
    return { report: repo.getReport(db, id)!, file: { fileName, base64: x.bytes.toString('base64') } };
  }

  function fileNames(ids: number[]): string[] {
    const labels = repo.submissionLabels(db, ids);
    return ids.map((id) => `#${id} ${labels.get(id)?.file ?? ''}`.trim());
  }

  return {
    /** The briefing's figures for the UI, without saving anything. */
    preview(month: string, runId?: number): MonthlyReportData & { saved: boolean } {
      if (runId !== undefined) return { ...assembleMonthly(runFor(month, runId)), saved: true };
      const asOf = monthEndOf(month);
      const current = d.assess.compute(asOf);
      const latest = latestRunAt(db, asOf);
      const saved = latest ? d.assess.open(latest.id) : null;
      if (saved && fingerprint(saved) === fingerprint(current)) return { ...assembleMonthly(saved), saved: true };
      return { ...assembleMonthly({ ...current, runId: 0 }), saved: false };
    },

    /** issuedOn: the 印发日期 (YYYY-MM-DD), today in Beijing by default; force: issue though no unit sent a return. */
    async monthly(req: { month: string; runId?: number; force?: boolean; issuedOn?: string }): Promise<IssuedFile> {
      if (!req.force && repo.returnsInMonth(db, req.month) === 0) {
        throw new ApiError(
          'no_returns',
          `${formatMonthCn(req.month)}没有任何单位报送台账，据此生成的通报只会把各项列为未报送或沿用此前的数据，不能反映本月进展。请先导入本月台账；如确需印发（例如通报全市均未报送），请确认后强制生成。`,
          { month: req.month },
        );
      }
      const job = `report-${++jobs}`;
      const name = reportFileName('monthly', req.month, null, 'xlsx');
      const stamp = stampFor(req.month, req.issuedOn);
      await d.beforeIssue?.();
      progress(job, name, 0, 3, '正在汇总评估结果…');
      const view = runFor(req.month, req.runId);
      const data = assembleMonthly(view, stamp);
      const last = repo.lastIssued(db, 'monthly', req.month, null);
      if (last) {
        const prev = JSON.parse(last.content) as MonthlyReportData;
        const prevIds = new Set(repo.getReport(db, last.id)!.submissionIds);
        const nowIds = new Set(view.submissionIds);
        data.changes = monthlyChanges(prev, data, {
          added: fileNames(view.submissionIds.filter((id) => !prevIds.has(id))),
          removed: fileNames([...prevIds].filter((id) => !nowIds.has(id))),
        });
      }
      progress(job, name, 1, 3, '正在生成图表和工作簿…');
      const bytes = await render('monthly', 'xlsx', data);
      progress(job, name, 2, 3, '正在登记印发记录…');
      const out = await record({ kind: 'monthly', format: 'xlsx', unitId: null, data, submissionIds: view.submissionIds, bytes, reissueOf: null, changes: data.changes });
      progress(job, name, 3, 3, '已生成');
      return out;
    },

    async dossier(req: { unit: string; month: string; format: 'docx' | 'pdf'; runId?: number; rectifyBy?: string; issuedOn?: string }): Promise<IssuedFile> {
      const unit = findUnitByName(db, req.unit);
      if (!unit) throw new ApiError('unknown_unit', `单位“${req.unit}”不在单位表中。`);
      const job = `report-${++jobs}`;
      const name = reportFileName('dossier', req.month, unit.name, req.format);
      // the decision is what the document announces: without one nothing else about it matters yet
      requireDecision(unit.name, req.month, req.runId);
      const stamp = stampFor(req.month, req.issuedOn);
      // counted from the assessed month, not from the clock: the same month gives the same deadline in the CLI and the UI
      const rectifyBy = req.rectifyBy ?? defaultRectifyBy(req.month);
      const problem = rectifyByProblem(rectifyBy, req.month, stamp.issuedOn);
      if (problem) throw new ApiError('bad_deadline', problem);
      await d.beforeIssue?.();
      progress(job, name, 0, 3, '正在汇总评估结果和证据…');
      const view = runFor(req.month, req.runId);
      const data = assembleDossier(view, unit.name, rectifyBy, stamp);
      const last = repo.lastIssued(db, 'dossier', req.month, unit.id);
      const changes = last ? dossierChanges(JSON.parse(last.content) as DossierData, data) : [];
      progress(job, name, 1, 3, req.format === 'pdf' ? '正在排版并打印为 PDF…' : '正在生成 Word 文档…');
      const bytes = await render('dossier', req.format, data);
      progress(job, name, 2, 3, '正在登记印发记录…');
      const out = await record({ kind: 'dossier', format: req.format, unitId: unit.id, data, submissionIds: view.submissionIds, bytes, reissueOf: null, changes });
      progress(job, name, 3, 3, '已生成');
      return out;
    },

    /**
     * The same dossier marked 草稿 in its title and page header, whether or not a decision was taken. A draft does not
     * leave the office, so it is delivered but not recorded as issued: only a decided dossier enters 已印发报告.
     */
    async dossierDraft(req: { unit: string; month: string; format: 'docx' | 'pdf'; runId?: number; rectifyBy?: string; issuedOn?: string }): Promise<{ file: FileBlob; runId: number; decided: boolean }> {
      const unit = findUnitByName(db, req.unit);
      if (!unit) throw new ApiError('unknown_unit', `单位“${req.unit}”不在单位表中。`);
      const stamp = stampFor(req.month, req.issuedOn);
      const rectifyBy = req.rectifyBy ?? defaultRectifyBy(req.month);
      const problem = rectifyByProblem(rectifyBy, req.month, stamp.issuedOn);
      if (problem) throw new ApiError('bad_deadline', problem);
      const view = runFor(req.month, req.runId);
      const data = assembleDossier(view, unit.name, rectifyBy, stamp, true);
      const bytes = await render('dossier', req.format, data);
      const fileName = reportFileName('dossier', req.month, unit.name, req.format, data);
      await d.deliver?.(fileName, bytes);
      return { file: { fileName, base64: bytes.toString('base64') }, runId: data.runId, decided: data.decision != null };
    },

    /** Rebuilds an issued report from what it was built from, whatever has been imported or decided since. */
    async reissue(id: number): Promise<IssuedFile & { identical: boolean }> {
      const original = repo.getReport(db, id);
      if (!original) throw new ApiError('not_found', `没有编号为 ${id} 的印发记录。`);
      await d.beforeIssue?.();
      const data = JSON.parse(original.content) as MonthlyReportData | DossierData;
      const bytes = await render(original.kind, original.format, data);
      const unitId = original.unit ? findUnitByName(db, original.unit)!.id : null;
      const note = `按 ${formatDateCn(original.issuedOn)} 印发的第 ${id} 号记录重新生成，依据第 ${original.runId} 次评估，数据与原件相同。`;
      const out = await record({ kind: original.kind, format: original.format, unitId, data, submissionIds: original.submissionIds, bytes, reissueOf: id, changes: [note] });
      return { ...out, identical: out.report.sha256 === original.sha256 };
    },

    /** For each unit that may need a dossier this month: the decisions it would follow and the proposals still pending. */
    dossierBasis(month: string, runId?: number): DossierBasis[] {
      return d.assess.dossierBases(this.dossierUnits(month, runId), month);
    },

    list(): IssuedReportView[] {
      return repo.listReports(db);
    },

    /** The file exactly as it was issued. */
    file(id: number): FileBlob {
      const r = repo.getReport(db, id);
      if (!r) throw new ApiError('not_found', `没有编号为 ${id} 的印发记录。`);
      return { fileName: r.fileName, base64: fileBytes(db, r.fileId).toString('base64') };
    },

    /** The data a report was built from, as recorded. */
    content(id: number): MonthlyReportData | DossierData {
      const r = repo.getReport(db, id);
      if (!r) throw new ApiError('not_found', `没有编号为 ${id} 的印发记录。`);
      return JSON.parse(r.content) as MonthlyReportData | DossierData;
    },

    /** Units with something to answer for in a month (behind schedule, or with a proposal to act on): the candidates for a dossier. */
    dossierUnits(month: string, runId?: number): string[] {
      const view = this.preview(month, runId);
      const units = new Set<string>();
      for (const l of view.lagging) for (const u of l.responsible.split('、')) if (u !== CITY) units.add(u);
      if (runId !== undefined) for (const p of d.assess.open(runId).proposals) units.add(p.unit);
      // a unit the register holds a 约谈 or 挂牌督办 against this month is a candidate too
      for (const e of d.assess.register()) if (e.month === month && e.action !== 'dismiss' && (e.level === 'interview' || e.level === 'supervision')) units.add(e.unit);
      return listUnits(db)
        .map((u) => u.name)
        .filter((u) => units.has(u));
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
