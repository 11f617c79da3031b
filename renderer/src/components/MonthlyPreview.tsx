// The monthly briefing's main tables as the workbook will carry them, shown before anything is generated.
import { CITY, RETURN_STATUS_LABEL, type ReturnStatus } from '../../../shared/assessModels';
import { LEDGER_LABEL } from '../../../shared/models';
import { formatDateCn, formatMonthCn } from '../../../shared/format';
import { targetName } from '../../../shared/planNames';
import type { MonthlyReportData, ReportTarget } from '../../../shared/reportModels';
import { pct, StatusBadge, withMeasure } from './assessUi';
import type { TaskProgress } from '../../../shared/reportModels';
import { formatScore, milestoneWord } from '../../../shared/figures';

type Lagging = MonthlyReportData['lagging'][number];

/** "≥ 100%" for a unit held to 100 %; the plan's own words for a milestone. */
function targetValue(l: Lagging, t: ReportTarget | undefined): string {
  if (!t) return withMeasure(l.value, null);
  if (l.value === null) return t.valueText;
  const sym = /^[≥≤<>=]/.exec(t.valueText)?.[0];
  return `${sym ? `${sym} ` : ''}${withMeasure(l.value, t.measure)}`;
}

function actualValue(l: Lagging, t: ReportTarget | undefined, scale: Record<string, number>): string {
  if (l.actual === null) return '—';
  if (l.value === null && !t?.measure) return milestoneWord(l.actual, l.progress, scale) ?? '—';
  return withMeasure(l.actual, t?.measure ?? null);
}

const n = (x: number, cls?: string) => (x > 0 ? <span className={cls}>{x}</span> : <span className="zero">0</span>);

function TaskTable({ data }: { data: MonthlyReportData }) {
  // the plan's goals and provisions are items of no task: listed after the tasks so the total is the cover's
  const groups = [...data.tasks, ...(data.otherTargets ?? [])];
  const sum = (k: 'targets' | 'done' | 'onTrack' | 'lagging' | 'overdue' | 'noData' | 'noTarget') => groups.reduce((s, t) => s + t[k], 0);
  const row = (t: TaskProgress, key: string) => (
    <tr key={key}>
      <td className="muted">{t.no || '—'}</td>
      <td className="left">{t.title}</td>
      <td className="left lead">{t.lead.join('、')}</td>
      <td>{t.targets}</td>
      <td>{n(t.done, 'num-done')}</td>
      <td>{n(t.onTrack)}</td>
      <td>{n(t.lagging, 'num-lagging')}</td>
      <td>{n(t.overdue, 'num-overdue')}</td>
      <td>{n(t.noData, 'muted')}</td>
      <td>{n(t.noTarget, 'muted')}</td>
    </tr>
  );
  return (
    <div className="report-scroll">
      <table className="report-table tasks-table" aria-label="任务进展">
        <thead>
          <tr>
            <th>任务</th>
            <th className="left">名称</th>
            <th className="left">牵头单位</th>
            <th title="按责任单位分解后的考核事项">考核事项</th>
            <th>已完成</th>
            <th>序时推进</th>
            <th>滞后</th>
            <th>逾期</th>
            <th>未报送</th>
            <th>待下达</th>
          </tr>
        </thead>
        <tbody>
          {data.tasks.map((t) => row(t, String(t.no)))}
          {(data.otherTargets ?? []).map((t) => row(t, t.title))}
        </tbody>
        <tfoot>
          <tr>
            <th />
            <th className="left">合计</th>
            <th />
            <th>{sum('targets')}</th>
            <th>{sum('done')}</th>
            <th>{sum('onTrack')}</th>
            <th>{sum('lagging')}</th>
            <th>{sum('overdue')}</th>
            <th>{sum('noData')}</th>
            <th>{sum('noTarget')}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function RankingTable({ data }: { data: MonthlyReportData }) {
  const ranked = [...data.ranking].sort((a, b) => a.rank - b.rank);
  const last = Math.max(...ranked.map((r) => r.rank));
  if (ranked.length === 0) return <p className="muted">没有可排名的县区。</p>;
  return (
    <table className="report-table ranking-table" aria-label="县区排名">
      <thead>
        <tr>
          <th>名次</th>
          <th className="left">县区</th>
          <th className="left" title="各考核事项完成率（封顶 100%）的加权平均，满分 100">综合得分</th>
        </tr>
      </thead>
      <tbody>
        {ranked.map((r) => (
          <tr key={r.unit}>
            <td>{r.rank}</td>
            <td className="left">{r.unit}</td>
            <td className="left score-cell">
              <span className={r.rank === 1 ? 'score-bar top' : r.rank === last && ranked.length > 1 ? 'score-bar last' : 'score-bar'} style={{ width: `${Math.max(0, Math.min(1, r.score)) * 100}%` }} />
              <span className="score-text">{formatScore(r.score)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LaggingTable({ data }: { data: MonthlyReportData }) {
  const targets = new Map(data.targets.map((t) => [t.id, t]));
  if (data.lagging.length === 0) return <p className="muted">本月没有滞后、严重滞后或逾期未完成的考核事项。</p>;
  return (
    <div className="report-scroll lagging-scroll">
      <table className="report-table lagging-table" aria-label="滞后清单">
        <thead>
          <tr>
            <th>状态</th>
            <th className="left">责任单位</th>
            <th className="left">考核目标</th>
            <th>目标值</th>
            <th>实际</th>
            <th>完成率</th>
            <th>序时进度</th>
            <th className="left">计算依据</th>
          </tr>
        </thead>
        <tbody>
          {data.lagging.map((l) => {
            const t = targets.get(l.target);
            return (
              <tr key={`${l.target}|${l.unit}`}>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td className="left nowrap">
                  {l.responsible}
                  {l.unit === CITY && !l.responsible.includes(CITY) && <span className="muted small">（全市）</span>}
                </td>
                <td className="left" title={t ? `${t.section}\n牵头：${l.lead.join('、') || '—'}` : undefined}>
                  {t ? targetName(t) : l.target}
                </td>
                <td className="nowrap">{targetValue(l, t)}</td>
                <td className="nowrap">{actualValue(l, t, data.milestoneScale ?? {})}</td>
                <td className="nowrap">{pct(l.completion)}</td>
                <td className="nowrap">{pct(l.timeProgress)}</td>
                <td className="left basis">{l.basis}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function QualityTable({ data }: { data: MonthlyReportData }) {
  if (data.quality.length === 0) return <p className="muted">本次评估没有读取台账。</p>;
  return (
    <div className="report-scroll">
      <table className="report-table quality-table" aria-label="数据质量">
        <thead>
          <tr>
            <th className="left">报送单位</th>
            <th>报送份数</th>
            <th>数据行</th>
            <th title="因错误未计入评估的数据行">拒收行</th>
            <th>有警告的行</th>
            <th>错误</th>
            <th>警告</th>
            <th className="left">主要问题</th>
          </tr>
        </thead>
        <tbody>
          {data.quality.map((q) => (
            <tr key={q.unit}>
              <td className="left nowrap">{q.unit}</td>
              <td>{q.submissions}</td>
              <td>{q.rows.toLocaleString('zh-CN')}</td>
              <td>{n(q.rejected, 'num-overdue')}</td>
              <td>{n(q.warned, 'num-lagging')}</td>
              <td>{n(q.errors, 'num-overdue')}</td>
              <td>{n(q.warnings, 'num-lagging')}</td>
              <td className="left">{q.top.length > 0 ? q.top.join('；') : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReturnsSummary({ data }: { data: MonthlyReportData }) {
  const month = data.returns.filter((r) => r.period === data.month);
  const earlier = data.returns.filter((r) => r.period !== data.month && r.status === 'missing');
  const by = (s: ReturnStatus) => month.filter((r) => r.status === s);
  const unitsOf = (rs: typeof month) => {
    const m = new Map<string, string[]>();
    for (const r of rs) m.set(r.unit, [...(m.get(r.unit) ?? []), LEDGER_LABEL[r.kind].replace('台账', '')]);
    return [...m.entries()];
  };
  if (month.length === 0 && earlier.length === 0) return <p className="muted">截至{formatDateCn(data.asOf)}没有应报送的台账。</p>;
  const statuses: ReturnStatus[] = ['on_time', 'late', 'missing', 'pending'];
  return (
    <div className="returns-summary-box">
      {month.length > 0 && (
        <>
          <p className="muted small">
            {formatMonthCn(data.month)}应报台账 {month.length} 份，应于 {formatDateCn(month[0]!.dueOn)} 前报送：
          </p>
          <ul className="return-counts">
            {statuses
              .filter((s) => s !== 'pending' || by(s).length > 0)
              .map((s) => (
                <li key={s} className={`rs-${s}`}>
                  {RETURN_STATUS_LABEL[s]} <b>{by(s).length}</b>
                </li>
              ))}
          </ul>
        </>
      )}
      {(['missing', 'late'] as const).map((s) =>
        by(s).length > 0 ? (
          <p key={s} className="return-units">
            <span className={`rs-tag rs-${s}`}>{RETURN_STATUS_LABEL[s]}</span>
            {unitsOf(by(s)).map(([u, kinds], i) => (
              <span key={u} className="return-unit">
                {i > 0 ? '；' : ''}
                {s === 'late' && kinds.length > 1 ? `${u}（${kinds.length} 份）` : `${u}（${kinds.join('、')}）`}
              </span>
            ))}
          </p>
        ) : null,
      )}
      {earlier.length > 0 && (
        <p className="return-units">
          <span className="rs-tag rs-missing">以前月份仍未报送</span>
          {earlier.map((r) => `${r.unit}${formatMonthCn(r.period).replace(/^\d{4}年/, '')}${LEDGER_LABEL[r.kind]}`).join('；')}
        </p>
      )}
    </div>
  );
}

export function MonthlyPreview({ data, saved }: { data: MonthlyReportData; saved: boolean }) {
  return (
    <div className="monthly-preview" aria-label="通报预览">
      <div className="panel report-cover">
        <p className="cover-kicker">通报预览</p>
        <h2 className="cover-title">{data.title}</h2>
        <ul className="cover-facts">
          <li>截至日期：{formatDateCn(data.asOf)}</li>
          <li>{saved ? `依据评估 #${data.runId}` : '依据评估：生成时保存'}</li>
          <li>读取台账 {data.submissionCount} 份</li>
          <li>
            依据：{data.planTitle}（{data.planNumber}）
          </li>
        </ul>
        <div className="cover-overview">
          {data.overview.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      </div>

      <div className="panel preview-panel">
        <h3>
          一、任务进展<span className="muted count">考核事项 = 考核目标 × 责任单位</span>
        </h3>
        <TaskTable data={data} />
      </div>

      <div className="preview-row">
        <div className="panel preview-panel">
          <h3>
            二、县区排名<span className="muted count">各考核事项完成率（封顶 100%）的加权平均，满分 100</span>
          </h3>
          <RankingTable data={data} />
        </div>
        <div className="panel preview-panel">
          <h3>三、报送情况</h3>
          <ReturnsSummary data={data} />
        </div>
      </div>

      <div className="panel preview-panel">
        <h3>
          四、滞后清单<span className="muted count">共 {data.lagging.length} 项，按严重程度排列</span>
        </h3>
        <LaggingTable data={data} />
        {(data.laggingCityTotals?.length ?? 0) > 0 && (
          <p className="muted small">另有各县区数据相加的全市合计 {data.laggingCityTotals!.length} 项滞后或逾期，列在通报滞后清单末尾，不计入事项数。</p>
        )}
      </div>

      <div className="panel preview-panel">
        <h3>五、数据质量（按报送单位）</h3>
        <QualityTable data={data} />
      </div>
    </div>
  );
}
