import { useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type { LedgerSearchHit, LedgerSearchPage } from '../../../shared/ledgerModels';
import { LEDGER_LABEL } from '../../../shared/models';
import { formatMonthCn } from '../../../shared/format';
import { invoke } from '../api/client';
import { GRID_LOCALE, gridTheme } from './grid';
import { rowVersionText } from './versionText';

/** The values one looks a row up by, as they read in the row. */
function keyText(h: LedgerSearchHit): string {
  const v = h.values;
  const parts = h.kind === 'vehicle' ? [v.plate, v.vin, v.owner] : h.kind === 'mine' ? [v.name] : h.kind === 'boiler' ? [v.orgName, v.uscc, v.boilerNo] : [v.orgName, v.uscc, v.permitNo];
  return parts.filter((x) => x !== null && x !== undefined && x !== '').join(' · ');
}

const columns: ColDef<LedgerSearchHit>[] = [
  { colId: 'kind', headerName: '台账', width: 120, valueGetter: (p) => (p.data ? LEDGER_LABEL[p.data.kind] : '') },
  { colId: 'key', headerName: '号牌 / 车架号 / 单位 / 代码 / 编号', flex: 2, minWidth: 280, valueGetter: (p) => (p.data ? keyText(p.data) : ''), tooltipValueGetter: (p) => (p.data ? keyText(p.data) : null) },
  { colId: 'unit', headerName: '县区', width: 90, valueGetter: (p) => p.data?.unit ?? '' },
  { colId: 'period', headerName: '报送月份', width: 104, valueGetter: (p) => (p.data ? formatMonthCn(p.data.period) : '') },
  {
    colId: 'version',
    headerName: '版本',
    width: 220,
    valueGetter: (p) => (p.data ? rowVersionText(p.data.submissionId, p.data.version) : ''),
    cellClass: (p) => (p.data && p.data.version.state !== 'current' ? 'superseded' : ''),
  },
  {
    colId: 'where',
    headerName: '来源',
    flex: 1,
    minWidth: 240,
    valueGetter: (p) => (p.data ? `${p.data.file} · ${p.data.sheet} 第${p.data.rowNo}行` : ''),
    tooltipValueGetter: (p) => (p.data ? `${p.data.file} · 工作表“${p.data.sheet}” · 第${p.data.rowNo}行` : null),
  },
];

/**
 * One row by plate, VIN, company name, credit code or boiler number, across ledgers and months (the workspace's
 * search index answers; nothing is scanned here). Clicking a hit opens its file's rows.
 */
export function LedgerSearch({ onOpen }: { onOpen: (hit: LedgerSearchHit) => void }) {
  const [query, setQuery] = useState('');
  const [allVersions, setAllVersions] = useState(false);
  const [page, setPage] = useState<LedgerSearchPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (q: string, all: boolean) => {
    if (!q.trim()) {
      setPage(null);
      return;
    }
    setBusy(true);
    setError(null);
    invoke('ledgers.search', { query: q, ...(all ? { allVersions: true } : {}) })
      .then(setPage, (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };

  const summary = (p: LedgerSearchPage) => {
    if (p.rows.length === 0) return `没有找到含“${p.query}”的${allVersions ? '' : '当前版本'}台账行。${allVersions ? '' : '可勾选“含旧版本”再找。'}`;
    if (p.capped && p.total <= p.rows.length) return `找到很多行，只列出最新的 ${p.rows.length} 行；请输入更长的号牌、名称或代码。`;
    if (p.capped) return `找到 ${p.total.toLocaleString('zh-CN')} 行以上，只列出最新的 ${p.rows.length} 行；请输入更完整的内容。`;
    return p.total > p.rows.length ? `找到 ${p.total.toLocaleString('zh-CN')} 行，列出最新的 ${p.rows.length} 行。` : `找到 ${p.total.toLocaleString('zh-CN')} 行。`;
  };

  return (
    <div className="ledger-search" role="search" aria-label="查找台账行">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          run(query, allVersions);
        }}
      >
        <input
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (!e.target.value) setPage(null);
          }}
          placeholder="号牌、车架号、单位名称、统一社会信用代码或锅炉编号"
          aria-label="查找内容"
          maxLength={100}
        />
        <button type="submit" disabled={busy || !query.trim()}>
          查找
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={allVersions}
            onChange={(e) => {
              setAllVersions(e.target.checked);
              if (page) run(query, e.target.checked);
            }}
          />{' '}
          含旧版本
        </label>
        {page && (
          <>
            <span className="muted" role="status">
              {summary(page)}
            </span>
            <button type="button" className="link" onClick={() => setPage(null)}>
              收起结果
            </button>
          </>
        )}
      </form>
      {error && <p className="error-line">{error}</p>}
      {page && page.rows.length > 0 && (
        // a few hits need no empty grid below them
        <div className="search-grid" style={{ height: Math.min(300, 52 + page.rows.length * 34) }}>
          <AgGridReact<LedgerSearchHit>
            theme={gridTheme}
            localeText={GRID_LOCALE}
            rowData={page.rows}
            columnDefs={columns}
            getRowId={(p) => `${p.data.kind}:${p.data.id}`}
            onRowClicked={(e) => e.data && onOpen(e.data)}
            tooltipShowDelay={300}
          />
        </div>
      )}
    </div>
  );
}
