import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from './gridCopy';
import type { ColDef } from 'ag-grid-community';
import type { LedgerFieldView, LedgerRowView } from '../../../shared/ledgerModels';
import { formatMonthCn } from '../../../shared/format';
import { GRID_LOCALE, gridTheme } from './grid';
import { ROW_STATUS_TEXT, valueText } from './ledgerCells';

interface EvidenceRow extends LedgerRowView {
  /** 1-based position in the evidence list. */
  seq: number;
  /** Known to hold the figure back (listed first by the core); null when the figure has no such rows. */
  marked: boolean | null;
}

/** The columns that decide each figure, shown right after the source so the reason a row counts is in view. */
const KEY_FIELDS: Record<string, string[]> = {
  'mine.builtupClosedRate': ['state', 'closedOn', 'builtup', 'name', 'county'],
  'mine.restoredMu': ['areaToRestore', 'areaRestored', 'completedOn', 'state', 'ownerless', 'name', 'county'],
  'boiler.smallCoalRemaining': ['status', 'retiredOn', 'fuel', 'capacity', 'orgName', 'boilerNo', 'county'],
  'boiler.gasRetrofitRate': ['lowNox', 'lowNoxOn', 'status', 'fuel', 'orgName', 'boilerNo', 'county'],
  'vehicle.eligibleRetired': ['plate', 'vehicleType', 'standard', 'usage', 'retiredOn', 'county'],
  'permit.coverage': ['status', 'issuedOn', 'permitNo', 'orgName', 'county'],
};

function ordered(fields: LedgerFieldView[], measurement: string | null): LedgerFieldView[] {
  const first = (measurement && KEY_FIELDS[measurement]) || [];
  const rank = (f: LedgerFieldView) => (first.includes(f.key) ? first.indexOf(f.key) : first.length);
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

function columns(fields: LedgerFieldView[], marked: boolean): ColDef<EvidenceRow>[] {
  return [
    { field: 'seq', headerName: '序', width: 58, pinned: 'left', cellClass: 'cell-center' },
    ...(marked
      ? [
          {
            headerName: '计入情况',
            colId: 'holdsBack',
            width: 100,
            pinned: 'left' as const,
            valueGetter: (p: { data?: EvidenceRow }) => (p.data ? (p.data.marked ? '未完成' : '已完成') : ''),
            cellClass: (p: { data?: EvidenceRow }) => (p.data?.marked ? 'holds-back' : 'counted'),
          },
        ]
      : []),
    {
      headerName: '来源（工作表 · 行）',
      colId: 'where',
      width: 160,
      pinned: 'left',
      valueGetter: (p) => (p.data ? `${p.data.sheet} 第${p.data.rowNo}行` : ''),
      tooltipValueGetter: (p) => (p.data ? `${p.data.file} · 工作表“${p.data.sheet}” · 第${p.data.rowNo}行（报送编号 ${p.data.submissionId}）` : null),
    },
    ...fields.map(
      (f): ColDef<EvidenceRow> => ({
        headerName: f.measure && !f.label.includes('（') ? `${f.label}（${f.measure}）` : f.label,
        colId: f.key,
        minWidth: 80,
        width: f.valueNames ? 300 : f.type === 'text' ? 210 : f.type === 'number' ? 112 : f.type === 'yesno' ? 140 : f.type === 'unit' ? 90 : 136,
        type: f.type === 'number' ? 'numericColumn' : undefined,
        valueGetter: (p) => (p.data ? valueText(f, p.data.values[f.key]) || (p.data.raw?.[f.key] ?? '') : ''),
        tooltipValueGetter: (p) => (p.data ? valueText(f, p.data.values[f.key]) || null : null),
      }),
    ),
    { headerName: '行状态', colId: 'status', width: 86, valueGetter: (p) => (p.data ? ROW_STATUS_TEXT[p.data.status] : ''), cellClass: (p) => (p.data ? `row-${p.data.status}` : '') },
    {
      headerName: '问题',
      colId: 'problems',
      width: 200,
      valueGetter: (p) => (p.data ? p.data.problems.join('；') : ''),
      tooltipValueGetter: (p) => (p.data && p.data.problems.length > 0 ? p.data.problems.join('\n') : null),
    },
    { headerName: '报送月份', colId: 'period', width: 100, valueGetter: (p) => (p.data ? formatMonthCn(p.data.period) : '') },
    { headerName: '来源文件', colId: 'file', width: 320, valueGetter: (p) => p.data?.file ?? '', tooltipValueGetter: (p) => p.data?.file ?? null },
  ];
}

/**
 * The ledger rows behind one figure, with their file, sheet and row. The core lists the rows that hold the
 * figure back first; when the figure is a count (n of m) the first m − n of them are marked.
 */
export function EvidenceGrid({
  rows,
  fields,
  measurement,
  heldBack,
  emptyText,
}: {
  rows: LedgerRowView[];
  fields: LedgerFieldView[];
  measurement: string | null;
  heldBack: number | null;
  emptyText: string;
}) {
  const data = useMemo<EvidenceRow[]>(() => rows.map((r, i) => ({ ...r, seq: i + 1, marked: heldBack === null ? null : (r.holdsBack ?? i < heldBack) })), [rows, heldBack]);
  const cols = useMemo(() => columns(ordered(fields, measurement), heldBack !== null), [fields, measurement, heldBack]);
  return (
    <div className="evidence-grid">
      <AgGridReact<EvidenceRow>
        {...copyOnCtrlC}
        theme={gridTheme}
        localeText={{ ...GRID_LOCALE, noRowsToShow: emptyText }}
        rowData={data}
        columnDefs={cols}
        getRowId={(p) => String(p.data.id)}
        getRowClass={(p) => (p.data?.marked ? 'evidence-holds-back' : undefined)}
        tooltipShowDelay={300}
        suppressColumnVirtualisation
      />
    </div>
  );
}
