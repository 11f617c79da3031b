// Every report that left the office, newest first, with the file as issued and a rebuild from what it was built from.
import { useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { REPORT_KIND_LABEL, type IssuedReportView } from '../../../shared/reportModels';
import { formatBytes, formatDateCn, formatDateTime, formatMonthCn } from '../../../shared/format';
import { GRID_LOCALE, gridTheme } from './grid';
import { printInFull } from './gridPrint';
import { FORMAT_LABEL, shortHash } from './reportUi';

export interface IssuedActions {
  /** The action running now, e.g. 'file:3' or 'reissue:3'; every button waits while one runs. */
  busy: string | null;
  onDownload: (r: IssuedReportView) => void;
  onReissue: (r: IssuedReportView) => void;
}

/** The grid keeps one context object; the handlers and the busy flag are read from it when a cell renders. */
type Context = { current: IssuedActions };

function Actions(p: ICellRendererParams<IssuedReportView, unknown, Context>) {
  const r = p.data;
  if (!r) return null;
  const { busy, onDownload, onReissue } = p.context.current;
  return (
    <span className="row-actions">
      <button type="button" className="secondary small-button" disabled={busy !== null} onClick={() => onDownload(r)} title={`下载第 ${r.id} 号的原件：${r.fileName}`}>
        {busy === `file:${r.id}` ? '正在下载……' : '下载原件'}
      </button>
      <button type="button" className="secondary small-button" disabled={busy !== null} onClick={() => onReissue(r)} title="按印发时记录的数据重新生成同一份文件，不受之后导入或更正的台账影响">
        {busy === `reissue:${r.id}` ? '正在重新生成……' : '按原样重新生成'}
      </button>
    </span>
  );
}

// Widths add up to fit a 1280-pixel screen beside the sidebar: narrow columns wrap their header, 单位 takes what is left.
const columns: ColDef<IssuedReportView>[] = [
  { field: 'id', headerName: '#', width: 48, cellClass: 'cell-center' },
  { headerName: '种类', colId: 'kind', width: 68, valueGetter: (p) => (p.data ? REPORT_KIND_LABEL[p.data.kind] : '') },
  { headerName: '单位', colId: 'unit', flex: 1, minWidth: 64, valueGetter: (p) => p.data?.unit ?? '全市', tooltipValueGetter: (p) => p.data?.unit ?? null },
  { headerName: '月份', colId: 'month', width: 80, valueGetter: (p) => (p.data ? formatMonthCn(p.data.month) : '') },
  { headerName: '截至', colId: 'asOf', width: 104, valueGetter: (p) => (p.data ? formatDateCn(p.data.asOf) : '') },
  { headerName: '依据评估', colId: 'run', width: 52, cellClass: 'cell-center', valueGetter: (p) => (p.data ? `#${p.data.runId}` : '') },
  { headerName: '台账份数', colId: 'subs', width: 52, cellClass: 'cell-center', valueGetter: (p) => p.data?.submissionIds.length ?? '' },
  { headerName: '格式', colId: 'format', width: 50, valueGetter: (p) => (p.data ? FORMAT_LABEL[p.data.format] : '') },
  {
    field: 'issuedBy',
    headerName: '印发人',
    width: 68,
    tooltipValueGetter: (p) => (p.data ? `${p.data.issuedBy}${p.data.osAccount ? `（系统账户 ${p.data.osAccount}）` : ''}` : null),
  },
  {
    headerName: '印发日期',
    colId: 'issuedOn',
    width: 114,
    valueGetter: (p) => (p.data ? formatDateCn(p.data.issuedOn) : ''),
    tooltipValueGetter: (p) => (p.data ? `${p.data.docNumber ? `${p.data.docNumber}\n` : ''}登记于 ${formatDateTime(p.data.issuedAt)}（北京时间）` : null),
  },
  {
    headerName: 'SHA-256',
    colId: 'sha',
    width: 92,
    cellClass: 'mono',
    valueGetter: (p) => (p.data ? shortHash(p.data.sha256) : ''),
    tooltipValueGetter: (p) => (p.data ? `${p.data.fileName}\n${formatBytes(p.data.size)}\nSHA-256：${p.data.sha256}` : null),
  },
  { headerName: '重新生成自', colId: 'reissueOf', width: 56, cellClass: 'cell-center', valueGetter: (p) => (p.data?.reissueOf ? `#${p.data.reissueOf}` : '') },
  { headerName: '操作', colId: 'actions', width: 208, pinned: 'right', sortable: false, cellRenderer: Actions },
];

/** Narrow padding: thirteen columns share the width. */
const issuedTheme = gridTheme.withParams({ cellHorizontalPadding: 6 });
const defaultColDef: ColDef<IssuedReportView> = { suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true };
const ROW = 34;
/** Room for a header wrapped onto two lines. */
const HEADER = 52;
/** Room for a horizontal scroll bar on a narrow window, so the last row is never hidden under it. */
const SCROLLBAR = 18;

export function IssuedReportsGrid({ rows, actions }: { rows: IssuedReportView[]; actions: IssuedActions }) {
  const grid = useRef<GridApi<IssuedReportView> | null>(null);
  const latest = useRef(actions);
  latest.current = actions;
  const context = useMemo<Context>(() => latest, []);
  useEffect(() => {
    grid.current?.refreshCells({ columns: ['actions'], force: true });
  }, [actions.busy]);
  return (
    <div className="issued-grid" style={{ height: HEADER + Math.min(Math.max(rows.length, 3), 10) * ROW + SCROLLBAR }}>
      <AgGridReact<IssuedReportView>
        theme={issuedTheme}
        defaultColDef={defaultColDef}
        localeText={{ ...GRID_LOCALE, noRowsToShow: '还没有印发过报告：生成月度通报或约谈材料后记录在这里' }}
        rowData={rows}
        columnDefs={columns}
        context={context}
        getRowId={(p) => String(p.data.id)}
        onGridReady={(e) => {
          grid.current = e.api;
          printInFull(e.api);
        }}
        tooltipShowDelay={300}
        suppressCellFocus
      />
    </div>
  );
}
