import { useEffect, useMemo, useState } from 'react';
import type { ReturnStatus, ReturnStatusView } from '../../../shared/assessModels';
import { RETURN_STATUS_LABEL } from '../../../shared/assessModels';
import { LEDGER_KINDS, LEDGER_LABEL } from '../../../shared/models';
import { formatBeijingDateTime, formatDateCn, formatMonthCn, monthOptions } from '../../../shared/format';
import { invoke } from '../api/client';
import { MonthSelect } from './MonthSelect';

const SHORT: Record<ReturnStatus, string> = { on_time: '按时', late: '逾期', missing: '未报', pending: '未到期' };

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
              .map((u) => `${u}（${kinds.filter((k) => cell.get(`${u}\u0000${k}`)?.status === 'missing').map((k) => LEDGER_LABEL[k].replace(/台账$/, '')).join('、')}）`)
              .join('；')}
          </span>
        )}
      </div>
      {error && <p className="error-line">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">方案数据中没有规定应报送的台账。</p>}
      {rows && rows.length > 0 && (
        <table className="returns-table">
          <thead>
            <tr>
              <th scope="col">单位</th>
              {kinds.map((k) => (
                <th key={k} scope="col">
                  {LEDGER_LABEL[k].replace(/台账$/, '')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u}>
                <th scope="row">{u}</th>
                {kinds.map((k) => {
                  const r = cell.get(`${u}\u0000${k}`);
                  if (!r) return <td key={k} className="ret-none" title="不需报送" />;
                  const title = r.submittedAt
                    ? `${u} ${LEDGER_LABEL[k]}：${RETURN_STATUS_LABEL[r.status]}，${formatBeijingDateTime(r.submittedAt)} 导入（报送编号 ${r.submissionId}），截止 ${formatDateCn(r.dueOn)}`
                    : `${u} ${LEDGER_LABEL[k]}：${RETURN_STATUS_LABEL[r.status]}，截止 ${formatDateCn(r.dueOn)}`;
                  return (
                    <td key={k} className={`ret-${r.status}`} title={title} aria-label={title}>
                      {SHORT[r.status]}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
