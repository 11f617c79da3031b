import { useEffect, useMemo, useState } from 'react';
import type { ReturnStatus, ReturnStatusView } from '../../../shared/assessModels';
import { LEDGER_KINDS } from '../../../shared/models';
import { formatDateCn, formatMonthCn, monthOptions } from '../../../shared/format';
import { invoke } from '../api/client';
import { MonthSelect } from './MonthSelect';
import { ReturnsGrid, shortLedger } from './ReturnsGrid';

/**
 * Who has reported for a month: unit × ledger, in on time, late, missing or not yet due, from the rule the briefing
 * uses; so the analyst knows whom to chase before assessing. `version` changes after each import.
 */
export function ReturnsMatrix({ version, initialMonth }: { version: number; initialMonth?: string }) {
  const [month, setMonth] = useState<string | null>(initialMonth ?? null);
  const [rows, setRows] = useState<ReturnStatusView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // without a month the core picks one: the latest month anything was sent for, else the one last due
  useEffect(() => {
    setError(null);
    invoke('imports.returns', month ? { month } : {}).then(
      (r) => {
        setRows(r.returns);
        if (!month) setMonth(r.month);
      },
      (e: Error) => setError(e.message),
    );
  }, [month, version]);

  const units = useMemo(() => [...new Set((rows ?? []).map((r) => r.unit))], [rows]);
  const kinds = LEDGER_KINDS.filter((k) => rows?.some((r) => r.kind === k));
  const cell = new Map((rows ?? []).map((r) => [`${r.unit}\u0000${r.kind}`, r]));
  const count = (s: ReturnStatus) => (rows ?? []).filter((r) => r.status === s).length;
  const months = useMemo(() => {
    const list = monthOptions();
    return month && !list.includes(month) ? [...list, month].sort() : list;
  }, [month]);

  return (
    <details className="panel returns-matrix" open aria-label="报送情况">
      <summary>
        <span className="returns-title">报送情况</span>
        {rows && month && (
          <span className="returns-summary">
            {formatMonthCn(month)}应报 {rows.length} 份：按时 {count('on_time')}、逾期 {count('late')}、未报送 {count('missing')}
            {count('pending') > 0 ? `、未到期 ${count('pending')}` : ''}
            {rows[0] ? `（截止 ${formatDateCn(rows[0].dueOn)}）` : ''}
          </span>
        )}
      </summary>
      <div className="toolbar">
        <label>
          月份{' '}
          <MonthSelect value={month ?? ''} months={months} onChange={setMonth} ariaLabel="报送情况月份" />
        </label>
        {count('missing') > 0 && (
          <span className="muted">
            待催报：
            {units
              .filter((u) => kinds.some((k) => cell.get(`${u}\u0000${k}`)?.status === 'missing'))
              .map((u) => `${u}（${kinds.filter((k) => cell.get(`${u}\u0000${k}`)?.status === 'missing').map(shortLedger).join('、')}）`)
              .join('；')}
          </span>
        )}
      </div>
      {error && <p className="error-line">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">方案数据中没有规定应报送的台账。</p>}
      {rows && rows.length > 0 && (
        <ReturnsGrid rows={rows} />
      )}
    </details>
  );
}
