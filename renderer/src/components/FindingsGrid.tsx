import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import { FINDING_CODE_LABEL, SEVERITY_LABEL, type FindingView } from '../../../shared/ledgerModels';
import { groupFindings, rowRanges, type FindingGroup } from '../../../shared/findingGroups';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from './grid';

/** A line of the list: a group (one problem, perhaps on many rows) or, when a group is open, one of its rows. */
interface Line {
  id: string;
  group: FindingGroup<FindingView>;
  member: FindingView | null;
  open: boolean;
}

const many = (l: Line) => l.member === null && l.group.members.length > 1;

function messageOf(l: Line): string {
  // an opened row repeats nothing the group line says already
  if (l.member) return l.group.message !== null ? '同上' : l.member.message;
  const g = l.group;
  if (g.members.length === 1) return g.members[0]!.message;
  const what = g.message ?? `${g.members[0]!.message}等（各行说明不同）`;
  return `${l.open ? '▾' : '▸'} 共 ${g.members.length} 处：${what}`;
}

const columns: ColDef<Line>[] = [
  {
    colId: 'severity',
    headerName: '严重程度',
    width: 96,
    valueGetter: (p) => (p.data && !p.data.member ? SEVERITY_LABEL[p.data.group.severity] : ''),
    cellClass: (p) => (p.data && !p.data.member ? `sev-${p.data.group.severity}` : ''),
  },
  {
    colId: 'code',
    headerName: '问题类型',
    width: 136,
    valueGetter: (p) => (p.data && !p.data.member ? (FINDING_CODE_LABEL[p.data.group.code] ?? p.data.group.code) : ''),
  },
  { colId: 'sheet', headerName: '工作表', width: 90, valueGetter: (p) => (p.data?.member ?? p.data?.group)?.sheet ?? '', tooltipValueGetter: (p) => p.data?.group.sheet ?? null },
  {
    colId: 'row',
    headerName: '行',
    width: 130,
    // a folded line's rows are read whole, wrapped
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => {
      if (!p.data) return '';
      if (p.data.member) return p.data.member.row ?? '';
      return many(p.data) ? rowRanges(p.data.group.rows, 12) : (p.data.group.members[0]!.row ?? '');
    },
    tooltipValueGetter: (p) => (p.data && many(p.data) ? `${rowRanges(p.data.group.rows)}（共 ${p.data.group.rows.length} 行）` : null),
  },
  { colId: 'column', headerName: '列', width: 110, valueGetter: (p) => p.data?.group.column ?? '', tooltipValueGetter: (p) => p.data?.group.column ?? null },
  {
    colId: 'message',
    headerName: '说明',
    flex: 1,
    minWidth: 240,
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => (p.data ? messageOf(p.data) : ''),
    tooltipValueGetter: (p) => (p.data ? messageOf(p.data) : null),
  },
];

/**
 * Findings of one file, filterable by severity and code. The same problem on many rows is one line with its
 * rows (第5–9、12行); clicking it opens the rows one by one. Clicking a single finding shows its row.
 */
export function FindingsGrid({ findings, onPick }: { findings: FindingView[]; onPick?: (f: FindingView) => void }) {
  const [severity, setSeverity] = useState<'all' | FindingView['severity']>('all');
  const [code, setCode] = useState('all');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const codes = useMemo(() => [...new Set(findings.map((f) => f.code))], [findings]);
  const groups = useMemo(
    () => groupFindings(findings.filter((f) => (severity === 'all' || f.severity === severity) && (code === 'all' || f.code === code))),
    [findings, severity, code],
  );
  const lines = useMemo(
    () =>
      groups.flatMap((g): Line[] => {
        const isOpen = open.has(g.key) && g.members.length > 1;
        const head: Line = { id: g.key, group: g, member: null, open: isOpen };
        return isOpen ? [head, ...g.members.map((m, i) => ({ id: `${g.key}\u0000${i}`, group: g, member: m, open: false }))] : [head];
      }),
    [groups, open],
  );
  const count = (s: FindingView['severity']) => findings.filter((f) => f.severity === s).length;
  const toggle = (key: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(key)) next.add(key);
      return next;
    });
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
        {groups.length < groups.reduce((n, g) => n + g.members.length, 0) && <span className="muted">同类问题已合并为一行，点击可逐行展开</span>}
      </div>
      <div className="findings-grid">
        <AgGridReact<Line>
          theme={gridTheme}
          localeText={{ ...GRID_LOCALE, noRowsToShow: findings.length === 0 ? '没有发现问题' : '没有符合筛选条件的问题' }}
          rowData={lines}
          columnDefs={columns}
          getRowId={(p) => p.data.id}
          getRowClass={(p) => (p.data?.member ? 'finding-member' : p.data && many(p.data) ? 'finding-group' : undefined)}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onRowClicked={(e) => {
            const l = e.data;
            if (!l) return;
            if (many(l)) toggle(l.group.key);
            else onPick?.(l.member ?? l.group.members[0]!);
          }}
          tooltipShowDelay={300}
          {...autoHeightFixes}
          onRowDataUpdated={(e) => e.api.resetRowHeights()}
        />
      </div>
    </div>
  );
}
