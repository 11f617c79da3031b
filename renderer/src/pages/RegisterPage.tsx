import { useCallback, useEffect, useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from '../components/gridCopy';
import { printableGrid } from '../components/gridPrint';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import {
  DECISION_STATUS_LABEL,
  LEVEL_LABEL,
  LEVELS,
  type AssessmentView,
  type DecisionStatus,
  type Level,
  type ProposalView,
  type RegisterEntryView,
  type RunSummary,
} from '../../../shared/assessModels';
import type { TargetView } from '../../../shared/models';
import { formatDateCn, formatDateTime } from '../../../shared/format';
import { targetName } from '../../../shared/planNames';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from '../components/Status';
import { GRID_LOCALE, gridTheme, pickOneRow } from '../components/grid';

/** Narrow cell padding: the grids share the row with the side form and keep every column on a 1280-pixel screen. */
const registerTheme = gridTheme.withParams({ cellHorizontalPadding: 8 });
import { LEVEL_CLASS } from '../components/assessUi';
import { pageHref } from '../navigation';

type Action = 'confirm' | 'downgrade' | 'dismiss';
const ACTION_LABEL: Record<Action, string> = { confirm: '确认', downgrade: '降级', dismiss: '驳回' };
const LEVEL_RANK: Record<Level, number> = { warning: 1, interview: 2, supervision: 3 };

/** Where a register entry can go next: forward only. */
const NEXT_STATUS: Record<DecisionStatus, ('rectified' | 'closed')[]> = {
  rectifying: ['rectified', 'closed'],
  rectified: ['closed'],
  closed: [],
  dismissed: [],
};

/** 约谈 and 挂牌督办 come with written material: a link to the 报告 page with the unit and month chosen. */
function DossierLink({ unit, asOf, level }: { unit: string; asOf: string; level: Level | null }) {
  if (level !== 'interview' && level !== 'supervision') return null;
  return (
    <p className="dossier-link">
      <a className="button-link" href={pageHref('reports', { unit, month: asOf.slice(0, 7) })} title={`到“报告”页生成${unit}的约谈材料（依据截至${formatDateCn(asOf)}的评估）`}>
        生成约谈材料
      </a>
    </p>
  );
}

function LevelBadge({ level }: { level: Level | null }) {
  if (!level) return <span className="muted">—</span>;
  return <span className={`level-badge ${LEVEL_CLASS[level]}`}>{LEVEL_LABEL[level]}</span>;
}

function decisionText(d: NonNullable<ProposalView['decision']>): string {
  if (d.action === 'dismiss') return '已驳回';
  if (d.action === 'downgrade') return `降为${LEVEL_LABEL[d.level!]} · ${DECISION_STATUS_LABEL[d.status]}`;
  return `已确认 · ${DECISION_STATUS_LABEL[d.status]}`;
}

interface ProposalRow extends ProposalView {
  targetText: string;
}

/** 依据已变化, or 沿用至评估 #N when a newer run of the month proposes the same. */
const basisNote = (e: RegisterEntryView): string | null => (e.basisChanged ? '依据已变化' : e.carriedTo ? `沿用至评估 #${e.carriedTo}` : null);

const isPending = (p: ProposalView) => (p.state ? p.state === 'pending' : !p.decision);

/** Where a proposal stands, in a few words: a decision carried over from an earlier run of the month says so. */
function proposalStateText(p: ProposalView): string {
  if (p.state === 'superseded') return `已被评估 #${p.supersededBy} 取代`;
  if (!p.decision) return '待处理';
  const carried = p.decision.carriedFrom ? `沿用评估 #${p.decision.carriedFrom.runId} 的决定：` : '';
  return `${carried}${decisionText(p.decision)}`;
}

const proposalColumns: ColDef<ProposalRow>[] = [
  { field: 'unit', headerName: '单位', width: 68, wrapText: true, autoHeight: true },
  { field: 'targetText', headerName: '目标', flex: 1, minWidth: 150, wrapText: true, autoHeight: true, tooltipField: 'targetText' },
  {
    field: 'level',
    headerName: '建议等级',
    width: 84,
    cellRenderer: (p: ICellRendererParams<ProposalRow>) => <LevelBadge level={p.data?.level ?? null} />,
  },
  { field: 'reason', headerName: '理由', flex: 1.6, minWidth: 180, wrapText: true, autoHeight: true, tooltipField: 'reason' },
  {
    headerName: '处理',
    colId: 'decision',
    width: 124,
    tooltipValueGetter: (p) => (p.data ? proposalStateText(p.data) : null),
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => (p.data ? proposalStateText(p.data) : ''),
    cellClass: (p) =>
      !p.data || isPending(p.data) ? 'pending' : p.data.state === 'superseded' || p.data.decision?.action === 'dismiss' ? 'decided dismissed' : p.data.decision?.carriedFrom ? 'decided carried' : 'decided',
  },
];

function registerColumns(targetText: (id: string | null) => string): ColDef<RegisterEntryView>[] {
  return [
    { field: 'id', headerName: '编号', width: 52, cellClass: 'cell-center' },
    { field: 'unit', headerName: '单位', width: 68, wrapText: true, autoHeight: true },
    {
      headerName: '目标',
      colId: 'target',
      flex: 1,
      minWidth: 150,
      wrapText: true,
      autoHeight: true,
      valueGetter: (p) => (p.data ? targetText(p.data.target) : ''),
      tooltipValueGetter: (p) => (p.data ? targetText(p.data.target) : null),
    },
    {
      headerName: '问责等级',
      colId: 'level',
      width: 84,
      cellRenderer: (p: ICellRendererParams<RegisterEntryView>) => <LevelBadge level={p.data?.level ?? null} />,
    },
    {
      headerName: '处理',
      colId: 'action',
      width: 104,
      wrapText: true,
      autoHeight: true,
      valueGetter: (p) => (p.data ? (p.data.action === 'downgrade' ? `由${LEVEL_LABEL[p.data.proposedLevel]}降级` : ACTION_LABEL[p.data.action]) : ''),
    },
    {
      // the status, and under it what a newer run of the month says: carried over, or 依据已变化 to review
      headerName: '状态',
      colId: 'status',
      width: 112,
      autoHeight: true,
      valueGetter: (p) => (p.data ? `${DECISION_STATUS_LABEL[p.data.status]}${basisNote(p.data) ? ` ${basisNote(p.data)}` : ''}` : ''),
      cellRenderer: (p: ICellRendererParams<RegisterEntryView>) =>
        p.data ? (
          <span className="two-line">
            <span className={`ds-${p.data.status}`}>{DECISION_STATUS_LABEL[p.data.status]}</span>
            {basisNote(p.data) && <span className={p.data.basisChanged ? 'basis-changed' : 'muted'}>{basisNote(p.data)}</span>}
          </span>
        ) : null,
      tooltipValueGetter: (p) => p.data?.basisChanged ?? null,
    },
    {
      headerName: '决定人 · 时间',
      colId: 'decided',
      width: 128,
      autoHeight: true,
      valueGetter: (p) => (p.data ? `${p.data.decidedBy} ${formatDateTime(p.data.decidedAt)}` : ''),
      cellRenderer: (p: ICellRendererParams<RegisterEntryView>) =>
        p.data ? (
          <span className="two-line">
            <span>{p.data.decidedBy}</span>
            <span className="muted">{formatDateTime(p.data.decidedAt)}</span>
          </span>
        ) : null,
      tooltipValueGetter: (p) => (p.data ? `评估 #${p.data.runId}（截至${formatDateCn(p.data.asOf)}）· 理由：${p.data.reason}` : null),
    },
  ];
}

function DecideForm({ proposal, targetText, onDone }: { proposal: ProposalRow; targetText: string; onDone: (message: string) => void }) {
  const [action, setAction] = useState<Action>('confirm');
  const lower = LEVELS.filter((l) => LEVEL_RANK[l] < LEVEL_RANK[proposal.level]);
  const [level, setLevel] = useState<Level | ''>(lower[lower.length - 1] ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!proposal.id) return;
    if (reason.trim().length < 2) {
      setError('请写明处理理由。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const entry = await invoke('register.decide', {
        proposalId: proposal.id,
        action,
        reason: reason.trim(),
        ...(action === 'downgrade' && level ? { level } : {}),
      });
      const what =
        entry.action === 'dismiss' ? '已驳回' : entry.action === 'downgrade' ? `已降为${LEVEL_LABEL[entry.level!]}，进入整改` : `已确认${LEVEL_LABEL[entry.level!]}，进入整改`;
      onDone(`${proposal.unit}“${targetText}”：${what}（问责台账编号 ${entry.id}）。`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="decide-form" onSubmit={(e) => void submit(e)} aria-label="处理问责建议">
      <fieldset className="radio-row">
        <legend>处理方式</legend>
        {(['confirm', 'downgrade', 'dismiss'] as const).map((a) => (
          <label
            key={a}
            className={a === 'downgrade' && lower.length === 0 ? 'disabled' : undefined}
            title={a === 'downgrade' && lower.length === 0 ? `${LEVEL_LABEL[proposal.level]}已是最低一级，不能再降级；如认为不必问责，请选择“驳回”并写明理由。` : undefined}
          >
            <input type="radio" name="action" value={a} checked={action === a} disabled={a === 'downgrade' && lower.length === 0} onChange={() => setAction(a)} />
            {ACTION_LABEL[a]}
            {a === 'confirm' ? `（${LEVEL_LABEL[proposal.level]}）` : ''}
          </label>
        ))}
      </fieldset>
      {action === 'downgrade' && (
        <label className="field">
          降为
          <select value={level} onChange={(e) => setLevel(e.target.value as Level)} aria-label="降为">
            {lower.map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABEL[l]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        处理理由（必填）
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={4}
          maxLength={1000}
          aria-label="处理理由"
          placeholder={action === 'dismiss' ? '例如：已核实台账漏填，实际已完成改造，附佐证材料' : action === 'downgrade' ? '例如：已签订改造合同并明确完成时限' : '例如：经核实属实，按规定约谈'}
        />
      </label>
      {error && <p className="error-line" role="alert">{error}</p>}
      <button
        type="submit"
        disabled={busy || reason.trim().length === 0 || (action === 'downgrade' && !level)}
        title={reason.trim().length === 0 ? '请先在上面写明处理理由' : undefined}
      >
        {busy ? '正在提交……' : `提交${ACTION_LABEL[action]}`}
      </button>
    </form>
  );
}

function UpdateForm({ entry, onDone }: { entry: RegisterEntryView; onDone: (message: string) => void }) {
  // a decision whose basis changed may also be kept as it is, once reviewed
  const keep = entry.basisChanged && entry.status === 'rectifying' && entry.action !== 'dismiss' ? (['rectifying'] as const) : [];
  const options: ('rectifying' | 'rectified' | 'closed')[] = [...keep, ...NEXT_STATUS[entry.status]];
  const [status, setStatus] = useState<'rectifying' | 'rectified' | 'closed'>(options[0] ?? 'closed');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (options.length === 0) {
    return <p className="muted">{entry.status === 'closed' ? '该记录已销号，流程结束。' : '已驳回的建议不进入整改流程。'}</p>;
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (note.trim().length < 2) {
      setError('请写明依据（如整改报告文号、核查情况）。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await invoke('register.update', { decisionId: entry.id, status, note: note.trim() });
      onDone(
        status === 'rectifying'
          ? `问责台账编号 ${updated.id}（${updated.unit}）已复核，维持“${DECISION_STATUS_LABEL[updated.status]}”。`
          : `问责台账编号 ${updated.id}（${updated.unit}）已变更为“${DECISION_STATUS_LABEL[updated.status]}”。`,
      );
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="decide-form" onSubmit={(e) => void submit(e)} aria-label="推进整改状态">
      <label className="field">
        变更为
        <select value={status} onChange={(e) => setStatus(e.target.value as 'rectifying' | 'rectified' | 'closed')} aria-label="变更为">
          {options.map((s) => (
            <option key={s} value={s}>
              {s === 'rectifying' ? '维持整改中（已复核）' : DECISION_STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        依据说明（必填）
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={1000} aria-label="依据说明" placeholder="例如：盂县大气办报送整改报告（盂气办〔2020〕15号），现场核查属实" />
      </label>
      {error && <p className="error-line" role="alert">{error}</p>}
      <button type="submit" disabled={busy || note.trim().length === 0}>
        {busy ? '正在提交……' : '提交'}
      </button>
    </form>
  );
}

export function RegisterPage() {
  const planApi = useApi('plan.get', {});
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [view, setView] = useState<AssessmentView | null>(null);
  const [register, setRegister] = useState<RegisterEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [proposalId, setProposalId] = useState<number | null>(null);
  const [entryId, setEntryId] = useState<number | null>(null);
  const [onlyPending, setOnlyPending] = useState(false);
  const [entryFilter, setEntryFilter] = useState<'' | DecisionStatus>('');

  const targets = useMemo(() => {
    const m = new Map<string, TargetView>();
    if (planApi.value.state === 'ready') {
      const p = planApi.value.data;
      for (const t of [...p.goals, ...p.tasks.flatMap((x) => x.targets), ...p.provisions.flatMap((x) => x.targets)]) m.set(t.id, t);
    }
    return m;
  }, [planApi.value]);
  const targetText = useCallback((id: string | null) => (id ? (targets.has(id) ? targetName(targets.get(id)!) : id) : '（不针对具体目标）'), [targets]);

  useEffect(() => {
    invoke('assess.runs', {}).then(
      (rs) => {
        setRuns(rs);
        setRunId((cur) => cur ?? rs[0]?.id ?? null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  const loadRun = useCallback(() => {
    if (runId === null) return;
    invoke('assess.open', { runId }).then(setView, (e: Error) => setError(e.message));
  }, [runId]);
  useEffect(loadRun, [loadRun]);

  const loadRegister = useCallback(() => {
    invoke('register.list', {}).then(setRegister, (e: Error) => setError(e.message));
  }, []);
  useEffect(loadRegister, [loadRegister]);

  const proposalRows = useMemo<ProposalRow[]>(
    () => (view?.proposals ?? []).filter((p) => !onlyPending || isPending(p)).map((p) => ({ ...p, targetText: targetText(p.target) })),
    [view, onlyPending, targetText],
  );
  const entries = useMemo(() => register.filter((e) => !entryFilter || e.status === entryFilter), [register, entryFilter]);
  const regColumns = useMemo(() => registerColumns(targetText), [targetText]);

  if (runs === null || planApi.value.state === 'loading') return error ? <ErrorBanner message={error} /> : <Loading what="问责台账" />;

  const proposal = proposalRows.find((p) => p.id === proposalId) ?? view?.proposals.map((p) => ({ ...p, targetText: targetText(p.target) })).find((p) => p.id === proposalId) ?? null;
  const entry = register.find((e) => e.id === entryId) ?? null;
  const pending = view ? view.proposals.filter(isPending).length : 0;
  const carried = view ? view.proposals.filter((p) => p.state === 'carried').length : 0;
  const supersededBy = view?.proposals.find((p) => p.state === 'superseded')?.supersededBy ?? null;
  const changed = register.filter((e) => e.basisChanged);

  const done = (text: string) => {
    setMessage(text);
    loadRun();
    loadRegister();
  };

  return (
    <section className="page register-page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">问责台账</h1>
          <p className="subtitle">考核评估按升级规则提出预警、约谈、挂牌督办建议；建议不是决定，须由分析人员逐条确认、降级或驳回并写明理由，整改直至销号，全程留痕。</p>
        </div>
      </header>
      {error && <ErrorBanner message={error} />}

      {runs.length === 0 ? (
        <div className="notice">
          <p className="notice-title">尚未保存任何考核评估，因此还没有问责建议。</p>
          <p>
            问责建议来自已保存的月度评估。请先到<a href="#/assess">考核评估</a>选择截止日期并点击“保存本月评估”，再回到这里处理建议。
          </p>
        </div>
      ) : (
        <>
          <div className="toolbar panel assess-controls">
            <label>
              评估{' '}
              <select
                value={runId ?? ''}
                onChange={(e) => {
                  setRunId(Number(e.target.value));
                  setProposalId(null);
                  setMessage(null);
                }}
                aria-label="评估"
              >
                {runs.map((r, i) => (
                  <option key={r.id} value={r.id}>
                    #{r.id} · 截至{formatDateCn(r.asOf)} · {formatDateTime(r.computedAt)} {r.computedBy}
                    {i === 0 ? '（最新）' : ''}
                  </option>
                ))}
              </select>
            </label>
            {view && (
              <span className="muted">
                共 {view.proposals.length} 条建议，待处理 {pending} 条{carried > 0 ? `，沿用原决定 ${carried} 条` : ''}
              </span>
            )}
            <span className="spacer" />
            <a href="#/assess">返回考核评估</a>
          </div>
          {message && (
            <div className="notice-line ok" role="status">
              {message}
            </div>
          )}

          {supersededBy !== null && (
            <div className="notice-line" role="note">
              评估 #{runId} 之后，本月又保存了评估 #{supersededBy}：同一单位、目标和月份的建议只在最新一次评估中处理，已作的决定自动沿用，不会重复待处理。
              <button type="button" className="link" onClick={() => setRunId(supersededBy)}>
                转到评估 #{supersededBy}
              </button>
            </div>
          )}

          <div className="panel register-section">
            <div className="toolbar">
              <h2>问责建议（评估 #{runId}）</h2>
              <label className="check">
                <input type="checkbox" checked={onlyPending} onChange={(e) => setOnlyPending(e.target.checked)} /> 只看待处理
              </label>
            </div>
            <div className="register-layout">
              <div className="proposals-grid">
                <AgGridReact<ProposalRow>
                  {...copyOnCtrlC}
                  {...printableGrid}
                  theme={registerTheme}
                  localeText={{ ...GRID_LOCALE, noRowsToShow: view && view.proposals.length === 0 ? '本次评估没有问责建议' : '没有待处理的建议' }}
                  rowData={proposalRows}
                  columnDefs={proposalColumns}
                  {...pickOneRow(proposalId)}
                  onRowClicked={(e) => {
                    if (e.data?.id) setProposalId(e.data.id);
                  }}
                />
              </div>
              <aside className="side-form" aria-label="建议处理">
                {proposal ? (
                  <>
                    <h3>
                      {proposal.unit} · <LevelBadge level={proposal.level} />
                    </h3>
                    <p className="side-target">{proposal.targetText}</p>
                    <p className="side-reason">{proposal.reason}</p>
                    {view && (
                      <DossierLink
                        unit={proposal.unit}
                        asOf={view.asOf}
                        level={proposal.decision ? (proposal.decision.action === 'dismiss' ? null : (proposal.decision.level ?? proposal.level)) : proposal.level}
                      />
                    )}
                    {proposal.state === 'superseded' ? (
                      <p className="muted">本月已保存更新的评估 #{proposal.supersededBy}，请在该次评估中处理这条建议。</p>
                    ) : proposal.decision ? (
                      <dl className="detail-list single">
                        {proposal.decision.carriedFrom && (
                          <div>
                            <dt>沿用</dt>
                            <dd>评估 #{proposal.decision.carriedFrom.runId} 提出了相同的建议（同一单位、目标、等级），其决定沿用到本次评估，不需重复处理。</dd>
                          </div>
                        )}
                        <div>
                          <dt>处理</dt>
                          <dd>{decisionText(proposal.decision)}</dd>
                        </div>
                        <div>
                          <dt>理由</dt>
                          <dd>{proposal.decision.reason}</dd>
                        </div>
                        <div>
                          <dt>决定人</dt>
                          <dd>
                            {proposal.decision.by}，{formatDateTime(proposal.decision.at)}
                          </dd>
                        </div>
                      </dl>
                    ) : (
                      <DecideForm key={proposal.id} proposal={proposal} targetText={proposal.targetText} onDone={done} />
                    )}
                  </>
                ) : (
                  <p className="muted">在左侧选择一条建议，确认、降级或驳回，并写明理由。</p>
                )}
              </aside>
            </div>
          </div>
        </>
      )}

      <div className="panel register-section">
        <div className="toolbar">
          <h2>问责台账</h2>
          <label>
            状态{' '}
            <select value={entryFilter} onChange={(e) => setEntryFilter(e.target.value as '' | DecisionStatus)} aria-label="按状态筛选">
              <option value="">全部</option>
              {(['rectifying', 'rectified', 'closed', 'dismissed'] as const).map((s) => (
                <option key={s} value={s}>
                  {DECISION_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">共 {register.length} 条（每个单位、目标、月份一条）</span>
        </div>
        {changed.length > 0 && (
          <div className="notice-line basis-changed-line" role="note">
            <strong>{changed.length} 条决定依据已变化</strong>：同月更新的评估不再提出或改变了这些建议（如更正后的台账改变了完成情况），请逐条复核。
          </div>
        )}
        <div className="register-layout">
          <div className="entries-grid">
            <AgGridReact<RegisterEntryView>
              {...copyOnCtrlC}
              {...printableGrid}
              theme={registerTheme}
              localeText={{ ...GRID_LOCALE, noRowsToShow: '问责台账为空：处理上面的建议后，决定记入这里' }}
              rowData={entries}
              columnDefs={regColumns}
              {...pickOneRow(entryId)}
              onRowClicked={(e) => e.data && setEntryId(e.data.id)}
            />
          </div>
          <aside className="side-form" aria-label="整改跟踪">
            {entry ? (
              <>
                <h3>
                  编号 {entry.id} · {entry.unit} · <LevelBadge level={entry.level} /> <span className={`ds-badge ds-${entry.status}`}>{DECISION_STATUS_LABEL[entry.status]}</span>
                </h3>
                <p className="side-target">{targetText(entry.target)}</p>
                <p className="side-reason">
                  {entry.action === 'dismiss' ? '驳回' : entry.action === 'downgrade' ? `由${LEVEL_LABEL[entry.proposedLevel]}降为${LEVEL_LABEL[entry.level!]}` : `确认${LEVEL_LABEL[entry.level!]}`}
                  ：{entry.reason}（{entry.decidedBy}，{formatDateTime(entry.decidedAt)}）
                </p>
                {entry.basisChanged && (
                  <p className="notice-line basis-changed-line" role="note">
                    <strong>依据已变化：</strong>
                    {entry.basisChanged}
                  </p>
                )}
                {entry.carriedTo && <p className="muted small">评估 #{entry.carriedTo} 提出相同的建议，沿用本决定。</p>}
                {entry.action !== 'dismiss' && <DossierLink unit={entry.unit} asOf={entry.asOf} level={entry.level} />}
                <h4>经过</h4>
                <ol className="timeline">
                  {(entry.earlier ?? []).map((x) => (
                    <li key={`earlier-${x.id}`} className="replaced">
                      <span className="tl-when">评估 #{x.runId}</span> 建议{LEVEL_LABEL[x.proposedLevel]}，{x.decidedBy}
                      {x.action === 'dismiss' ? '驳回' : `${x.action === 'confirm' ? '确认' : '降为'}${LEVEL_LABEL[x.level!]}`}：{x.reason}（{formatDateTime(x.decidedAt)}；已被本条决定取代）
                    </li>
                  ))}
                  <li>
                    <span className="tl-when">评估 #{entry.runId}（截至{formatDateCn(entry.asOf)}）</span> 建议{LEVEL_LABEL[entry.proposedLevel]}：{entry.proposalReason}
                  </li>
                  {entry.events.map((ev, i) => (
                    <li key={i}>
                      <span className="tl-when">{formatDateTime(ev.at)}</span> {ev.by}：{DECISION_STATUS_LABEL[ev.status as DecisionStatus] ?? ev.status}——{ev.note}
                    </li>
                  ))}
                </ol>
                <UpdateForm key={`${entry.id}-${entry.status}-${entry.basisChanged ? 1 : 0}`} entry={entry} onDone={done} />
              </>
            ) : (
              <p className="muted">选择一条记录，查看处理经过并推进整改状态（已整改待核销、已销号）。</p>
            )}
          </aside>
        </div>
      </div>
    </section>
  );
}
