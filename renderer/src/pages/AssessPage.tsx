import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from '../components/gridCopy';
import { printInFull } from '../components/gridPrint';
import type { CellClickedEvent, ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import {
  CITY,
  LEVEL_LABEL,
  LEVELS,
  STATUS_LABEL,
  STATUSES,
  type AssessStatus,
  type AssessmentView,
  type ItemCounts,
  type ResultView,
  type RunSummary,
} from '../../../shared/assessModels';
import { LEDGER_LABEL, type LedgerKind, type PlanView, type TargetView } from '../../../shared/models';
import type { LedgerFieldView, LedgerRowView } from '../../../shared/ledgerModels';
import { describeTargetValue, formatDateCn, formatDateTime, formatMonthCn, formatTargetValue, monthOptions } from '../../../shared/format';
import { targetName, targetPlace } from '../../../shared/planNames';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from '../components/Status';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from '../components/grid';
import { EChart, type ChartOption } from '../components/EChart';
import { EvidenceGrid } from '../components/EvidenceGrid';
import { NextSteps } from '../components/NextSteps';
import { pct, resultTooltip, shownCompletion, STATUS_COLOR, STATUS_SHORT, withMeasure } from '../components/assessUi';
import { formatScore, IN_PROGRESS, milestoneConvention, milestoneWord } from '../../../shared/figures';
import { MonthSelect } from '../components/MonthSelect';
import { pageHref } from '../navigation';
import { effectiveText, planRefText, planTitle, versionName } from '../components/planVersionText';
import { ReturnsGrid } from '../components/ReturnsGrid';

/** The columns of the matrix, in the order the office reads them; the city last. */
const UNIT_ORDER = ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'];
const EVIDENCE_PAGE = 200;
/** Narrow cell padding: eight unit columns share the width. */
const matrixTheme = gridTheme.withParams({ cellHorizontalPadding: 6 });

type MatrixRow =
  | { kind: 'group'; key: string; title: string }
  | { kind: 'target'; key: string; target: TargetView; cells: Record<string, ResultView> };

interface Selection {
  target: string;
  unit: string;
}

/** The plan argument of assess.compute/save: omitted when the core should choose by the as-of date. */
function planArg(plan: number | null): { plan?: number } {
  return plan !== null ? { plan } : {};
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function planTargets(plan: PlanView): TargetView[] {
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

/** Where a target belongs in the matrix: 决战目标, a numbered task, or 决战保障. */
function groupOf(t: TargetView, plan: PlanView): { key: string; title: string } {
  if (t.task !== null) {
    const task = plan.tasks.find((x) => x.no === t.task);
    return { key: `task-${t.task}`, title: `任务${t.task}\u3000${task?.title ?? ''}${task && task.lead.length ? `（牵头：${task.lead.join('、')}）` : ''}` };
  }
  if (t.category === 'goal') return { key: 'goals', title: '二、决战目标' };
  return { key: 'provisions', title: '四、决战保障' };
}

/** The counties always; other units (阳煤集团) only when a row on show holds them to a target; the city last. */
function unitColumnsOf(rows: MatrixRow[]): string[] {
  const present = new Set(rows.flatMap((r) => (r.kind === 'target' ? Object.keys(r.cells) : [])));
  const extra = [...present].filter((u) => u !== CITY && !UNIT_ORDER.includes(u));
  return [...UNIT_ORDER, ...extra, ...(present.has(CITY) ? [CITY] : [])];
}

function MatrixCell(p: ICellRendererParams<MatrixRow>) {
  const unit = (p.colDef?.colId ?? '').slice(2);
  if (!p.data || p.data.kind !== 'target') return null;
  const r = p.data.cells[unit];
  if (!r) return <span className="mcell mcell-none">不适用</span>;
  if (r.status === 'no_data') return <span className="mcell">未报送</span>;
  const scale = (p.context as { scale: Record<string, number> }).scale;
  const word = r.detail.ledger === 'milestone' ? milestoneWord(r.actual, r.detail.progress, scale) : null;
  if (word) {
    // a milestone reads as its progress word; the score convention is stated under the matrix
    return (
      <span className="mcell">
        <span className="mc-main">
          <b>{word}</b>
          <span className="mc-tp"> / 序时{pct(r.timeProgress, 0)}</span>
        </span>
        <span className="mc-sub">{STATUS_SHORT[r.status]}</span>
      </span>
    );
  }
  if (r.status === 'no_target') {
    return (
      <span className="mcell">
        <span className="mc-main">待下达</span>
        {r.actual !== null && <span className="mc-sub">实际 {withMeasure(r.actual, p.data.target.measure)}</span>}
      </span>
    );
  }
  return (
    <span className="mcell">
      <span className="mc-main">
        <b>{shownCompletion(r.completion)}</b>
        <span className="mc-tp"> / 序时{pct(r.timeProgress, 0)}</span>
      </span>
      <span className="mc-sub">{STATUS_SHORT[r.status]}</span>
    </span>
  );
}

function TargetCell(p: ICellRendererParams<MatrixRow>) {
  if (!p.data || p.data.kind !== 'target') return null;
  const t = p.data.target;
  return (
    <span className="tcell">
      <span className="tc-desc">{t.description}</span>
      <span className="tc-value">
        {describeTargetValue(t)} · 截止{formatDateCn(t.deadline)}
      </span>
    </span>
  );
}

function GroupRow(p: ICellRendererParams<MatrixRow>) {
  return <div className="matrix-group">{p.data?.kind === 'group' ? p.data.title : ''}</div>;
}

/** The pinned target column takes a fifth of the grid, 200–320 pixels; the unit columns share the rest. */
function fitTargetColumn(api: GridApi<MatrixRow>, gridWidth: number): void {
  api.setColumnWidths([{ key: 'target', newWidth: Math.round(Math.min(320, Math.max(200, gridWidth * 0.2))) }]);
}

function matrixColumns(units: string[]): ColDef<MatrixRow>[] {
  return [
    {
      headerName: '任务',
      colId: 'task',
      width: 46,
      pinned: 'left',
      cellClass: 'cell-center task-no',
      valueGetter: (p) => (p.data?.kind === 'target' ? (p.data.target.task ?? (p.data.target.category === 'goal' ? '二' : '四')) : ''),
    },
    {
      headerName: '考核目标（目标值 · 截止日期）',
      colId: 'target',
      // sized with the grid (fitTargetColumn) so that 全市 never goes behind a scroll bar on a 1280-pixel screen
      width: 200,
      minWidth: 180,
      pinned: 'left',
      wrapText: true,
      autoHeight: true,
      cellRenderer: TargetCell,
      cellClass: 'target-cell',
      tooltipValueGetter: (p) => (p.data?.kind === 'target' ? `${p.data.target.description}\n${describeTargetValue(p.data.target)}` : null),
    },
    ...units.map(
      (u): ColDef<MatrixRow> => ({
        headerName: u,
        colId: `u:${u}`,
        flex: 1,
        minWidth: 96,
        headerClass: u === CITY ? 'city-header' : undefined,
        cellRenderer: MatrixCell,
        // a narrow column wraps the 序时 figure onto its own line rather than cutting it
        autoHeight: true,
        cellClass: (p) => {
          if (p.data?.kind !== 'target') return '';
          const r = p.data.cells[u];
          const sel = (p.context as { selected: Selection | null }).selected;
          const on = sel !== null && sel.target === p.data.target.id && sel.unit === u;
          return ['matrix-cell', r ? `st-${r.status}` : 'st-none', on ? 'matrix-cell-selected' : '', u === CITY ? 'city-cell' : ''].filter(Boolean);
        },
        tooltipValueGetter: (p) => {
          if (p.data?.kind !== 'target') return null;
          const r = p.data.cells[u];
          return r ? resultTooltip(r, p.data.target.measure) : `不适用：方案未将该目标分解到${u}，或没有应报台账载有${u}的这项数据`;
        },
      }),
    ),
  ];
}

function Legend({ counts, status, onStatus }: { counts: ItemCounts; status: AssessStatus | 'all'; onStatus: (s: AssessStatus | 'all') => void }) {
  return (
    <div className="legend chips" role="group" aria-label="图例和按状态筛选">
      <button type="button" className={status === 'all' ? 'chip on' : 'chip'} aria-pressed={status === 'all'} onClick={() => onStatus('all')} title="考核事项 = 考核目标 × 责任单位，不含各县区的全市合计">
        考核事项 {counts.items}
      </button>
      {STATUSES.map((s) => (
        <button key={s} type="button" className={status === s ? 'chip on' : 'chip'} aria-pressed={status === s} onClick={() => onStatus(status === s ? 'all' : s)}>
          <span className={`swatch st-${s}`} aria-hidden="true" />
          {STATUS_LABEL[s]} {counts.byStatus[s]}
        </button>
      ))}
      {counts.cityTotals > 0 && (
        <span className="muted small city-total-note" title="各县区数据相加的全市情况，仅供参照，不计入考核事项">
          另有全市合计 {counts.cityTotals} 个（不计入）
        </span>
      )}
    </div>
  );
}

function DetailPanel({ r, target, view }: { r: ResultView; target: TargetView; view: AssessmentView }) {
  const measure = target.measure;
  const isMilestone = target.kind === 'milestone';
  const value = r.value !== null && target.comparator ? formatTargetValue({ comparator: target.comparator, value: r.value, measure }) : describeTargetValue(target);
  const responsible = r.detail.responsible ?? (r.unit === CITY ? target.lead.join('、') || '各责任单位' : r.unit);
  return (
    <div className="result-detail" aria-label="评估明细">
      <h2>
        {r.unit} · {target.description}
      </h2>
      <p className="muted detail-sub">
        {targetPlace(target)} · {LEDGER_LABEL[r.detail.ledger]} · 截至{formatDateCn(view.asOf)}
      </p>
      <dl className="detail-list">
        <div>
          <dt>状态</dt>
          <dd>
            <span className={`status-badge st-${r.status}`}>{STATUS_LABEL[r.status]}</span>
          </dd>
        </div>
        <div>
          <dt>目标值</dt>
          <dd>{value}</dd>
        </div>
        <div>
          <dt>实际</dt>
          <dd>
            {isMilestone
              ? (milestoneWord(r.actual, r.detail.progress, view.settings.milestoneProgress) ?? '—')
              : withMeasure(r.actual, measure)}
            {isMilestone && milestoneWord(r.actual, r.detail.progress, view.settings.milestoneProgress) === IN_PROGRESS && (
              <span className="muted">（按 {pct(view.settings.milestoneProgress[IN_PROGRESS] ?? 0, 1)} 计入完成率和得分）</span>
            )}
          </dd>
        </div>
        <div>
          <dt>完成率</dt>
          <dd>
            {r.completion === null ? '—' : pct(r.completion, 2)}
            {r.completion !== null && r.completion > 1 && <span className="muted">（超额，矩阵中按 100% 显示）</span>}
          </dd>
        </div>
        <div>
          <dt>序时进度</dt>
          <dd>
            {pct(r.timeProgress, 1)}
            <span className="muted">（{formatDateCn(target.start)} 至 {formatDateCn(target.deadline)}）</span>
          </dd>
        </div>
        <div>
          <dt>责任单位</dt>
          <dd>{responsible}</dd>
        </div>
        <div className="wide">
          <dt>计算依据</dt>
          <dd>{r.status === 'no_data' ? (r.detail.missing ?? '未报送') : r.detail.basis || '—'}</dd>
        </div>
        {r.detail.notes && r.detail.notes.length > 0 && (
          <div className="wide">
            <dt>说明</dt>
            <dd>{r.detail.notes.join('；')}</dd>
          </div>
        )}
        {r.status === 'no_target' && (
          <div className="wide">
            <dt>提示</dt>
            <dd>
              目标值待下达：在<a href={pageHref('plan', { target: target.id, version: String(view.plan.versionId) })}>目标与分解</a>中录入分解值后即可考核。
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function unitChart(t: TargetView, row: Record<string, ResultView>, units: string[]): ChartOption {
  const rs = units.map((u) => row[u]).filter((r): r is ResultView => r !== undefined);
  const tps = new Set(rs.map((r) => r.timeProgress.toFixed(4)));
  const sameTp = tps.size <= 1;
  const tp = rs[0]?.timeProgress ?? 0;
  return {
    grid: { left: 48, right: sameTp ? 72 : 24, top: sameTp ? 24 : 36, bottom: 28 },
    ...(sameTp ? {} : { legend: { top: 4, data: ['完成率', '序时进度'] } }),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number }[];
        const r = rs[list[0]?.dataIndex ?? 0];
        return r ? resultTooltip(r, t.measure).replaceAll('\n', '<br/>') : '';
      },
    },
    xAxis: { type: 'category', data: rs.map((r) => r.unit), axisLabel: { interval: 0 } },
    // headroom above 100 % for the bar labels; the axis itself stops at 100 %
    yAxis: { type: 'value', min: 0, max: 1.12, interval: 0.2, axisLabel: { formatter: (v: number) => (v > 1.0001 ? '' : pct(v, 0)) } },
    series: [
      {
        name: '完成率',
        type: 'bar',
        barMaxWidth: 36,
        data: rs.map((r) => ({
          value: r.completion === null ? 0 : Math.min(1, Math.max(0, r.completion)),
          itemStyle: { color: STATUS_COLOR[r.status].strong },
          // labels sit inside tall bars, clear of the time-progress line
          label: {
            show: true,
            position: (r.completion ?? 0) > 0.2 ? 'insideTop' : 'top',
            color: (r.completion ?? 0) > 0.2 ? '#fff' : '#1d2733',
            fontSize: 11,
            formatter: r.status === 'no_data' ? '未报送' : r.status === 'no_target' ? '待下达' : shownCompletion(r.completion),
          },
        })),
        ...(sameTp
          ? {
              markLine: {
                symbol: 'none',
                data: [{ yAxis: tp }],
                lineStyle: { color: '#1f3a5f', type: 'dashed', width: 1.5 },
                label: { formatter: `序时进度\n${pct(tp, 0)}`, position: 'end', color: '#1f3a5f', lineHeight: 16 },
              },
            }
          : {}),
      },
      ...(sameTp
        ? []
        : [
            {
              name: '序时进度',
              type: 'line' as const,
              data: rs.map((r) => r.timeProgress),
              lineStyle: { color: '#1f3a5f', type: 'dashed' as const },
              itemStyle: { color: '#1f3a5f' },
            },
          ]),
    ],
  };
}

function rankingChart(view: AssessmentView): ChartOption {
  const ranked = [...view.ranking].sort((a, b) => a.rank - b.rank);
  return {
    grid: { left: 64, right: 64, top: 10, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const k = ranked[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        return k ? `第${k.rank}名\u3000${k.unit}<br/>综合得分 ${formatScore(k.score)}` : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => String(Math.round(v * 100)) } },
    yAxis: { type: 'category', inverse: true, data: ranked.map((k) => `${k.rank}. ${k.unit}`) },
    series: [
      {
        name: '综合得分',
        type: 'bar',
        barMaxWidth: 22,
        data: ranked.map((k) => ({ value: k.score, itemStyle: { color: k.rank === 1 ? '#2f9e55' : k.rank === ranked.length && ranked.length > 1 ? '#ef6c22' : '#3b82c4' } })),
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => formatScore(Number(p.value)) },
      },
    ],
  };
}

type TrendPoint = { month: string; completion: number | null; timeProgress: number; status: AssessStatus; saved: boolean };

function trendChart(points: TrendPoint[]): ChartOption {
  const top = Math.max(1, ...points.map((p) => p.completion ?? 0));
  return {
    grid: { left: 56, right: 32, top: 36, bottom: 28 },
    legend: { top: 4, data: ['完成率', '序时进度'] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = points[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!p) return '';
        return [
          `${formatMonthCn(p.month)}（${p.saved ? '已保存的评估' : '按当前台账计算'}）`,
          `完成率 ${p.completion === null ? '未报送' : pct(p.completion)}`,
          `序时进度 ${pct(p.timeProgress)}`,
          `状态 ${STATUS_LABEL[p.status]}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: points.map((p) => formatMonthCn(p.month).replace(/^\d{4}年/, '')), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: Math.ceil(top * 10) / 10, axisLabel: { formatter: (v: number) => pct(v, 0) } },
    series: [
      {
        name: '完成率',
        type: 'line',
        connectNulls: false,
        symbolSize: 9,
        lineStyle: { color: '#1f5fa8', width: 2 },
        itemStyle: { color: '#1f5fa8' },
        data: points.map((p) => ({ value: p.completion, itemStyle: { color: STATUS_COLOR[p.status].strong } })),
        label: { show: true, position: 'top', fontSize: 11, formatter: (x: { value: unknown }) => (x.value === null ? '' : pct(Number(x.value), 1)) },
      },
      {
        name: '序时进度',
        type: 'line',
        symbol: 'emptyCircle',
        lineStyle: { color: '#7b8794', type: 'dashed' },
        itemStyle: { color: '#7b8794' },
        data: points.map((p) => p.timeProgress),
      },
    ],
  };
}

function ReturnsTable({ view }: { view: AssessmentView }) {
  const months = useMemo(() => [...new Set(view.submissions.map((s) => s.period))].sort().reverse(), [view]);
  const [month, setMonth] = useState<string>('');
  const current = months.includes(month) ? month : (months.find((m) => m <= view.asOf.slice(0, 7)) ?? months[0] ?? '');
  const rows = view.submissions.filter((s) => s.period === current);
  const count = (st: string) => rows.filter((s) => s.status === st).length;
  return (
    <div className="panel returns-panel">
      <div className="toolbar">
        <h2>报送情况</h2>
        <label>
          月份{' '}
          <MonthSelect value={current} months={months} onChange={setMonth} ariaLabel="报送月份" />
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="muted">截至该日期没有应报送的台账。</p>
      ) : (
        <>
          <p className="muted returns-summary">
            {formatMonthCn(current)}台账应于 {formatDateCn(rows[0]!.dueOn)} 前报送：按时 {count('on_time')}，逾期报送 {count('late')}，未报送 {count('missing')}
            {count('pending') > 0 ? `，未到期 ${count('pending')}` : ''}。
          </p>
          <div className="returns-scroll">
            <ReturnsGrid rows={rows} />
          </div>
        </>
      )}
    </div>
  );
}

function ProposalsSummary({ view }: { view: AssessmentView }) {
  const n = view.proposals.length;
  const byLevel = LEVELS.map((l) => ({ l, n: view.proposals.filter((p) => p.level === l).length })).filter((x) => x.n > 0);
  const pending = view.proposals.filter((p) => (p.state ? p.state === 'pending' : !p.decision)).length;
  const carried = view.proposals.filter((p) => p.state === 'carried').length;
  const superseded = view.proposals.some((p) => p.state === 'superseded');
  return (
    <div className="panel proposals-summary">
      <h2>问责建议</h2>
      <p className="big-figure">
        <strong>{n}</strong> 条{byLevel.length > 0 && <span className="muted">（{byLevel.map((x) => `${LEVEL_LABEL[x.l]} ${x.n}`).join('、')}）</span>}
      </p>
      {view.runId === null ? (
        <p className="muted">建议按升级规则由本月状态和上月历史得出。保存本月评估后，可在问责台账中逐条确认、降级或驳回。</p>
      ) : (
        <p className="muted">
          {superseded
            ? '本月已保存更新的评估，这些建议在最新一次评估中处理。'
            : `已处理 ${n - pending} 条${carried > 0 ? `（其中沿用本月此前评估的决定 ${carried} 条）` : ''}，待处理 ${pending} 条。`}
        </p>
      )}
      <a className="button-link" href="#/register">
        前往问责台账
      </a>
    </div>
  );
}

export function AssessPage() {
  const versionsApi = useApi('plans.list', {});
  /** A version the analyst chose to assess against; null: the one in force at the as-of date. */
  const [planChoice, setPlanChoice] = useState<number | null>(null);
  const subsApi = useApi('submissions.list', {});
  const fieldsApi = useApi('ledgers.fields', {});
  const [asOf, setAsOf] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [view, setView] = useState<AssessmentView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: number; asOf: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const [selected, setSelected] = useState<Selection | null>(null);
  const [hideEmpty, setHideEmpty] = useState(true);
  const [query, setQuery] = useState('');
  const [statusFilter, setStatusFilter] = useState<AssessStatus | 'all'>('all');
  const [evidence, setEvidence] = useState<{ key: string; kind: LedgerKind; total: number; rows: LedgerRowView[] } | null>(null);
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const [trend, setTrend] = useState<{ key: string; points: TrendPoint[] } | null>(null);
  // the matrix lists the targets of the version the assessment was measured against
  const planApi = useApi('plan.get', view?.plan ? { version: view.plan.versionId } : {});
  const grid = useRef<GridApi<MatrixRow> | null>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const dataMonths = useMemo(() => (subsApi.value.state === 'ready' ? [...new Set(subsApi.value.data.map((s) => s.period))].sort() : []), [subsApi.value]);
  // every month of every loaded plan's year can be assessed, not only 2020's
  const planYears = useMemo(() => (versionsApi.value.state === 'ready' ? [...new Set(versionsApi.value.data.versions.map((v) => v.year))] : []), [versionsApi.value]);
  const months = useMemo(
    () => [...new Set([...monthOptions('2020-01', '2020-12'), ...planYears.flatMap((y) => monthOptions(`${y}-01`, `${y}-12`)), ...dataMonths])].sort(),
    [dataMonths, planYears],
  );

  // the as-of date defaults to the end of the latest month with returns
  useEffect(() => {
    if (asOf !== null || subsApi.value.state === 'loading') return;
    const latest = dataMonths[dataMonths.length - 1];
    setAsOf(latest ? monthEnd(latest) : '2020-09-30');
  }, [asOf, subsApi.value.state, dataMonths]);

  const loadRuns = useCallback(() => {
    invoke('assess.runs', {}).then(setRuns, (e: Error) => setError(e.message));
  }, []);
  useEffect(loadRuns, [loadRuns]);

  useEffect(() => {
    if (asOf === null && runId === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    const p = runId !== null ? invoke('assess.open', { runId }) : invoke('assess.compute', { asOf: asOf!, ...planArg(planChoice) });
    p.then(
      (v) => {
        if (!live) return;
        setView(v);
        setLoading(false);
      },
      (e: Error) => {
        if (!live) return;
        setError(e.message);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [asOf, runId, planChoice]);

  const plan = planApi.value.state === 'ready' ? planApi.value.data : null;
  const targets = useMemo(() => (plan ? new Map(planTargets(plan).map((t) => [t.id, t])) : new Map<string, TargetView>()), [plan]);

  const byTarget = useMemo(() => {
    const m = new Map<string, Record<string, ResultView>>();
    for (const r of view?.results ?? []) m.set(r.target, { ...(m.get(r.target) ?? {}), [r.unit]: r });
    return m;
  }, [view]);


  const { rows, hidden } = useMemo(() => {
    const out: MatrixRow[] = [];
    let hiddenCount = 0;
    if (!plan || !view) return { rows: out, hidden: 0 };
    const needle = query.trim().toLowerCase();
    let group = '';
    for (const t of planTargets(plan)) {
      const cells = byTarget.get(t.id);
      if (!cells) continue;
      const rs = Object.values(cells);
      if (hideEmpty && rs.every((r) => r.status === 'no_data' || r.status === 'no_target')) {
        hiddenCount++;
        continue;
      }
      if (statusFilter !== 'all' && !rs.some((r) => r.status === statusFilter)) continue;
      if (needle && !`${targetName(t)} ${describeTargetValue(t)}`.toLowerCase().includes(needle)) continue;
      const g = groupOf(t, plan);
      if (g.key !== group) {
        out.push({ kind: 'group', key: `g:${g.key}`, title: g.title });
        group = g.key;
      }
      out.push({ kind: 'target', key: `t:${t.id}`, target: t, cells });
    }
    return { rows: out, hidden: hiddenCount };
  }, [plan, view, byTarget, hideEmpty, statusFilter, query]);

  // an empty matrix says why: everything hidden for want of ledgers or values, or only the filter
  const emptyMatrixText =
    hideEmpty && hidden > 0 && statusFilter === 'all' && !query.trim()
      ? `${hidden} 个目标全部未报送或目标值待下达，已按勾选隐藏：导入台账、录入分解值后显示，或取消勾选查看`
      : '没有符合筛选条件的目标：点击“考核事项”显示全部';
  const unitKey = unitColumnsOf(rows).join('|');
  const units = useMemo(() => (unitKey ? unitKey.split('|') : []), [unitKey]);
  const columns = useMemo(() => matrixColumns(units), [units]);
  const scale = view?.settings.milestoneProgress;
  const context = useMemo(() => ({ selected, scale: scale ?? {} }), [selected, scale]);

  useEffect(() => {
    grid.current?.refreshCells({ force: true });
  }, [selected]);

  const selectedResult = selected ? byTarget.get(selected.target)?.[selected.unit] : undefined;
  const selectedTarget = selected ? targets.get(selected.target) : undefined;
  const evidenceKey = selected && view ? `${view.runId ?? 'live'}|${view.asOf}|${selected.target}|${selected.unit}` : '';

  // the rows behind the selected figure, from the same submissions the figure used
  useEffect(() => {
    if (!selected || !view || !selectedResult) return;
    let live = true;
    setEvidenceError(null);
    invoke('assess.evidence', { asOf: view.asOf, target: selected.target, unit: selected.unit, limit: EVIDENCE_PAGE, ...(view.runId !== null ? { runId: view.runId } : {}) }).then(
      (page) => live && setEvidence({ key: evidenceKey, kind: page.kind, total: page.total, rows: page.rows }),
      (e: Error) => live && setEvidenceError(e.message),
    );
    invoke('assess.trend', { target: selected.target, unit: selected.unit, asOf: view.asOf }).then(
      (points) => live && setTrend({ key: evidenceKey, points }),
      () => live && setTrend({ key: evidenceKey, points: [] }),
    );
    return () => {
      live = false;
    };
  }, [evidenceKey]);

  const loadMoreEvidence = () => {
    if (!selected || !view || !evidence) return;
    invoke('assess.evidence', {
      asOf: view.asOf,
      target: selected.target,
      unit: selected.unit,
      offset: evidence.rows.length,
      limit: EVIDENCE_PAGE,
      ...(view.runId !== null ? { runId: view.runId } : {}),
    }).then(
      (page) => setEvidence((e) => (e && e.key === evidenceKey ? { ...e, rows: [...e.rows, ...page.rows] } : e)),
      (e: Error) => setEvidenceError(e.message),
    );
  };

  const onCellClicked = (e: CellClickedEvent<MatrixRow>) => {
    if (e.data?.kind !== 'target') return;
    const colId = e.column.getColId();
    const cells = e.data.cells;
    let unit: string | undefined;
    if (colId.startsWith('u:')) unit = colId.slice(2);
    else unit = selected && cells[selected.unit] ? selected.unit : cells[CITY] ? CITY : Object.keys(cells)[0];
    if (!unit || !cells[unit]) return;
    setSelected({ target: e.data.target.id, unit });
    requestAnimationFrame(() => detailRef.current?.scrollIntoView({ block: 'start', behavior: 'auto' }));
  };

  const save = async () => {
    if (!asOf) return;
    setSaving(true);
    setError(null);
    try {
      const v = await invoke('assess.save', { asOf, ...planArg(planChoice), ...(note.trim() ? { note: note.trim() } : {}) });
      setSaved({ id: v.runId!, asOf: v.asOf });
      setNote('');
      setRunId(v.runId);
      setView(v);
      loadRuns();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  if (planApi.value.state === 'error') return <ErrorBanner message={planApi.value.message} />;
  if (planApi.value.state === 'loading' || asOf === null) return <Loading what="考核评估" />;

  const run = runId !== null ? runs.find((r) => r.id === runId) : undefined;
  // with one plan version there is nothing to tell saved runs apart by
  const severalVersions = versionsApi.value.state === 'ready' && versionsApi.value.data.versions.length > 1;
  const savedBefore = runs.find((r) => r.asOf === asOf);
  const fields: LedgerFieldView[] = evidence && fieldsApi.value.state === 'ready' ? fieldsApi.value.data[evidence.kind] : [];
  const shownEvidence = evidence && evidence.key === evidenceKey ? evidence : null;
  const heldBack =
    selectedResult && shownEvidence && selectedResult.detail.numerator !== undefined && selectedResult.detail.denominator !== undefined && shownEvidence.total === selectedResult.detail.denominator
      ? selectedResult.detail.denominator - selectedResult.detail.numerator
      : null;
  const trendPoints = trend && trend.key === evidenceKey ? trend.points : null;
  const monthOfAsOf = (view?.asOf ?? asOf).slice(0, 7);

  return (
    <section className="page assess-page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">考核评估</h1>
          <p className="subtitle">按截止日期把各单位台账与方案目标逐项对照：完成率、序时进度、状态和县区排名。点击矩阵中的单元格查看依据和台账行。</p>
        </div>
      </header>

      <div className="toolbar assess-controls panel">
        <label>
          截止日期{' '}
          <select
            value={runId === null ? asOf : ''}
            onChange={(e) => {
              setAsOf(e.target.value);
              setRunId(null);
              setSaved(null);
            }}
            aria-label="截止日期"
          >
            {runId !== null && <option value="">（查看已保存的评估）</option>}
            {months.map((m) => (
              <option key={m} value={monthEnd(m)}>
                {formatDateCn(monthEnd(m))}
                {dataMonths.includes(m) ? '（有报送）' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          方案{' '}
          <select
            value={runId === null && planChoice !== null ? String(planChoice) : ''}
            onChange={(e) => {
              setPlanChoice(e.target.value ? Number(e.target.value) : null);
              setSaved(null);
            }}
            disabled={runId !== null}
            aria-label="考核所依据的方案"
            className="assess-plan-choice"
            title={runId !== null ? '已保存的评估按保存时所依据的方案重现' : '默认按截止日期所在月份施行的方案版本计算；也可指定某一版本'}
          >
            <option value="">按考核月份自动选择</option>
            {versionsApi.value.state === 'ready' &&
              versionsApi.value.data.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {planTitle(v)} {versionName(v)}（{effectiveText(v)}）
                </option>
              ))}
          </select>
        </label>
        {view?.plan && (
          <span className="assess-plan" aria-label="考核依据" title={`本次评估依据${planRefText(view.plan)}（${view.plan.label}）`}>
            依据{' '}
            <a href={pageHref('plan', { version: String(view.plan.versionId) })} title="在目标与分解中查看这一版本的条文和目标">
              {planRefText(view.plan)}
            </a>
          </span>
        )}
        <label>
          已保存的评估{' '}
          <select
            value={runId === null ? '' : String(runId)}
            onChange={(e) => {
              const id = e.target.value ? Number(e.target.value) : null;
              setRunId(id);
              setSaved(null);
              if (id === null && view) setAsOf(view.asOf);
            }}
            aria-label="已保存的评估"
          >
            <option value="">实时计算（按当前台账）</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} · 截至{formatDateCn(r.asOf)} · {formatDateTime(r.computedAt)} {r.computedBy}
                {severalVersions ? ` · 依据${r.plan.number || `《${r.plan.title}》`}第${r.plan.version}版` : ''}
                {r.note ? ` · ${r.note}` : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <label className="save-note">
          <span className="sr-only">评估备注</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="备注（可选）" maxLength={500} disabled={runId !== null} />
        </label>
        {runId === null && savedBefore && (
          <span className="muted small" title="升级规则取同一截止日期最近一次保存的评估">
            已保存过 #{savedBefore.id}，再次保存以新结果为准
          </span>
        )}
        <button
          type="button"
          onClick={() => void save()}
          disabled={saving || runId !== null || loading}
          title={runId !== null ? '正在查看已保存的评估；返回实时计算后才能保存' : `按截止${formatDateCn(asOf)}的当前台账计算并保存`}
        >
          {saving ? '正在保存……' : '保存本月评估'}
        </button>
      </div>

      {saved && (
        <div className="notice-line ok" role="status">
          已保存为评估 #{saved.id}（截至{formatDateCn(saved.asOf)}）。它成为下月评估的历史依据：“连续两个月预警”“约谈后仍逾期”等升级规则将以本次保存的状态为准；之后到达的更正不会改变它。
        </div>
      )}
      {error && <ErrorBanner message={error} />}

      {view && (
        <div className={view.runId !== null ? 'run-banner saved' : 'run-banner live'} role="note">
          {view.runId !== null ? (
            <>
              <strong>正在查看已保存的评估 #{view.runId}</strong>{'\u3000'}截至{formatDateCn(view.asOf)}，{view.computedBy} 于 {formatDateTime(view.computedAt)} 保存；使用 {view.submissionIds.length}{' '}
              份报送，按保存时的数据原样重现，之后的更正不影响它。
              {run?.note ? `备注：${run.note}。` : ''}
              <button type="button" className="link" onClick={() => setRunId(null)}>
                返回实时计算
              </button>
            </>
          ) : (
            <>
              <strong>实时计算（未保存）</strong>{'\u3000'}截至{formatDateCn(view.asOf)}，按工作区当前台账（{view.submissionIds.length} 份报送）计算；台账更正后结果会随之变化。保存后才会成为下月升级规则的历史依据。
            </>
          )}
        </div>
      )}

      {view && (
        <NextSteps
          asOf={view.asOf}
          submissions={view.submissionIds.length}
          results={view.results}
          targets={targets}
          saved={view.runId !== null}
          savedBefore={!!savedBefore || !!saved}
          plan={view.plan.versionId}
        />
      )}

      {view && view.warnings.length > 0 && (
        <div className="warnings" role="alert" aria-label="输入数据提醒">
          <strong>请注意：</strong>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      {loading && !view && <Loading what="评估结果" />}
      {view && (
        <>
          <div className="panel matrix-panel">
            <div className="toolbar matrix-toolbar">
              <Legend counts={view.counts} status={statusFilter} onStatus={setStatusFilter} />
              <label className="check">
                <input type="checkbox" checked={hideEmpty} onChange={(e) => setHideEmpty(e.target.checked)} /> 隐藏全部未报送或目标值待下达的目标
                {hideEmpty && hidden > 0 ? <span className="muted">（已隐藏 {hidden} 项）</span> : null}
              </label>
              <label className="search matrix-search">
                <span className="sr-only">查找目标</span>
                <input type="search" placeholder="查找目标：名称、任务号……" title="Ctrl+F 直接到这里" value={query} onChange={(e) => setQuery(e.target.value)} />
              </label>
            </div>
            <div className={loading ? 'matrix-grid stale' : 'matrix-grid'}>
              <AgGridReact<MatrixRow>
                {...copyOnCtrlC}
                theme={matrixTheme}
                localeText={{ ...GRID_LOCALE, noRowsToShow: emptyMatrixText }}
                rowData={rows}
                columnDefs={columns}
                context={context}
                getRowId={(p) => p.data.key}
                isFullWidthRow={(p) => p.rowNode.data?.kind === 'group'}
                fullWidthCellRenderer={GroupRow}
                getRowHeight={(p) => (p.data?.kind === 'group' ? 30 : undefined)}
                onCellClicked={onCellClicked}
                onGridReady={(e) => {
                  grid.current = e.api;
                  printInFull(e.api);
                }}
                tooltipShowDelay={250}
                suppressCellFocus={false}
                {...autoHeightFixes}
                onGridSizeChanged={(e) => {
                  fitTargetColumn(e.api, e.clientWidth);
                  e.api.resetRowHeights();
                }}
                onRowDataUpdated={(e) => e.api.resetRowHeights()}
              />
            </div>
            <p className="muted small matrix-note">
              “不适用”：方案未将该目标分解到该单位，或没有应报台账载有该单位的这项数据，不计入考核事项；“未报送”只计应报而未报的事项。{milestoneConvention(view.settings.milestoneProgress)}，可在<a href="#/settings">设置</a>中修改。
            </p>
          </div>

          <div ref={detailRef} className="assess-detail-row">
            <div className="panel detail-panel">
              {selectedResult && selectedTarget ? (
                <DetailPanel r={selectedResult} target={selectedTarget} view={view} />
              ) : (
                <p className="muted empty-hint">点击矩阵中的单元格，查看该单位该目标的目标值、实际值、完成率、计算依据和台账行。</p>
              )}
            </div>
            <div className="panel chart-panel">
              <h2 title="点击柱子查看该单位的依据和台账行">各单位完成率与序时进度{selectedTarget ? `：${selectedTarget.description}` : ''}</h2>
              {selectedTarget && byTarget.get(selectedTarget.id) ? (
                <EChart
                  label="各单位完成率与序时进度"
                  option={unitChart(selectedTarget, byTarget.get(selectedTarget.id)!, units)}
                  height={250}
                  onClick={(p) => {
                    // a bar leads to that unit's figure and its rows
                    if (byTarget.get(selectedTarget.id)?.[p.name]) setSelected({ target: selectedTarget.id, unit: p.name });
                  }}
                />
              ) : (
                <p className="muted empty-hint">选择一个目标后显示。</p>
              )}
            </div>
          </div>

          {selectedResult && selectedTarget && (
            <div className="panel evidence-panel" aria-label="台账依据">
              <div className="toolbar">
                <h2>
                  台账依据：{selected!.unit} · {LEDGER_LABEL[selectedResult.detail.ledger]}
                  {shownEvidence ? <span className="muted evidence-count">共 {shownEvidence.total.toLocaleString('zh-CN')} 行</span> : null}
                </h2>
                {shownEvidence && shownEvidence.rows.length < shownEvidence.total && (
                  <button type="button" className="secondary" onClick={loadMoreEvidence}>
                    再显示 {Math.min(EVIDENCE_PAGE, shownEvidence.total - shownEvidence.rows.length)} 行
                  </button>
                )}
              </div>
              <p className="muted evidence-note">
                {heldBack !== null && heldBack > 0
                  ? `拖后腿的 ${heldBack} 行排在最前（标为“未完成”），其余为已计入完成数的行。`
                  : '未完成、拖后腿的行排在最前。'}
                {view.runId !== null ? `行取自评估 #${view.runId} 保存时使用的报送版本。` : '行取自各单位当前版本的报送。'}
              </p>
              {evidenceError && <ErrorBanner message={evidenceError} />}
              {shownEvidence ? (
                <EvidenceGrid rows={shownEvidence.rows} fields={fields} measurement={selectedTarget.measurement} heldBack={heldBack} emptyText={selectedResult.status === 'no_data' ? '该单位未报送这项台账' : '没有对应的台账行'} />
              ) : (
                !evidenceError && <Loading what="台账行" />
              )}
            </div>
          )}

          <div className="assess-charts-row">
            <div className="panel chart-panel">
              <h2>
                月度趋势{selected && selectedTarget ? `：${selected.unit} · ${selectedTarget.description}` : ''}
              </h2>
              {selected && trendPoints ? (
                trendPoints.length > 0 ? (
                  <EChart label="完成率和序时进度的月度趋势" option={trendChart(trendPoints)} height={240} />
                ) : (
                  <p className="muted empty-hint">没有可比较的月份。</p>
                )
              ) : (
                <p className="muted empty-hint">点击矩阵中的单元格后显示该单位该目标逐月的完成率和序时进度。</p>
              )}
            </div>
            <div className="panel chart-panel">
              <h2>县区排名（综合得分）</h2>
              {view.ranking.length > 0 ? (
                <EChart label="县区排名" option={rankingChart(view)} height={240} />
              ) : (
                <p className="muted empty-hint">没有可排名的县区。</p>
              )}
              <p className="muted chart-note">得分为各县区适用目标完成率（封顶 100%）的加权平均，默认各目标等权；目标值待下达的目标和各县区均未报送的目标不计入；得分按一位小数相同的，名次并列。</p>
            </div>
          </div>

          <div className="assess-bottom-row">
            <ReturnsTable key={`${view.runId ?? 'live'}-${monthOfAsOf}`} view={view} />
            <ProposalsSummary view={view} />
          </div>
        </>
      )}
    </section>
  );
}
