import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import { FINDING_CODE_LABEL, SEVERITY_LABEL, type FindingView } from '../../../shared/ledgerModels';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from './grid';

const columns: ColDef<FindingView>[] = [
  {
    field: 'severity',
    headerName: '严重程度',
    width: 96,
    valueFormatter: (p) => SEVERITY_LABEL[p.value as FindingView['severity']],
    cellClass: (p) => `sev-${p.value as string}`,
  },
  { field: 'code', headerName: '问题类型', width: 136, valueFormatter: (p) => FINDING_CODE_LABEL[p.value as string] ?? String(p.value) },
  { field: 'sheet', headerName: '工作表', width: 100, tooltipField: 'sheet' },
  { field: 'row', headerName: '行', width: 64, type: 'numericColumn' },
  { field: 'column', headerName: '列', width: 130, tooltipField: 'column' },
  { field: 'message', headerName: '说明', flex: 1, minWidth: 260, wrapText: true, autoHeight: true, tooltipField: 'message' },
];

/** Findings of one file, filterable by severity and code; clicking one shows its row. */
export function FindingsGrid({ findings, onPick }: { findings: FindingView[]; onPick?: (f: FindingView) => void }) {
  const [severity, setSeverity] = useState<'all' | FindingView['severity']>('all');
  const [code, setCode] = useState('all');
  const codes = useMemo(() => [...new Set(findings.map((f) => f.code))], [findings]);
  const rows = findings.filter((f) => (severity === 'all' || f.severity === severity) && (code === 'all' || f.code === code));
  const count = (s: FindingView['severity']) => findings.filter((f) => f.severity === s).length;
  return (
    <div className="findings">
      <div className="toolbar findings-filter">
        <div role="group" aria-label="按严重程度筛选" className="chips">
          {(['all', 'error', 'warning', 'info'] as const).map((s) => (
            <button key={s} type="button" className={severity === s ? 'chip on' : 'chip'} aria-pressed={severity === s} onClick={() => setSeverity(s)}>
              {s === 'all' ? `全部 ${findings.length}` : `${SEVERITY_LABEL[s]} ${count(s)}`}
            </button>
          ))}
        </div>
        <label>
          问题类型{' '}
          <select value={code} onChange={(e) => setCode(e.target.value)} aria-label="按问题类型筛选">
            <option value="all">全部</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {FINDING_CODE_LABEL[c] ?? c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="findings-grid">
        <AgGridReact<FindingView>
          theme={gridTheme}
          localeText={{ ...GRID_LOCALE, noRowsToShow: findings.length === 0 ? '没有发现问题' : '没有符合筛选条件的问题' }}
          rowData={rows}
          columnDefs={columns}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onRowClicked={(e) => e.data && onPick?.(e.data)}
          tooltipShowDelay={300}
          {...autoHeightFixes}
          onRowDataUpdated={(e) => e.api.resetRowHeights()}
        />
      </div>
    </div>
  );
}
