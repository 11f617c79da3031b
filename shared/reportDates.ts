// The dates on a document, in one place for the core, the CLI and the UI: 印发日期 the analyst accepts, 整改期限
// counted from the assessed month. Nothing here reads the clock; the caller passes "today" when it wants it.
import { beijingDate, formatDateCn } from './format';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(v: string): boolean {
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** 2020-09 → 2020-09-30 */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The default 整改期限: the last day of the month after the assessed one (2020-09 → 2020-10-31), whenever it is issued. */
export function defaultRectifyBy(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

/** The default 印发日期: today in Yangquan. */
export function todayInBeijing(now: Date): string {
  return beijingDate(now.toISOString());
}

/** The moment a document dated `date` is stamped with (its metadata and zip entries): midnight of that day in Beijing. */
export function issuedAtOf(date: string): string {
  return `${date}T00:00:00+08:00`;
}

/** Why an 印发日期 cannot stand for a month's document, or null. */
export function issueDateProblem(issuedOn: string, month: string): string | null {
  if (!isIsoDate(issuedOn)) return `印发日期应为有效日期（年-月-日），而不是“${issuedOn}”。`;
  const asOf = lastDayOfMonth(month);
  if (issuedOn < asOf) return `印发日期（${formatDateCn(issuedOn)}）早于评估截止日（${formatDateCn(asOf)}），通报和约谈材料只能在所评估的月份结束后印发。`;
  return null;
}

/** Why a 整改期限 cannot stand, or null: it must fall after the assessed month and after the day the dossier is issued. */
export function rectifyByProblem(rectifyBy: string, month: string, issuedOn: string): string | null {
  if (!isIsoDate(rectifyBy)) return `整改期限应为有效日期（年-月-日），而不是“${rectifyBy}”。`;
  const asOf = lastDayOfMonth(month);
  if (rectifyBy <= asOf) return `整改期限（${formatDateCn(rectifyBy)}）应晚于评估截止日（${formatDateCn(asOf)}）。`;
  if (isIsoDate(issuedOn) && rectifyBy <= issuedOn) return `整改期限（${formatDateCn(rectifyBy)}）不晚于印发日期（${formatDateCn(issuedOn)}），请另定整改期限，或改定印发日期。`;
  return null;
}
