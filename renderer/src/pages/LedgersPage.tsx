import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from '../components/gridCopy';
import type { ColDef, GridApi, IDatasource } from 'ag-grid-community';
import type { LedgerFieldView, LedgerRowView, LedgerSearchHit, SubmissionView } from '../../../shared/ledgerModels';
import { LEDGER_KINDS, LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { formatDateTime, formatMonthCn } from '../../../shared/format';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from '../components/Status';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from '../components/grid';
import { ROW_STATUS_TEXT, valueText } from '../components/ledgerCells';
import { saveBlob } from '../util/files';
import { LedgerSearch } from '../components/LedgerSearch';
import { SubmissionComparisonView } from '../components/SubmissionComparisonView';
import { rowVersionText } from '../components/versionText';
import { MonthSelect } from '../components/MonthSelect';

function rowColumns(fields: LedgerFieldView[], withVersion: boolean): ColDef<LedgerRowView>[] {
  return [
    {
      headerName: '状态',
      colId: 'status',
      width: 86,
      pinned: 'left',
      valueGetter: (p) => (p.data ? ROW_STATUS_TEXT[p.data.status] : ''),
      cellClass: (p) => (p.data ? `row-${p.data.status}` : ''),
    },
    {
      headerName: '位置',
      colId: 'where',
      width: 150,
      pinned: 'left',
      valueGetter: (p) => (p.data ? `${p.data.sheet} 第${p.data.rowNo}行` : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.file} · 工作表“${p.data.sheet}” · 第${p.data.rowNo}行（报送编号 ${p.data.submissionId}）` : null),
    },
    // with old versions shown, each row says which submission and version it is from
    ...(withVersion
      ? [
          {
            headerName: '版本',
            colId: 'version',
            width: 250,
            pinned: 'left',
            valueGetter: (p) => (p.data ? rowVersionText(p.data.submissionId, p.data.version) : ''),
            tooltipValueGetter: (p) => (p.data ? `${rowVersionText(p.data.submissionId, p.data.version)}（${p.data.file}）` : null),
            cellClass: (p) => (p.data && p.data.version.state !== 'current' ? 'superseded' : ''),
          } satisfies ColDef<LedgerRowView>,
        ]
      : []),
    {
      headerName: '问题',
      colId: 'problems',
      width: 220,
      valueGetter: (p) => (p.data ? p.data.problems.join('；') : ''),
      tooltipValueGetter: (p) => (p.data && p.data.problems.length > 0 ? p.data.problems.join('\n') : null),
    },
    ...fields.map(
      (f): ColDef<LedgerRowView> => ({
        headerName: f.measure && !f.label.includes('（') ? `${f.label}（${f.measure}）` : f.label,
        colId: f.key,
        minWidth: 90,
        // a target's name (任务17 降尘量低于9吨/月·平方公里) is read whole
        width: f.valueNames ? 300 : f.type === 'text' ? 170 : f.type === 'number' ? 120 : 116,
        type: f.type === 'number' ? 'numericColumn' : undefined,
        // a refused value is not stored; show what the submitter wrote instead
        valueGetter: (p) => (p.data ? (valueText(f, p.data.values[f.key]) || (p.data.raw?.[f.key] ?? '')) : ''),
        cellClass: (p) => (p.data && p.data.values[f.key] == null && p.data.raw?.[f.key] ? 'raw-text' : ''),
        // the whole value on hover where the column cuts it; a refused or recoded value also shows what was written
        tooltipValueGetter: (p) => {
          if (!p.data) return null;
          const shown = valueText(f, p.data.values[f.key]);
          const raw = p.data.raw?.[f.key];
          if (raw !== undefined && raw !== shown) return shown ? `${shown}（原文：${raw || '（空）'}）` : `原文：${raw || '（空）'}`;
          return shown || null;
        },
      }),
    ),
    { headerName: '报送月份', colId: 'period', width: 104, valueGetter: (p) => (p.data ? formatMonthCn(p.data.period) : '') },
    { headerName: '报送单位', colId: 'submitter', width: 110, valueGetter: (p) => p.data?.submitter ?? '' },
    { headerName: '来源文件', colId: 'file', width: 300, valueGetter: (p) => p.data?.file ?? '', tooltipValueGetter: (p) => p.data?.file ?? null },
  ];
}

/** Whether a submission counts, per unit: a correction for some counties leaves its other counties current. */
function versionText(s: SubmissionView): string {
  if (s.withdrawn) return '已撤回';
  const replaced = s.units.filter((u) => u.status === 'superseded');
  if (s.status === 'superseded') {
    const by = [...new Set(replaced.map((u) => u.supersededById))];
    return by.length === 1 ? `已被 #${by[0]} 替换` : `已被 ${by.map((x) => `#${x}`).join('、')} 替换`;
  }
  if (replaced.length === 0) return '当前版本';
  return `部分替换：${replaced.map((u) => `${u.unit}→#${u.supersededById}`).join('，')}`;
}

function unitsDetail(s: SubmissionView): string {
  return s.units
    .map((u) => {
      const state = u.status === 'current' ? '当前' : s.withdrawn ? '已撤回' : `已被 #${u.supersededById} 替换`;
      return `${u.unit}：${u.rows} 行，${state}${u.replacesId ? `（替换了 #${u.replacesId}）` : ''}`;
    })
    .join('\n');
}

// Fits a 1280-pixel screen: the file name (with its 更正) and the version wrap instead of being cut.
const submissionColumns: ColDef<SubmissionView>[] = [
  { field: 'id', headerName: '编号', width: 62 },
  { field: 'submitter', headerName: '报送单位', width: 104, wrapText: true, autoHeight: true, tooltipField: 'submitter' },
  { field: 'period', headerName: '月份', width: 100, valueFormatter: (p) => formatMonthCn(p.value as string) },
  { field: 'file', headerName: '文件', flex: 2, minWidth: 190, wrapText: true, autoHeight: true, tooltipField: 'file' },
  {
    headerName: '行数（接收/拒收）',
    colId: 'rows',
    width: 92,
    wrapHeaderText: true,
    autoHeaderHeight: true,
    valueGetter: (p) => (p.data ? `${p.data.rows.accepted} / ${p.data.rows.rejected}` : ''),
  },
  { field: 'importedAt', headerName: '导入时间', width: 140, valueFormatter: (p) => formatDateTime(String(p.value)) },
  { field: 'importedBy', headerName: '导入人', width: 90, wrapText: true, autoHeight: true },
  {
    headerName: '涉及单位',
    colId: 'units',
    flex: 1,
    minWidth: 100,
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => (p.data ? p.data.units.map((u) => u.unit).join('、') : ''),
    tooltipValueGetter: (p) => (p.data ? unitsDetail(p.data) : null),
  },
  {
    headerName: '版本',
    colId: 'status',
    width: 170,
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => (p.data ? versionText(p.data) : ''),
    tooltipValueGetter: (p) =>
      p.data?.withdrawn ? `${formatDateTime(p.data.withdrawn.at)} 由 ${p.data.withdrawn.by} 撤回：${p.data.withdrawn.reason}` : p.data ? unitsDetail(p.data) : null,
    cellClass: (p) => (p.data?.withdrawn || p.data?.status === 'superseded' ? 'superseded' : ''),
  },
];

export function LedgersPage() {
  const fieldsApi = useApi('ledgers.fields', {});
  const unitsApi = useApi('units.list', {});
  const [kind, setKind] = useState<LedgerKind>('mine');
  const [unit, setUnit] = useState('');
  const [status, setStatus] = useState<'' | LedgerRowView['status']>('');
  const [allVersions, setAllVersions] = useState(false);
  const [period, setPeriod] = useState('');
  const [submission, setSubmission] = useState<SubmissionView | null>(null);
  const [history, setHistory] = useState<SubmissionView[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [historyVersion, setHistoryVersion] = useState(0);
  const grid = useRef<GridApi<LedgerRowView> | null>(null);

  const fields = fieldsApi.value.state === 'ready' ? fieldsApi.value.data[kind] : null;
  const [comparing, setComparing] = useState<number | null>(null);
  const columns = useMemo(() => (fields ? rowColumns(fields, allVersions || submission !== null) : []), [fields, allVersions, submission]);
  const isCorrection = (s: SubmissionView) => s.units.some((u) => u.replacesId !== null);

  // a search hit opens its file's rows in its ledger's tab, once that tab's history is loaded
  const openSubmission = useRef<number | null>(null);
  const openHit = (hit: LedgerSearchHit) => {
    openSubmission.current = hit.submissionId;
    setKind(hit.kind);
    setUnit('');
    setPeriod('');
    setStatus('');
    setHistoryVersion((v) => v + 1);
  };

  useEffect(() => {
    setSubmission(null);
    invoke('submissions.list', { kind, includeSuperseded: true, ...(unit ? { unit } : {}) }).then(
      (list) => {
        setHistory(list);
        const wanted = list.find((x) => x.id === openSubmission.current);
        openSubmission.current = null;
        if (wanted) setSubmission(wanted);
      },
      (e: Error) => setError(e.message),
    );
  }, [kind, unit, historyVersion]);

  useEffect(() => {
    setWithdrawing(false);
    setReason('');
  }, [submission]);

  // a file imported under the wrong unit or month is taken back: it stops counting and stays in the history
  const withdraw = (s: SubmissionView) => {
    invoke('submissions.withdraw', { id: s.id, reason: reason.trim() }).then(
      () => {
        const restored = s.units.filter((u) => u.status === 'current' && u.replacesId);
        setNotice(
          `已撤回报送 #${s.id}（${s.file}）${restored.length ? `，${restored.map((u) => `${u.unit}恢复为 #${u.replacesId} 的行`).join('，')}` : ''}。`,
        );
        setHistoryVersion((v) => v + 1);
        grid.current?.purgeInfiniteCache();
      },
      (e: Error) => setError(e.message),
    );
  };
  const periods = useMemo(() => [...new Set(history.map((h) => h.period))].sort().reverse(), [history]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params) => {
        const limit = params.endRow - params.startRow;
        invoke('ledgers.rows', {
          kind,
          offset: params.startRow,
          limit,
          ...(unit ? { unit } : {}),
          ...(status ? { status } : {}),
          ...(submission ? { submissionId: submission.id } : {}),
          ...(allVersions ? { allVersions: true } : {}),
          ...(period && !submission ? { period } : {}),
        }).then(
          (page) => {
            setTotal(page.total);
            params.successCallback(page.rows, page.total);
          },
          (e: Error) => {
            setError(e.message);
            params.failCallback();
          },
        );
      },
    }),
    [kind, unit, status, submission, allVersions, period],
  );

  useEffect(() => {
    grid.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  const onReady = useCallback(
    (api: GridApi<LedgerRowView>) => {
      grid.current = api;
      api.setGridOption('datasource', datasource);
    },
    [datasource],
  );

  if (fieldsApi.value.state === 'loading') return <Loading what="台账结构" />;
  if (fieldsApi.value.state === 'error') return <ErrorBanner message={fieldsApi.value.message} />;

  return (
    <section className="page ledgers-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">台账浏览</h1>
        <p className="subtitle">每一行都注明来源文件、工作表和行号；默认显示各单位当前版本的台账。</p>
      </header>
      {error && <ErrorBanner message={error} />}
      <LedgerSearch onOpen={openHit} />
      {notice && (
        <p className="notice-line ok" role="status">
          {notice}
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="台账类别">
        {LEDGER_KINDS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={k === kind} className={k === kind ? 'tab on' : 'tab'} onClick={() => setKind(k)}>
            {LEDGER_LABEL[k]}
          </button>
        ))}
      </div>
      <div className="toolbar ledger-filters">
        <label>
          单位{' '}
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            <option value="">全部</option>
            {unitsApi.value.state === 'ready' &&
              unitsApi.value.data
                .filter((u) => u.kind !== 'group')
                .map((u) => (
                  <option key={u.name} value={u.name}>
                    {u.name}
                  </option>
                ))}
          </select>
        </label>
        <label>
          月份{' '}
          <MonthSelect value={period} months={periods} onChange={setPeriod} emptyLabel="全部月份" />
        </label>
        <label>
          状态{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">全部</option>
            <option value="ok">正常</option>
            <option value="warned">有警告</option>
            <option value="rejected">拒收</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={allVersions} onChange={(e) => setAllVersions(e.target.checked)} /> 含已被替换的旧版本
        </label>
        {submission && (
          <span className="filter-chip">
            只看报送 #{submission.id}（{submission.file}）
            <button type="button" className="link" onClick={() => setSubmission(null)}>
              清除
            </button>
            <button type="button" className="link" onClick={() => void invoke('imports.returnWorkbook', { submissionId: submission.id }).then(saveBlob, (e: Error) => setError(e.message))}>
              下载退回文件
            </button>
            {isCorrection(submission) && (
              <button type="button" className="link" onClick={() => setComparing(submission.id)}>
                与被替换版本对比
              </button>
            )}
            {!submission.withdrawn && !withdrawing && (
              <button type="button" className="link danger" onClick={() => setWithdrawing(true)}>
                撤回此报送…
              </button>
            )}
          </span>
        )}
        {submission && withdrawing && (
          <span className="filter-chip withdraw-form">
            <label>
              撤回理由
              <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：误作盂县的报送导入" maxLength={500} autoFocus />
            </label>
            <button type="button" disabled={reason.trim().length < 2} onClick={() => withdraw(submission)}>
              确认撤回
            </button>
            <button type="button" className="link" onClick={() => setWithdrawing(false)}>
              取消
            </button>
          </span>
        )}
        <span className="muted total">{total !== null ? `共 ${total.toLocaleString('zh-CN')} 行` : ''}</span>
      </div>
      {comparing !== null && fieldsApi.value.state === 'ready' && (
        <SubmissionComparisonView id={comparing} fields={fieldsApi.value.data} onClose={() => setComparing(null)} />
      )}
      <div className="panel rows-grid">
        <AgGridReact<LedgerRowView>
          {...copyOnCtrlC}
          key={kind}
          theme={gridTheme}
          localeText={{ ...GRID_LOCALE, noRowsToShow: '没有符合条件的行。还没有导入这类台账的，请先在“台账导入”页导入各单位报送的文件' }}
          columnDefs={columns}
          rowModelType="infinite"
          cacheBlockSize={200}
          maxBlocksInCache={20}
          getRowId={(p) => String(p.data.id)}
          onGridReady={(e) => onReady(e.api)}
          tooltipShowDelay={300}
        />
      </div>
      <div className="panel history">
        <h2>报送历史（{LEDGER_LABEL[kind]}{unit ? ` · ${unit}` : ''}）</h2>
        <div className="history-grid">
          <AgGridReact<SubmissionView>
            {...copyOnCtrlC}
            theme={gridTheme}
            localeText={{ ...GRID_LOCALE, noRowsToShow: '尚无报送：在“台账导入”页导入后列在这里' }}
            rowData={history}
            columnDefs={submissionColumns}
            getRowId={(p) => String(p.data.id)}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={(e) => e.data && setSubmission(e.data)}
            tooltipShowDelay={300}
            {...autoHeightFixes}
          />
        </div>
      </div>
    </section>
  );
}
