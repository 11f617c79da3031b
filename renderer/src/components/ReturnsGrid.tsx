import type { ReturnStatus, ReturnStatusView } from '../../../shared/assessModels';
import { RETURN_STATUS_LABEL } from '../../../shared/assessModels';
import { LEDGER_KINDS, LEDGER_LABEL } from '../../../shared/models';
import { formatBeijingDateTime, formatDateCn } from '../../../shared/format';

const SHORT: Record<ReturnStatus, string> = { on_time: '按时', late: '逾期', missing: '未报', pending: '未到期' };

export const shortLedger = (k: ReturnStatusView['kind']) => LEDGER_LABEL[k].replace(/台账$/, '');

/** One month's returns as unit × ledger: 按时, 逾期, 未报 or 未到期, each cell saying on hover when it came in. */
export function ReturnsGrid({ rows }: { rows: ReturnStatusView[] }) {
  const units = [...new Set(rows.map((r) => r.unit))];
  const kinds = LEDGER_KINDS.filter((k) => rows.some((r) => r.kind === k));
  const cell = new Map(rows.map((r) => [`${r.unit}\u0000${r.kind}`, r]));
  return (
    <table className="returns-table" aria-label="报送情况">
      <thead>
        <tr>
          <th scope="col">单位</th>
          {kinds.map((k) => (
            <th key={k} scope="col">
              {shortLedger(k)}
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
  );
}
