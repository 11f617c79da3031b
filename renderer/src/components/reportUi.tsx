// Small pieces the 报告 page shares: the progress of a report being built, and what became of one just issued.
import { useState } from 'react';
import type { ApiEvents } from '../../../shared/api';
import type { IssuedReportView, ReportFormat } from '../../../shared/reportModels';
import { REPORT_KIND_LABEL } from '../../../shared/reportModels';
import { formatBytes, formatDateCn } from '../../../shared/format';
import { canShowInFolder, showInFolder, type Delivery } from '../api/client';

export const FORMAT_LABEL: Record<ReportFormat, string> = { xlsx: 'Excel', docx: 'Word', pdf: 'PDF' };

/** The first characters of a digest, enough to tell two files apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 10);
}

/** The report's progress as the core reports it; while nothing has arrived yet, a plain busy line. */
export function ReportProgress({ progress, busyText, label }: { progress: ApiEvents['progress'] | null; busyText: string; label: string }) {
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="report-progress" role="status" aria-live="polite">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label={label}>
        <div className="progress-bar" style={{ width: `${pct ?? 100}%` }} data-indeterminate={pct === null} />
        <span className="progress-text">{progress?.message || busyText}</span>
      </div>
    </div>
  );
}

/** Where the file went: saved to a path (with 打开所在文件夹), downloaded, or not saved. */
export function DeliveryLine({ delivery }: { delivery: Delivery }) {
  const [failed, setFailed] = useState(false);
  if (delivery.how === 'downloaded') return <p className="delivery">已下载：{delivery.fileName}</p>;
  if (delivery.how === 'cancelled') return <p className="delivery muted">未保存文件（已取消）。可随时在下方“已印发报告”中下载原件。</p>;
  return (
    <p className="delivery">
      已保存到：<span className="path">{delivery.path}</span>
      {canShowInFolder() && (
        <button type="button" className="link" onClick={() => void showInFolder(delivery.path).then((ok) => setFailed(!ok))}>
          打开所在文件夹
        </button>
      )}
      {failed && <span className="error-line">（无法打开该文件夹）</span>}
    </p>
  );
}

/** The record of a report just issued, what it rests on, and what changed since the previous issue. */
export function IssuedOutcome({ report, delivery, headline, note, compact }: { report: IssuedReportView; delivery: Delivery | null; headline?: string; note?: string; compact?: boolean }) {
  return (
    <div className={compact ? 'issued-outcome compact' : 'issued-outcome'} role="status">
      <p className="issued-head">
        <strong>{headline ?? `已生成${REPORT_KIND_LABEL[report.kind]}`}</strong>
        <span className="issued-file">{report.fileName}</span>
      </p>
      <ul className="issued-facts">
        <li>
          印发记录 <b>#{report.id}</b>
        </li>
        <li>
          依据评估 <b>#{report.runId}</b>（截至{formatDateCn(report.asOf)}）
        </li>
        <li>
          台账 <b>{report.submissionIds.length}</b> 份
        </li>
        <li title={`SHA-256：${report.sha256}`}>
          SHA-256 <code>{shortHash(report.sha256)}…</code>
        </li>
        <li>{formatBytes(report.size)}</li>
        {report.reissueOf !== null && <li>重新生成自 #{report.reissueOf}</li>}
      </ul>
      {note && <p className="issued-note">{note}</p>}
      {delivery && <DeliveryLine delivery={delivery} />}
      {report.reissueOf === null && report.changes.length > 0 && (
        <div className="issued-changes">
          <p>与上次{report.kind === 'monthly' ? '通报' : '约谈材料'}相比：</p>
          <ul>
            {report.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
