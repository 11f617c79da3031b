import { useEffect, useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from '../components/gridCopy';
import type { ColDef, RowClickedEvent } from 'ag-grid-community';
import type { PlanView, TargetView } from '../../../shared/models';
import { AGGREGATION_LABEL, DEADLINE_BASIS_LABEL, LEDGER_LABEL, SCOPE_LABEL, STRENGTH_LABEL } from '../../../shared/models';
import { describeTargetValue, formatDateCn } from '../../../shared/format';
import { targetName } from '../../../shared/planNames';
import { useApi } from '../api/useApi';
import { hashParams } from '../navigation';
import { ErrorBanner, Loading } from '../components/Status';
import { ClauseText } from '../components/ClauseText';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from '../components/grid';
import { AllocationPanel, needsAllocation } from '../components/AllocationPanel';
import type { PlanVersionView } from '../../../shared/planModels';
import { deliverFile, invoke } from '../api/client';
import { PlanImportPanel } from '../components/PlanImportPanel';
import { PlanRevisionsPanel, versionsOfPlan } from '../components/PlanRevisionsPanel';
import { effectiveText, planTitle, versionName, versionOptionText } from '../components/planVersionText';

/** One row of the left list: the 决战目标 of section 二, a numbered task, or the 决战保障 of section 四. */
interface Chapter {
  key: string;
  no: string;
  title: string;
  lead: string;
  count: number;
  heading: string;
  clause: string;
  lead_: string[];
  co: string[];
  units: string[];
  leadNote: string | null;
  targets: TargetView[];
}

function chaptersOf(plan: PlanView): Chapter[] {
  const goalsText = [...new Set(plan.goals.map((g) => g.quote))].join('\n');
  const provisionTargets = plan.provisions.flatMap((p) => p.targets);
  const all: Chapter[] = [
    {
      key: 'goals',
      no: '二',
      title: '决战目标',
      lead: '市生态环境局',
      count: plan.goals.length,
      heading: '二、决战目标（约束性指标、争取性指标）',
      clause: goalsText,
      lead_: ['市生态环境局'],
      co: [],
      units: ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'],
      leadNote: null,
      targets: plan.goals,
    },
    ...plan.tasks.map((t) => ({
      key: `task-${t.no}`,
      no: String(t.no),
      title: t.title,
      lead: t.lead.join('、'),
      count: t.targets.length,
      heading: `${t.section} ${t.sectionTitle} › ${t.no}. ${t.title}`,
      clause: t.clause,
      lead_: t.lead,
      co: t.co,
      units: t.units,
      leadNote: t.leadNote,
      targets: t.targets,
    })),
    {
      key: 'provisions',
      no: '四',
      title: '决战保障',
      lead: '各县区、各部门',
      count: provisionTargets.length,
      heading: '四、决战保障',
      clause: plan.provisions.map((p) => `（${p.code.slice(2, 3)}）${p.title}：${p.text}`).join('\n'),
      lead_: [],
      co: [],
      units: ['城区', '矿区', '郊区', '平定县', '盂县', '开发区'],
      leadNote: null,
      targets: provisionTargets,
    },
  ];
  // another year's plan may have no 决战目标 or 保障 section: no empty line for it
  return all.filter((c) => c.key.startsWith('task-') || c.count > 0 || c.clause !== '');
}

const chapterColumns: ColDef<Chapter>[] = [
  { field: 'no', headerName: '编号', width: 70, cellClass: 'cell-center' },
  { field: 'title', headerName: '任务', flex: 1, minWidth: 160, tooltipField: 'title' },
  { field: 'count', headerName: '目标', width: 70, cellClass: 'cell-center' },
];

function targetColumns(showTask: boolean): ColDef<TargetView>[] {
  return [
    ...(showTask
      ? [{ field: 'task' as const, headerName: '任务', width: 64, valueFormatter: (p: { value: number | null }) => (p.value === null ? '—' : String(p.value)) }]
      : []),
    { field: 'description', headerName: '目标或销号事项', flex: 3, minWidth: 180, tooltipField: 'description', wrapText: true, autoHeight: true },
    {
      headerName: '目标值',
      colId: 'value',
      flex: 2,
      minWidth: 130,
      wrapText: true,
      autoHeight: true,
      valueGetter: (p) => (p.data ? describeTargetValue(p.data) : ''),
    },
    { field: 'deadline', headerName: '截止日期', width: 138, valueFormatter: (p) => formatDateCn(p.value as string) },
    { headerName: '考核口径', colId: 'aggregation', width: 86, valueGetter: (p) => (p.data ? (p.data.kind === 'milestone' ? '销号' : AGGREGATION_LABEL[p.data.aggregation]) : '') },
    { headerName: '数据来源', colId: 'ledger', width: 112, valueGetter: (p) => (p.data ? LEDGER_LABEL[p.data.ledger] : '') },
    {
      headerName: '牵头单位',
      colId: 'lead',
      flex: 1,
      minWidth: 100,
      valueGetter: (p) => (p.data ? p.data.lead.join('、') || '各责任单位' : ''),
      tooltipValueGetter: (p) => (p.data ? p.data.lead.join('、') : ''),
    },
  ];
}

function TargetDetail({ target }: { target: TargetView }) {
  return (
    <dl className="target-detail">
      <div>
        <dt>名称</dt>
        <dd>{targetName(target)}</dd>
      </div>
      {target.metric && (
        <div>
          <dt>考核指标</dt>
          <dd>
            {target.metric}（{target.measure}）
          </dd>
        </div>
      )}
      <div>
        <dt>方案原文</dt>
        <dd>“{target.quote}”</dd>
      </div>
      <div>
        <dt>起止</dt>
        <dd>
          {formatDateCn(target.start)} 至 {formatDateCn(target.deadline)}（{DEADLINE_BASIS_LABEL[target.deadlineBasis]}）
        </dd>
      </div>
      <div>
        <dt>性质与范围</dt>
        <dd>
          {STRENGTH_LABEL[target.strength]}，{SCOPE_LABEL[target.scope]}
          {target.reportedBy === 'lead' ? '（由牵头单位报送全市数据）' : ''}
        </dd>
      </div>
      <div>
        <dt>责任单位</dt>
        <dd>{target.units.join('、') || '—'}</dd>
      </div>
      {target.condition && (
        <div>
          <dt>适用条件</dt>
          <dd>{target.condition}</dd>
        </div>
      )}
      {target.note && (
        <div>
          <dt>说明</dt>
          <dd>{target.note}</dd>
        </div>
      )}
    </dl>
  );
}

type View = 'plan' | 'revisions' | 'import';

export function PlanPage() {
  /** The version the analyst chose; until then, the one the core shows by default. */
  const [versionId, setVersionId] = useState<number | undefined>(() => {
    // a link from 考核评估 names the version the assessment used: '#/plan?version=…'
    const v = Number(hashParams(window.location.hash).get('version'));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  });
  const { value } = useApi('plan.get', versionId !== undefined ? { version: versionId } : {});
  const versionsApi = useApi('plans.list', {});
  const [view, setView] = useState<View>('plan');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [loaded, setLoaded] = useState<PlanVersionView | null>(null);
  const [chapterKey, setChapterKey] = useState('task-1');
  // a link such as 录入分解值 on 考核评估 opens one target: '#/plan?target=…'
  const [linked] = useState(() => hashParams(window.location.hash).get('target'));
  const [targetId, setTargetId] = useState<string | null>(linked);
  const [showAll, setShowAll] = useState(false);
  const [search, setSearch] = useState('');

  const chapters = useMemo(() => (value.state === 'ready' ? chaptersOf(value.data) : []), [value]);
  const allTargets = useMemo(() => chapters.flatMap((c) => c.targets), [chapters]);
  useEffect(() => {
    const owner = linked ? chapters.find((c) => c.targets.some((t) => t.id === linked)) : undefined;
    if (owner) setChapterKey(owner.key);
  }, [chapters, linked]);

  if (value.state === 'loading') return <Loading what="方案" />;
  if (value.state === 'error') return <ErrorBanner message={value.message} />;
  const plan = value.data;
  const listed = versionsApi.value.state === 'ready' ? versionsApi.value.data : null;
  // a version just loaded is offered at once, before the list has been read again
  const versions = listed ? [...listed.versions, ...(loaded && !listed.versions.some((v) => v.id === loaded.id) ? [loaded] : [])] : [];
  const shownId = plan.version?.versionId ?? versionId ?? listed?.inForce;
  const shown = versions.find((v) => v.id === shownId) ?? null;
  const switching = versionId !== undefined && plan.version !== undefined && plan.version.versionId !== versionId;
  const family = shown ? versionsOfPlan(versions, shown) : [];

  const choose = (id: number) => {
    setVersionId(id);
    setTargetId(null);
    setNotice(null);
  };

  const onLoaded = (v: PlanVersionView) => {
    setLoaded(v);
    versionsApi.reload();
    choose(v.id);
    setView('plan');
    setNotice({ ok: true, text: `已载入${planTitle(v)}${versionName(v)}，${effectiveText(v)}；下面显示的就是这一版本。` });
  };

  const exportTemplate = async () => {
    setNotice(null);
    try {
      const d = await deliverFile(await invoke('plans.export', shownId !== undefined ? { version: shownId } : {}));
      const next = '在 Excel 或 WPS 中修改后，用“导入方案”检查并载入。';
      if (d.how === 'downloaded') setNotice({ ok: true, text: `已下载方案模板“${d.fileName}”。${next}` });
      if (d.how === 'saved') setNotice({ ok: true, text: `方案模板已保存到 ${d.path}。${next}` });
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
    }
  };
  const chapter = chapters.find((c) => c.key === chapterKey) ?? chapters.find((c) => c.key.startsWith('task-')) ?? chapters[0]!;
  const rows = showAll ? allTargets : chapter.targets;
  const selected = allTargets.find((t) => t.id === targetId) ?? null;
  const milestoneCount = allTargets.filter((t) => t.kind === 'milestone').length;

  const pickTarget = (e: RowClickedEvent<TargetView>) => {
    if (!e.data) return;
    setTargetId(e.data.id);
    if (showAll) {
      const owner = chapters.find((c) => c.targets.some((t) => t.id === e.data!.id));
      if (owner) setChapterKey(owner.key);
    }
  };

  return (
    <section className="page plan-page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">目标与分解</h1>
          <p className="subtitle" aria-label="所示方案">
            {planTitle(plan.document)}
            {plan.version ? ` · ${versionName(plan.version)}` : ''}
          </p>
        </div>
        <ul className="figures" aria-label="方案概况">
          <li>
            <strong>{plan.tasks.length}</strong>项重点任务
          </li>
          <li>
            <strong>{allTargets.length - milestoneCount}</strong>个量化目标
          </li>
          <li>
            <strong>{milestoneCount}</strong>个销号事项
          </li>
        </ul>
      </header>
      <div className="toolbar plan-bar">
        {versions.length > 0 && (
          <label className="plan-switcher">
            方案{' '}
            <select value={versionId ?? shownId ?? ''} onChange={(e) => choose(Number(e.target.value))} aria-label="方案版本" title={shown ? versionOptionText(shown, shown.id === listed?.inForce) : undefined}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionOptionText(v, v.id === listed?.inForce)}
                </option>
              ))}
            </select>
          </label>
        )}
        {versions.length === 0 && versionsApi.value.state === 'error' && <span className="error-line">无法读取方案版本列表：{versionsApi.value.message}</span>}
        {switching && <span className="muted">正在读取所选版本……</span>}
        <span className="spacer" />
        <div className="tabs plan-tabs" role="tablist" aria-label="方案视图">
          <button type="button" role="tab" aria-selected={view === 'plan'} className={view === 'plan' ? 'tab on' : 'tab'} onClick={() => setView('plan')}>
            条文与目标
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'revisions'}
            className={view === 'revisions' ? 'tab on' : 'tab'}
            onClick={() => setView('revisions')}
            disabled={family.length < 2}
            title={family.length < 2 ? '本方案只有一个版本，载入修订后可对比' : '查看每一版较上一版改了什么'}
          >
            修订对比
          </button>
          <button type="button" role="tab" aria-selected={view === 'import'} className={view === 'import' ? 'tab on' : 'tab'} onClick={() => setView('import')}>
            导入方案
          </button>
        </div>
        <button type="button" className="secondary" onClick={() => void exportTemplate()} title="下载所示版本的方案工作簿，修改后可作为新方案或修订载入">
          导出方案模板
        </button>
      </div>
      {notice && (
        <p className={notice.ok ? 'notice-line ok' : 'notice-line error'} role="status">
          {notice.text}
        </p>
      )}
      {view === 'import' && <PlanImportPanel onLoaded={onLoaded} />}
      {view === 'revisions' && shown && family.length >= 2 && <PlanRevisionsPanel key={shown.id} versions={versions} current={shown} />}
      {view === 'plan' && (
        // a version of its own: the lists start afresh rather than morph from the previous version's rows
        <div className="plan-layout" key={shownId ?? 'default'}>
          <div className="panel chapter-list">
            <AgGridReact<Chapter>
              theme={gridTheme}
              localeText={GRID_LOCALE}
              rowData={chapters}
              columnDefs={chapterColumns}
              getRowId={(p) => p.data.key}
              suppressRowVirtualisation
              rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
              onFirstDataRendered={(e) => e.api.getRowNode(chapterKey)?.setSelected(true)}
              onRowClicked={(e) => {
                if (!e.data) return;
                setChapterKey(e.data.key);
                setShowAll(false);
                setTargetId(null);
              }}
              tooltipShowDelay={400}
            />
          </div>
          <div className="plan-main">
            <article className="panel clause-card" aria-label="方案条文">
              <h2>{chapter.heading}</h2>
              <p className="responsibility">
                {chapter.lead_.length > 0 && (
                  <span>
                    牵头单位：{chapter.lead_.join('、')}
                    {chapter.leadNote ? `（${chapter.leadNote}）` : ''}
                  </span>
                )}
                {chapter.co.length > 0 && <span>配合单位：{chapter.co.join('、')}</span>}
                <span>责任单位：{chapter.units.join('、')}</span>
              </p>
              <ClauseText text={chapter.clause} quotes={chapter.targets} selected={targetId} />
            </article>
            <div className={selected && needsAllocation(selected) ? 'panel targets-panel with-allocation' : 'panel targets-panel'}>
              <div className="toolbar">
                <h2>{showAll ? '全部考核目标和销号事项' : `${chapter.no === '二' || chapter.no === '四' ? chapter.title : `任务${chapter.no}`}的考核目标`}</h2>
                <label className="search">
                  <span className="sr-only">搜索目标</span>
                  <input
                    type="search"
                    placeholder="搜索目标、指标、单位……"
                    title="Ctrl+F 直接到这里"
                    value={search}
                    onChange={(e) => {
                      setSearch(e.target.value);
                      if (e.target.value) setShowAll(true);
                    }}
                  />
                </label>
                <button type="button" className={showAll ? 'toggle on' : 'toggle'} aria-pressed={showAll} onClick={() => setShowAll(!showAll)}>
                  {showAll ? '只看本任务' : '查看全部目标'}
                </button>
              </div>
              <div className="targets-grid">
                <AgGridReact<TargetView>
                  {...copyOnCtrlC}
                  theme={gridTheme}
                  localeText={GRID_LOCALE}
                  rowData={rows}
                  columnDefs={targetColumns(showAll)}
                  getRowId={(p) => p.data.id}
                  quickFilterText={search}
                  rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
                  onRowClicked={pickTarget}
                  tooltipShowDelay={400}
                  {...autoHeightFixes}
                  onFirstDataRendered={(e) => {
                    autoHeightFixes.onFirstDataRendered(e);
                    const node = targetId ? e.api.getRowNode(targetId) : undefined;
                    node?.setSelected(true);
                    if (node) e.api.ensureNodeVisible(node);
                  }}
                  onRowDataUpdated={(e) => e.api.resetRowHeights()}
                />
              </div>
              {selected && <TargetDetail target={selected} />}
              {selected && needsAllocation(selected) && <AllocationPanel key={`${shownId ?? ''}|${selected.id}`} target={selected} plan={plan.version?.versionId} />}
              {!(selected && needsAllocation(selected)) && (
                <p className="muted allocation-note">
                  选择可分解的目标（如废弃露天矿山恢复治理）或“目标值待下达”的目标，可在此录入各责任单位的分解值或从 Excel 分解表导入，并核对合计是否与全市目标一致。
                </p>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
