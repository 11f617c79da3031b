import crypto from 'node:crypto';
import { writeTransaction, type Db } from '../db/connection';
import { ApiError, type ApiEvents, type IssuedFile } from '../../../shared/api';
import { CITY, type AssessmentView, type ResultView } from '../../../shared/assessModels';
import type { FileBlob, LedgerRowView } from '../../../shared/ledgerModels';
import type { LedgerKind } from '../../../shared/models';
import { beijingDate, formatDateCn, formatMonthCn } from '../../../shared/format';
import type { DossierData, IssuedReportView, MonthlyReportData, ReportFormat, ReportKind } from '../../../shared/reportModels';
import type { AssessService } from '../assess/assessService';
import { monthEndOf, nextMonth } from '../assess/evaluate';
import { readPlan } from '../db/repos/planRepo';
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

/** Prints an HTML document to PDF: Electron's printToPDF in the app, Chromium through playwright-core in the CLI and tests. */
export type PdfRenderer = (html: string) => Promise<Buffer>;

export interface ReportDeps {
  db: Db;
  assess: AssessService;
  builder: ReportBuilder;
  pdf?: PdfRenderer;
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

export function reportFileName(kind: ReportKind, month: string, unit: string | null, format: ReportFormat): string {
  return kind === 'monthly' ? `阳泉市蓝天保卫战重点任务进展情况通报（${formatMonthCn(month)}）.${format}` : `约谈材料-${unit}-${formatMonthCn(month)}.${format}`;
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

  function assembleMonthly(view: AssessmentView): MonthlyReportData {
    const data = monthlyData({ plan: readPlan(db), view, counties: counties(), quality: repo.qualityBySubmitter(db, view.submissionIds), issuedAt: d.now().toISOString(), issuer: d.user });
    return isDemoWorkspace(db) ? { ...data, demo: true } : data;
  }

  function assembleDossier(view: AssessmentView, unitName: string, rectifyBy: string): DossierData {
    const plan = readPlan(db);
    const unit = findUnitByName(db, unitName);
    if (!unit) throw new ApiError('unknown_unit', `单位“${unitName}”不在单位表中。`);
    const results = dossierResults(plan, view, unit.name);
    if (results.length === 0) {
      throw new ApiError('nothing_to_report', `${unit.name}在第 ${view.runId} 次评估（截至${formatDateCn(view.asOf)}）中没有滞后、严重滞后或逾期未完成的目标，也没有问责建议，不需要约谈材料。`);
    }
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
    return dossierData({
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
      issuedAt: d.now().toISOString(),
      issuer: d.user,
      demo: isDemoWorkspace(db),
    });
  }

  async function render(kind: ReportKind, format: ReportFormat, data: MonthlyReportData | DossierData): Promise<Buffer> {
    if (kind === 'monthly') return d.builder.build({ kind: 'monthly', data: data as MonthlyReportData });
    if (format === 'docx') return d.builder.build({ kind: 'dossierDocx', data: data as DossierData });
    if (!d.pdf) throw new ApiError('pdf_unavailable', '当前环境不能生成 PDF（未找到打印组件），请改为导出 .docx。');
    return d.pdf(renderDossierHtml(data as DossierData));
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
    const fileName = reportFileName(x.kind, x.data.month, unit, x.format);
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
        by: d.user,
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

    async monthly(req: { month: string; runId?: number }): Promise<IssuedFile> {
      const job = `report-${++jobs}`;
      const name = reportFileName('monthly', req.month, null, 'xlsx');
      await d.beforeIssue?.();
      progress(job, name, 0, 3, '正在汇总评估结果…');
      const view = runFor(req.month, req.runId);
      const data = assembleMonthly(view);
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

    async dossier(req: { unit: string; month: string; format: 'docx' | 'pdf'; runId?: number; rectifyBy?: string }): Promise<IssuedFile> {
      const unit = findUnitByName(db, req.unit);
      if (!unit) throw new ApiError('unknown_unit', `单位“${req.unit}”不在单位表中。`);
      const job = `report-${++jobs}`;
      const name = reportFileName('dossier', req.month, unit.name, req.format);
      const asOf = monthEndOf(req.month);
      // by default a month to put things right: the end of the month after the assessed one, or after today if that has passed
      const today = beijingDate(d.now().toISOString());
      const rectifyBy = req.rectifyBy ?? [monthEndOf(nextMonth(req.month)), monthEndOf(nextMonth(today.slice(0, 7)))].find((x) => x > today)!;
      if (rectifyBy <= asOf) throw new ApiError('bad_deadline', `整改期限（${formatDateCn(rectifyBy)}）应晚于评估截止日（${formatDateCn(asOf)}）。`);
      await d.beforeIssue?.();
      progress(job, name, 0, 3, '正在汇总评估结果和证据…');
      const view = runFor(req.month, req.runId);
      const data = assembleDossier(view, unit.name, rectifyBy);
      const last = repo.lastIssued(db, 'dossier', req.month, unit.id);
      const changes = last ? dossierChanges(JSON.parse(last.content) as DossierData, data) : [];
      progress(job, name, 1, 3, req.format === 'pdf' ? '正在排版并打印为 PDF…' : '正在生成 Word 文档…');
      const bytes = await render('dossier', req.format, data);
      progress(job, name, 2, 3, '正在登记印发记录…');
      const out = await record({ kind: 'dossier', format: req.format, unitId: unit.id, data, submissionIds: view.submissionIds, bytes, reissueOf: null, changes });
      progress(job, name, 3, 3, '已生成');
      return out;
    },

    /** Rebuilds an issued report from what it was built from, whatever has been imported or decided since. */
    async reissue(id: number): Promise<IssuedFile & { identical: boolean }> {
      const original = repo.getReport(db, id);
      if (!original) throw new ApiError('not_found', `没有编号为 ${id} 的印发记录。`);
      await d.beforeIssue?.();
      const data = JSON.parse(original.content) as MonthlyReportData | DossierData;
      const bytes = await render(original.kind, original.format, data);
      const unitId = original.unit ? findUnitByName(db, original.unit)!.id : null;
      const note = `按 ${formatDateCn(beijingDate(original.issuedAt))} 印发的第 ${id} 号记录重新生成，依据第 ${original.runId} 次评估，数据与原件相同。`;
      const out = await record({ kind: original.kind, format: original.format, unitId, data, submissionIds: original.submissionIds, bytes, reissueOf: id, changes: [note] });
      return { ...out, identical: out.report.sha256 === original.sha256 };
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
      return listUnits(db)
        .map((u) => u.name)
        .filter((u) => units.has(u));
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
