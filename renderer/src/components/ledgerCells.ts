import type { LedgerFieldView, LedgerRowView } from '../../../shared/ledgerModels';
import { formatDateCn, formatNumber } from '../../../shared/format';

export const ROW_STATUS_TEXT: Record<LedgerRowView['status'], string> = { ok: '正常', warned: '有警告', rejected: '拒收' };

/** A stored ledger value as the grids show it: 是/否, 2020年9月30日, 1,234.5, 任务4 完成重点行业VOCs针对性整治. */
export function valueText(f: LedgerFieldView, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (f.type === 'yesno') return v ? '是' : '否';
  if (f.type === 'date' && typeof v === 'string') return formatDateCn(v);
  if (f.type === 'number' && typeof v === 'number') return formatNumber(v, 2);
  // a target column stores the target's code: shown by its name
  if (typeof v === 'string' && f.valueNames?.[v]) return f.valueNames[v];
  return String(v);
}
