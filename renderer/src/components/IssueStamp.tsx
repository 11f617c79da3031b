// The 印发日期 the analyst accepts and who signs, above the buttons that issue documents: both go into every document.
import { formatDateCn } from '../../../shared/format';
import { pageHref } from '../navigation';

export function IssueStamp({
  issuedOn,
  onChange,
  problem,
  analyst,
  disabled,
}: {
  issuedOn: string;
  onChange: (date: string) => void;
  problem: string | null;
  /** The analyst named in 设置; '' when not set, null while loading. */
  analyst: string | null;
  disabled: boolean;
}) {
  return (
    <div className="issue-stamp">
      <label>
        印发日期{' '}
        <input
          type="date"
          className={problem ? 'date-input bad' : 'date-input'}
          value={issuedOn}
          onChange={(e) => onChange(e.target.value)}
          aria-label="印发日期"
          aria-invalid={problem !== null}
          disabled={disabled}
        />
      </label>
      {problem ? (
        <span className="error-line small field-problem">{problem}</span>
      ) : (
        <span className="muted small field-hint">文件落款 {formatDateCn(issuedOn)}</span>
      )}
      {analyst === '' ? (
        <span className="error-line small signer-missing" role="alert">
          尚未设置分析员姓名，文件无人署名，不能生成。请先到
          <a href={pageHref('settings')}>设置页</a>
          填写。
        </span>
      ) : analyst ? (
        <span className="muted small signer">制表人、印发人：{analyst}</span>
      ) : null}
    </div>
  );
}
