import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiEvents, IssuedFile } from '../../../shared/api';
import { LEVEL_LABEL, STATUS_LABEL, type AssessStatus, type DossierBasis, type RunSummary } from '../../../shared/assessModels';
import type { FileBlob } from '../../../shared/ledgerModels';
import type { IssuedReportView, MonthlyReportData } from '../../../shared/reportModels';
import { beijingDate, formatDateCn, formatDateTime, formatMonthCn, monthOptions } from '../../../shared/format';
import { deliverFile, invoke, onEvent, type Delivery } from '../api/client';
import { hashParams } from '../navigation';
import { ErrorBanner, Loading } from '../components/Status';
import { MonthlyPreview } from '../components/MonthlyPreview';
import { IssuedReportsGrid } from '../components/IssuedReportsGrid';
import { DeliveryLine, IssuedOutcome, ReportProgress } from '../components/reportUi';
import { LEVEL_CLASS } from '../components/assessUi';
import { IssueStamp } from '../components/IssueStamp';
import { defaultRectifyBy, issueDateProblem, rectifyByProblem, todayInBeijing } from '../../../shared/reportDates';

function rectifyProblem(value: string, month: string, issuedOn: string): string | null {
  if (!value) return '请填写整改期限（年-月-日）。';
  return rectifyByProblem(value, month, issuedOn);
}

interface Link {
  unit: string | null;
  month: string | null;
}

function linkFromHash(): Link {
  const p = hashParams(window.location.hash);
  const month = p.get('month');
  return { unit: p.get('unit') || null, month: month && /^\d{4}-\d{2}$/.test(month) ? month : null };
}

type Outcome =
  | { ok: true; report: IssuedReportView; delivery: Delivery | null; saveError: string | null; headline?: string; note?: string }
  | { ok: true; draft: { fileName: string; headline: string }; delivery: Delivery | null; saveError: string | null }
  | { ok: false; error: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Where a file is saved: a failure to save is not a failure to issue, so it is reported on its own. */
async function deliver(file: FileBlob): Promise<{ delivery: Delivery | null; saveError: string | null }> {
  try {
    return { delivery: await deliverFile(file), saveError: null };
  } catch (e) {
    return { delivery: null, saveError: `文件未能保存：${message(e)}。可在“已印发报告”中重新下载原件。` };
  }
}

function OutcomeView({ outcome, compact }: { outcome: Outcome; compact?: boolean }) {
  if (!outcome.ok) return <ErrorBanner message={outcome.error} />;
  if ('draft' in outcome) {
    // a draft is not an issued report: no record number, nothing in 已印发报告
    return (
      <>
        <div className={compact ? 'issued-outcome compact' : 'issued-outcome'} role="status">
          <p className="issued-head">
            <strong>{outcome.draft.headline}</strong>
            <span className="issued-file">{outcome.draft.fileName}</span>
          </p>
          <p className="muted small">草稿的标题和页眉标注“草稿”，不登记为印发，也不列入“已印发报告”。</p>
          {outcome.delivery && <DeliveryLine delivery={outcome.delivery} />}
        </div>
        {outcome.saveError && <ErrorBanner message={outcome.saveError} />}
      </>
    );
  }
  return (
    <>
      <IssuedOutcome
        report={outcome.report}
        delivery={outcome.delivery}
        compact={compact}
        {...(outcome.headline ? { headline: outcome.headline } : {})}
        {...(outcome.note ? { note: outcome.note } : {})}
      />
      {outcome.saveError && <ErrorBanner message={outcome.saveError} />}
    </>
  );
}

const BEHIND: AssessStatus[] = ['overdue', 'seriously_lagging', 'lagging'];

/** What a unit answers for this month, worst first: "逾期未完成 2 · 严重滞后 1". */
function behindSummary(preview: MonthlyReportData | null, unit: string): { status: AssessStatus; n: number }[] {
  if (!preview) return [];
  const mine = preview.lagging.filter((l) => l.responsible.split('、').includes(unit));
  return BEHIND.map((status) => ({ status, n: mine.filter((l) => l.status === status).length })).filter((x) => x.n > 0);
}

/** The decisions a unit's dossier would follow, or what to decide first and where. */
function DecisionSummary({ unit, basis }: { unit: string; basis: DossierBasis | undefined }) {
  if (!basis) return <span className="muted">—</span>;
  if (basis.decisions.length > 0) {
    const levels = (['supervision', 'interview'] as const).map((l) => ({ l, n: basis.decisions.filter((x) => x.level === l).length })).filter((x) => x.n > 0);
    return (
      <span className="decision-made">
        {levels.map((x) => (
          <span key={x.l} className={`level-badge ${LEVEL_CLASS[x.l]}`}>
            {LEVEL_LABEL[x.l]} {x.n}
          </span>
        ))}
        <span className="muted small"> 已决定，材料按决定措辞</span>
      </span>
    );
  }
  const heavy = basis.pending.filter((p) => p.level !== 'warning').length;
  return (
    <span className="decision-missing" role="note">
      <strong>尚未决定</strong>
      {heavy > 0 ? (
        <span className="small">
          先到<a href="#/register">问责台账</a>处理{unit}的 {heavy} 条约谈、挂牌督办建议，再生成正式材料。
        </span>
      ) : (
        <span className="small">
          {unit}本月没有待处理的约谈、挂牌督办建议；如确需约谈，先到<a href="#/register">问责台账</a>核实。
        </span>
      )}
    </span>
  );
}

function DossierSection({
  month,
  runId,
  units,
  unitsError,
  preview,
  linkedUnit,
  busy,
  progress,
  outcomes,
  basis,
  onGenerate,
  issuedOn,
  blocked,
}: {
  /** The 印发日期 chosen above; the 整改期限 must fall after it. */
  issuedOn: string;
  /** No signer, or no valid 印发日期: nothing can be issued. */
  blocked: boolean;
  month: string;
  runId: number | null;
  units: string[] | null;
  unitsError: string | null;
  preview: MonthlyReportData | null;
  linkedUnit: string | null;
  busy: string | null;
  progress: ApiEvents['progress'] | null;
  outcomes: Record<string, Outcome>;
  /** What each unit's dossier would rest on; null while unknown (the core still refuses without a decision). */
  basis: Map<string, DossierBasis> | null;
  onGenerate: (unit: string, format: 'docx' | 'pdf', rectifyBy: string, draft?: boolean) => void;
}) {
  const [rectify, setRectify] = useState<Record<string, string>>({});
  const linkedRow = useRef<HTMLTableRowElement>(null);
  const list = useMemo(() => (units && linkedUnit && !units.includes(linkedUnit) ? [...units, linkedUnit] : (units ?? [])), [units, linkedUnit]);

  // a link from 问责台账 brings its unit into view
  useEffect(() => {
    if (linkedUnit && units) requestAnimationFrame(() => linkedRow.current?.scrollIntoView?.({ block: 'center' }));
  }, [linkedUnit, units]);

  return (
    <div className="panel report-section dossier-section" aria-labelledby="dossier-title">
      <div className="toolbar">
        <h2 id="dossier-title">约谈材料（{formatMonthCn(month)}）</h2>
        <span className="muted small">{runId !== null ? `依据评估 #${runId}` : '依据与月度通报相同的评估'}</span>
      </div>
      <p className="muted section-note">
        为本月有滞后、严重滞后或逾期未完成事项的单位生成约谈材料：列明滞后目标及其数据、所违反的方案条款原文、台账证据、此前的预警和问责记录，提出整改要求和期限。Word 版可编辑修改，PDF 版用于印发存档。正式材料须先在<a href="#/register">问责台账</a>中对该单位本月作出约谈或挂牌督办决定，文字随决定措辞；尚未决定时只能生成草稿（标注“草稿”，不登记为印发）。
      </p>
      {unitsError && <ErrorBanner message={unitsError} />}
      {units === null && !unitsError ? (
        <Loading what="需要约谈材料的单位" />
      ) : list.length === 0 ? (
        <p className="muted empty-hint">本月没有滞后、严重滞后或逾期未完成的单位，不需要约谈材料。</p>
      ) : (
        <table className="report-table dossier-table" aria-label="约谈材料">
          <thead>
            <tr>
              <th className="left">单位</th>
              <th className="left">本月滞后事项</th>
              <th className="left">问责决定</th>
              <th className="left">整改期限</th>
              <th className="left">生成</th>
            </tr>
          </thead>
          <tbody>
            {list.map((unit) => {
              const value = rectify[unit] ?? defaultRectifyBy(month);
              const problem = rectifyProblem(value, month, issuedOn);
              const summary = behindSummary(preview, unit);
              const outcome = outcomes[unit];
              const mine = busy?.startsWith(`dossier:${unit}:`) ?? false;
              const linked = unit === linkedUnit;
              const b = basis?.get(unit);
              // known to have no 约谈 or 挂牌督办 decision: only a draft can be written
              const undecided = b !== undefined && b.decisions.length === 0;
              const why = undecided ? `问责台账中还没有对${unit}作出约谈或挂牌督办的决定，只能生成草稿。请先到“问责台账”处理问责建议。` : undefined;
              return (
                <Fragment key={unit}>
                  <tr ref={linked ? linkedRow : undefined} className={linked ? 'dossier-row linked' : 'dossier-row'} data-unit={unit}>
                    <th scope="row" className="left unit-name">
                      {unit}
                      {linked && <span className="link-tag">来自问责台账</span>}
                    </th>
                    <td className="left">
                      {summary.length > 0 ? (
                        <span className="behind-chips">
                          {summary.map((s) => (
                            <span key={s.status} className={`status-badge st-${s.status}`}>
                              {STATUS_LABEL[s.status]} {s.n}
                            </span>
                          ))}
                        </span>
                      ) : (
                        <span className="muted">{preview ? '本月没有滞后事项（可能有待处理的问责建议）' : '—'}</span>
                      )}
                    </td>
                    <td className="left decision-cell">
                      <DecisionSummary unit={unit} basis={b} />
                    </td>
                    <td className="left">
                      <input
                        type="date"
                        className={problem ? 'date-input bad' : 'date-input'}
                        value={value}
                        min={`${defaultRectifyBy(month).slice(0, 8)}01`}
                        onChange={(e) => setRectify((r) => ({ ...r, [unit]: e.target.value }))}
                        aria-label={`${unit}整改期限`}
                        aria-invalid={problem !== null}
                      />
                      {problem ? <span className="error-line small field-problem">{problem}</span> : <span className="muted small field-hint">{formatDateCn(value)}前</span>}
                    </td>
                    <td className="left actions-cell">
                      <button type="button" disabled={busy !== null || problem !== null || undecided || blocked} title={why} onClick={() => onGenerate(unit, 'docx', value)}>
                        {busy === `dossier:${unit}:docx` ? '正在生成……' : '生成 Word'}
                      </button>
                      <button type="button" className="secondary" disabled={busy !== null || problem !== null || undecided || blocked} title={why} onClick={() => onGenerate(unit, 'pdf', value)}>
                        {busy === `dossier:${unit}:pdf` ? '正在生成……' : '生成 PDF'}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy !== null || problem !== null || blocked}
                        title="标题和页眉标注“草稿”，不登记为印发，不要求已作出决定"
                        onClick={() => onGenerate(unit, 'docx', value, true)}
                      >
                        {busy === `dossier:${unit}:draft` ? '正在生成……' : '生成草稿'}
                      </button>
                    </td>
                  </tr>
                  {(mine || outcome) && (
                    <tr className="dossier-outcome-row">
                      <td colSpan={5}>
                        {mine ? <ReportProgress progress={progress} busyText={`正在生成${unit}的约谈材料……`} label={`${unit}约谈材料生成进度`} /> : outcome && <OutcomeView outcome={outcome} compact />}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ReportsPage() {
  const [link, setLink] = useState<Link>(linkFromHash);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [dataMonths, setDataMonths] = useState<string[] | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [preview, setPreview] = useState<{ key: string; data: MonthlyReportData & { saved: boolean } } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [units, setUnits] = useState<{ month: string; list: string[] } | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const [basis, setBasis] = useState<{ month: string; list: DossierBasis[] } | null>(null);
  const [emptyConfirmed, setEmptyConfirmed] = useState(false);
  const [reports, setReports] = useState<IssuedReportView[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<ApiEvents['progress'] | null>(null);
  const [monthly, setMonthly] = useState<Outcome | null>(null);
  const [dossiers, setDossiers] = useState<Record<string, Outcome>>({});
  const [listOutcome, setListOutcome] = useState<{ text: string; outcome: Outcome | null; delivery?: Delivery | null } | null>(null);
  const [refresh, setRefresh] = useState(0);
  // the date the documents bear: the core's today in Beijing (the preview is dated with it) unless the analyst dates them otherwise
  const [issuedOnChoice, setIssuedOn] = useState<string | null>(null);
  const issuedOn = issuedOnChoice ?? (preview ? beijingDate(preview.data.issuedAt) : todayInBeijing(new Date()));
  const [analyst, setAnalyst] = useState<string | null>(null);
  useEffect(() => {
    invoke('workspaceSettings.get', {}).then(
      (s) => setAnalyst(s.analyst),
      () => setAnalyst(null),
    );
  }, []);

  // a link from 问责台账 (#/reports?unit=盂县&month=2020-08) may arrive while the page is open
  useEffect(() => {
    const onHash = () => setLink(linkFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (link.month) {
      setMonth(link.month);
      setRunId(null);
    }
  }, [link]);

  // what was issued for one month is not shown under another
  useEffect(() => {
    setMonthly(null);
    setDossiers({});
    setListOutcome(null);
    setEmptyConfirmed(false);
  }, [month]);

  useEffect(() => onEvent('progress', (p) => p.stage === 'report' && setProgress(p)), []);

  const loadRuns = useCallback(() => {
    invoke('assess.runs', {}).then(setRuns, (e: unknown) => {
      setRuns([]);
      setPreviewError(message(e));
    });
  }, []);
  useEffect(loadRuns, [loadRuns]);
  useEffect(() => {
    invoke('submissions.list', {}).then(
      (subs) => setDataMonths([...new Set(subs.map((s) => s.period))].sort()),
      () => setDataMonths([]),
    );
  }, []);

  const loadReports = useCallback(() => {
    invoke('reports.list', {}).then(
      (rs) => {
        setReports(rs);
        setListError(null);
      },
      (e: unknown) => setListError(message(e)),
    );
  }, []);
  useEffect(loadReports, [loadReports]);

  // the month opens on the latest one assessed and saved, else the latest with returns
  useEffect(() => {
    if (month !== null || runs === null || dataMonths === null) return;
    const latestRun = runs.reduce<string | null>((m, r) => (m === null || r.asOf.slice(0, 7) > m ? r.asOf.slice(0, 7) : m), null);
    setMonth(latestRun ?? dataMonths[dataMonths.length - 1] ?? '2020-09');
  }, [month, runs, dataMonths]);

  const previewKey = month ? `${month}|${runId ?? ''}|${refresh}` : '';
  useEffect(() => {
    if (!month) return;
    let live = true;
    setPreviewError(null);
    invoke('reports.preview', { month, ...(runId !== null ? { runId } : {}) }).then(
      (data) => live && setPreview({ key: previewKey, data }),
      (e: unknown) => {
        if (!live) return;
        setPreview(null);
        setPreviewError(message(e));
      },
    );
    return () => {
      live = false;
    };
  }, [previewKey]);

  useEffect(() => {
    if (!month) return;
    let live = true;
    setUnitsError(null);
    invoke('reports.dossierUnits', { month, ...(runId !== null ? { runId } : {}) }).then(
      (list) => live && setUnits({ month, list }),
      (e: unknown) => live && setUnitsError(message(e)),
    );
    // without it the buttons stay as they are and the core's refusal says what to decide
    invoke('reports.dossierBasis', { month, ...(runId !== null ? { runId } : {}) }).then(
      (list) => live && setBasis({ month, list }),
      () => live && setBasis(null),
    );
    return () => {
      live = false;
    };
  }, [month, runId, refresh]);

  const months = useMemo(() => {
    const saved = (runs ?? []).map((r) => r.asOf.slice(0, 7));
    return [...new Set([...monthOptions('2020-01', '2020-12'), ...saved, ...(dataMonths ?? []), ...(month ? [month] : [])])].sort();
  }, [runs, dataMonths, month]);
  const savedMonths = useMemo(() => new Set((runs ?? []).map((r) => r.asOf.slice(0, 7))), [runs]);
  const monthRuns = useMemo(() => (runs ?? []).filter((r) => month && r.asOf.slice(0, 7) === month).sort((a, b) => b.id - a.id), [runs, month]);

  const afterIssue = () => {
    loadReports();
    loadRuns();
    setRefresh((n) => n + 1);
  };

  const generateMonthly = async () => {
    if (!month) return;
    setBusy('monthly');
    setProgress(null);
    setMonthly(null);
    try {
      const r: IssuedFile = await invoke('reports.monthly', { month, issuedOn, ...(runId !== null ? { runId } : {}), ...(noReturns ? { force: true } : {}) });
      setMonthly({ ok: true, report: r.report, ...(await deliver(r.file)) });
      afterIssue();
    } catch (e) {
      setMonthly({ ok: false, error: message(e) });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const generateDossier = async (unit: string, format: 'docx' | 'pdf', rectifyBy: string, draft = false) => {
    if (!month) return;
    setBusy(`dossier:${unit}:${draft ? 'draft' : format}`);
    setProgress(null);
    setDossiers((d) => {
      const rest = { ...d };
      delete rest[unit];
      return rest;
    });
    let outcome: Outcome;
    try {
      const req = { unit, month, format, rectifyBy, issuedOn, ...(runId !== null ? { runId } : {}) };
      if (draft) {
        const r = await invoke('reports.dossierDraft', req);
        outcome = { ok: true, draft: { fileName: r.file.fileName, headline: `已生成${unit}约谈材料草稿（Word）` }, ...(await deliver(r.file)) };
        loadRuns();
      } else {
        const r = await invoke('reports.dossier', req);
        const label = r.report.fileName.startsWith('挂牌督办材料') ? '挂牌督办材料' : '约谈材料';
        outcome = { ok: true, report: r.report, ...(await deliver(r.file)), headline: `已生成${unit}${label}（${format === 'pdf' ? 'PDF' : 'Word'}）` };
        afterIssue();
      }
    } catch (e) {
      outcome = { ok: false, error: message(e) };
    } finally {
      setBusy(null);
      setProgress(null);
    }
    setDossiers((d) => ({ ...d, [unit]: outcome }));
  };

  const download = async (r: IssuedReportView) => {
    setBusy(`file:${r.id}`);
    setListOutcome(null);
    try {
      const file = await invoke('reports.file', { id: r.id });
      const { delivery, saveError } = await deliver(file);
      setListOutcome(saveError ? { text: '', outcome: { ok: false, error: saveError } } : { text: `第 ${r.id} 号原件（与印发时逐字节相同）`, outcome: null, delivery });
    } catch (e) {
      setListOutcome({ text: '', outcome: { ok: false, error: message(e) } });
    } finally {
      setBusy(null);
    }
  };

  const reissue = async (r: IssuedReportView) => {
    setBusy(`reissue:${r.id}`);
    setListOutcome(null);
    try {
      const out = await invoke('reports.reissue', { id: r.id });
      const note = out.identical
        ? '与原件逐字节相同（SHA-256 一致）。'
        : '依据原件数据重建：所用评估、台账和文字与原件相同，之后导入或更正的台账不计入；文件内部的生成信息不同，故 SHA-256 与原件不同。';
      setListOutcome({
        text: '',
        outcome: { ok: true, report: out.report, ...(await deliver(out.file)), headline: `已按第 ${r.id} 号原样重新生成（新记录 #${out.report.id}）`, note },
      });
      loadReports();
    } catch (e) {
      setListOutcome({ text: '', outcome: { ok: false, error: message(e) } });
    } finally {
      setBusy(null);
    }
  };

  const latestRef = useRef({ download, reissue });
  latestRef.current = { download, reissue };
  const onDownload = useCallback((r: IssuedReportView) => void latestRef.current.download(r), []);
  const onReissue = useCallback((r: IssuedReportView) => void latestRef.current.reissue(r), []);
  const gridActions = useMemo(() => ({ busy, onDownload, onReissue }), [busy, onDownload, onReissue]);

  if (month === null) return previewError ? <ErrorBanner message={previewError} /> : <Loading what="报告" />;

  // a briefing for a month nobody reported says nothing about the month: warn, and issue it only when confirmed
  const noReturns = dataMonths !== null && !dataMonths.includes(month);
  const basisMap = basis && basis.month === month ? new Map(basis.list.map((b) => [b.unit, b])) : null;

  const shown = preview && preview.key === previewKey ? preview.data : null;
  const stale = preview !== null && preview.key !== previewKey;
  const selectedRun = runId !== null ? monthRuns.find((r) => r.id === runId) : undefined;
  const savedRun = shown?.saved ? (runs ?? []).find((r) => r.id === shown.runId) : undefined;
  const issueProblem = issuedOn ? issueDateProblem(issuedOn, month) : '请填写印发日期（年-月-日）。';
  const blocked = issueProblem !== null || !analyst;

  return (
    <section className="page reports-page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">报告</h1>
          <p className="subtitle">生成月度通报工作簿和约谈材料（Word、PDF）。报告总是依据一次已保存的考核评估，每份都登记印发记录，可按原样重新生成。</p>
        </div>
      </header>

      <div className="toolbar panel assess-controls report-controls">
        <label>
          月份{' '}
          <select
            value={month}
            onChange={(e) => {
              setMonth(e.target.value);
              setRunId(null);
            }}
            aria-label="月份"
            disabled={busy !== null}
          >
            {months.map((m) => (
              <option key={m} value={m}>
                {formatMonthCn(m)}
                {savedMonths.has(m) ? '（已保存评估）' : dataMonths?.includes(m) ? '（有报送）' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          依据评估{' '}
          <select value={runId ?? ''} onChange={(e) => setRunId(e.target.value ? Number(e.target.value) : null)} aria-label="依据评估" disabled={busy !== null}>
            <option value="">{monthRuns.length > 0 ? '自动：与当前台账一致的最新评估' : '自动：生成时保存本月评估'}</option>
            {monthRuns.map((r, i) => (
              <option key={r.id} value={r.id}>
                #{r.id} 截至{formatDateCn(r.asOf)} · {formatDateTime(r.computedAt)} {r.computedBy}
                {i === 0 ? '（最新）' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <IssueStamp issuedOn={issuedOn} onChange={setIssuedOn} problem={issueProblem} analyst={analyst} disabled={busy !== null} />
        <button
          type="button"
          className="primary-action"
          onClick={() => void generateMonthly()}
          disabled={busy !== null || !shown || blocked || (noReturns && !emptyConfirmed)}
          title={noReturns && !emptyConfirmed ? `${formatMonthCn(month)}没有任何单位报送台账：请先导入台账，或勾选下方“仍要生成本月通报”` : undefined}
        >
          {busy === 'monthly' ? '正在生成……' : '生成月度通报'}
        </button>
      </div>
      {noReturns && (
        <div className="notice-line no-returns" role="alert">
          <strong>{formatMonthCn(month)}没有任何单位报送台账。</strong>据此生成的通报只会把各项列为未报送或沿用此前的数据，不能反映本月进展，请先<a href="#/import">导入台账</a>，再到<a href="#/assess">考核评估</a>保存本月评估。
          <label className="check">
            <input type="checkbox" checked={emptyConfirmed} onChange={(e) => setEmptyConfirmed(e.target.checked)} /> 仍要生成本月通报（例如通报全市均未报送）
          </label>
        </div>
      )}

      {busy === 'monthly' && <ReportProgress progress={progress} busyText="正在生成月度通报……" label="月度通报生成进度" />}
      {monthly && (
        <div className="monthly-outcome">
          <OutcomeView outcome={monthly} />
        </div>
      )}

      {shown &&
        (runId !== null ? (
          <div className="run-banner saved" role="note">
            <strong>依据所选的评估 #{runId}</strong>
            {'\u3000'}截至{formatDateCn(shown.asOf)}
            {selectedRun ? `，${selectedRun.computedBy} 于 ${formatDateTime(selectedRun.computedAt)} 保存` : ''}；通报按保存时的数据生成，之后导入或更正的台账不计入。
            <button type="button" className="link" onClick={() => setRunId(null)}>
              改为自动选择
            </button>
          </div>
        ) : shown.saved ? (
          <div className="run-banner live" role="note">
            <strong>依据评估 #{shown.runId}</strong>
            {'\u3000'}截至{formatDateCn(shown.asOf)}
            {savedRun ? `，${savedRun.computedBy} 于 ${formatDateTime(savedRun.computedAt)} 保存` : ''}，与当前台账一致；生成时直接使用这次评估。
          </div>
        ) : (
          <div className="notice-line unsaved-line" role="note">
            <strong>本月还没有与当前台账一致的已保存评估，生成时将自动保存一次评估。</strong>
            {monthRuns.length > 0 ? `（评估 #${monthRuns[0]!.id} 保存后台账有变化。）` : ''}下面的预览按当前台账计算。
          </div>
        ))}
      {previewError && <ErrorBanner message={previewError} />}

      {shown ? (
        <div className={stale ? 'stale' : undefined}>
          <MonthlyPreview data={shown} saved={shown.saved || runId !== null} />
        </div>
      ) : (
        !previewError && <Loading what="通报预览" />
      )}

      <DossierSection
        month={month}
        runId={runId}
        units={units && units.month === month ? units.list : null}
        unitsError={unitsError}
        preview={shown}
        linkedUnit={link.unit && (!link.month || link.month === month) ? link.unit : null}
        busy={busy}
        progress={progress}
        outcomes={dossiers}
        basis={basisMap}
        onGenerate={(unit, format, rectifyBy, draft) => void generateDossier(unit, format, rectifyBy, draft)}
        issuedOn={issuedOn}
        blocked={blocked}
      />

      <div className="panel report-section issued-section" aria-labelledby="issued-title">
        <div className="toolbar">
          <h2 id="issued-title">已印发报告</h2>
          <span className="muted small">{reports ? `共 ${reports.length} 份` : ''}</span>
        </div>
        <p className="muted section-note">每份报告登记其截止日期、依据的评估和台账。“下载原件”取回印发时的文件；“按原样重新生成”用印发时记录的数据重建，不受之后导入或更正的台账影响。</p>
        {listError && <ErrorBanner message={listError} />}
        {busy?.startsWith('reissue:') && <ReportProgress progress={null} busyText={`正在按第 ${busy.slice(8)} 号原样重新生成……`} label="重新生成进度" />}
        {listOutcome &&
          (listOutcome.outcome ? (
            <OutcomeView outcome={listOutcome.outcome} compact />
          ) : (
            listOutcome.delivery && (
              <div className="issued-outcome compact" role="status">
                <p className="issued-head">
                  <strong>{listOutcome.text}</strong>
                </p>
                <DeliveryLine delivery={listOutcome.delivery} />
              </div>
            )
          ))}
        {reports ? <IssuedReportsGrid rows={reports} actions={gridActions} /> : !listError && <Loading what="印发记录" />}
      </div>
    </section>
  );
}

