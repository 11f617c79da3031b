import type { LedgerKind } from '../../../shared/models';
import type { LedgerDef, RowValues } from '../ledgers/types';
import type { AnalyzedRow } from './analysisTypes';
import type { Finding } from './findings';
import type { TableLayout } from './tableDetect';
import type { SheetGrid } from './workbookReader';
import { foldText } from './values';
import { KeySet } from './keySet';

/** An identity an object must not have twice. `unit` is the row's unit as the caller knows it (name in a file, id in the database). */
export interface DuplicateKey {
  /** What the key is, for messages: 号牌号码, 车辆识别代号… */
  label: string;
  field: string;
  /** The same key in SQL over a ledger row table aliased r. */
  sql: string;
  of(v: RowValues, unit: string | number | null): string | null;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * A boiler's identity: its 使用登记证号 when it has one, while a plant's own short number ("1#", "2号炉")
 * only means something together with the plant.
 */
export function boilerKey(v: RowValues): string | null {
  const no = str(v.boilerNo);
  if (!no) return null;
  const folded = foldText(no);
  const local = folded.length <= 4 || /^(NO\.?)?\d{1,3}(#|号|号炉|#炉)?$/.test(folded);
  if (!local) return folded;
  const org = str(v.orgName) ?? str(v.uscc);
  return org ? `${foldText(org)}|${folded}` : folded;
}

export const DUPLICATE_KEYS: Record<LedgerKind, DuplicateKey[]> = {
  mine: [{ label: '矿山名称', field: 'name', sql: `r.unit_id || '|' || r.name_key`, of: (v, u) => (u !== null && str(v.name) ? `${u}|${foldText(v.name as string)}` : null) }],
  boiler: [{ label: '锅炉编号', field: 'boilerNo', sql: 'r.boiler_key', of: (v) => boilerKey(v) }],
  vehicle: [
    { label: '号牌号码', field: 'plate', sql: 'r.plate', of: (v) => str(v.plate) },
    { label: '车辆识别代号', field: 'vin', sql: 'r.vin', of: (v) => str(v.vin) },
  ],
  permit: [{ label: '统一社会信用代码', field: 'uscc', sql: 'r.uscc', of: (v) => str(v.uscc) }],
  indicator: [
    {
      label: '同一单位、指标和月份',
      field: 'indicator',
      sql: `r.unit_id || '|' || r.indicator || '|' || r.month`,
      of: (v, u) => (u !== null && str(v.indicator) && str(v.month) ? `${u}|${v.indicator}|${v.month}` : null),
    },
  ],
  milestone: [{ label: '同一单位和销号事项', field: 'taskNo', sql: `r.unit_id || '|' || r.task_no`, of: (v, u) => (u !== null && str(v.taskNo) ? `${u}|${v.taskNo}` : null) }],
};

/** The second time an object appears in the same file it is refused: counting it twice would overstate progress. */
export function checkDuplicatesInFile(
  def: LedgerDef,
  rows: AnalyzedRow[],
  sheets: { sheet: SheetGrid; layout: TableLayout }[],
  findings: Finding[],
): void {
  const layoutOf = new Map(sheets.map((s) => [s.sheet.name, s.layout]));
  for (const key of DUPLICATE_KEYS[def.kind]) {
    const seen = new KeySet((i) => key.of(rows[i]!.values, rows[i]!.unit), rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const k = key.of(row.values, row.unit);
      if (k === null) continue;
      const at = seen.firstOrAdd(k, i);
      if (at < 0) continue;
      const first = rows[at]!;
      const col = layoutOf.get(row.sheet)?.columns.find((c) => c.field.key === key.field) ?? null;
      findings.push({
        severity: 'error',
        code: 'duplicate',
        sheet: row.sheet,
        row: row.rowNo,
        column: col?.header ?? null,
        col: col?.col ?? null,
        message: `${key.label.replace(/^同一/, '')}与${first.sheet === row.sheet ? '' : `工作表“${first.sheet}”`}第 ${first.rowNo} 行重复，本行不计入。`,
        related: { sheet: first.sheet, row: first.rowNo },
      });
    }
  }
  // findings come out key by key; the list reads better in row order
  findings.sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : 0));
}
