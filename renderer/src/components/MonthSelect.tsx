import { formatMonthCn } from '../../../shared/format';

/** A month drop-down showing 2020年9月 for 2020-09; `emptyLabel` adds a first choice with the value ''. */
export function MonthSelect(props: {
  value: string;
  months: readonly string[];
  onChange: (month: string) => void;
  emptyLabel?: string;
  ariaLabel?: string;
  disabled?: boolean;
}) {
  return (
    <select value={props.value} disabled={props.disabled} aria-label={props.ariaLabel} onChange={(e) => props.onChange(e.target.value)}>
      {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
      {props.months.map((m) => (
        <option key={m} value={m}>
          {formatMonthCn(m)}
        </option>
      ))}
    </select>
  );
}
