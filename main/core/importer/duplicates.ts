import type { LedgerKind } from '../../../shared/models';
import type { LedgerDef, RowValues } from '../ledgers/types';
import type { AnalyzedRow } from './analyze';
import type { Finding } from './findings';
import type { TableLayout } from './tableDetect';
import type { SheetGrid } from './workbookReader';
import { foldText } from './values';

export interface DuplicateKey {
  /** What the key is, for the message: 号牌号码, 车辆识别代号… */
  label: string;
  field: string;
  key: string;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The identities an object must not have twice, per ledger. */
export function duplicateKeys(kind: LedgerKind, v: RowValues): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const add = (label: string, field: string, key: string | null) => key && out.push({ label, field, key });
  switch (kind) {
    case 'mine':
      add('矿山名称', 'name', str(v.name) && str(v.county) ? `${v.county}|${foldText(v.name as string)}` : null);
      break;
    case 'boiler':
      add('锅炉编号', 'boilerNo', str(v.boilerNo) && foldText(v.boilerNo as string));
      break;
    case 'vehicle':
      add('号牌号码', 'plate', str(v.plate));
      add('车辆识别代号', 'vin', str(v.vin));
      break;
    case 'permit':
      add('统一社会信用代码', 'uscc', str(v.uscc));
      break;
    case 'indicator':
      add('单位、指标和月份', 'indicator', str(v.unit) && str(v.indicator) && str(v.month) ? `${v.unit}|${v.indicator}|${v.month}` : null);
      break;
    case 'milestone':
      add('单位和销号事项', 'taskNo', str(v.unit) && str(v.taskNo) ? `${v.unit}|${v.taskNo}` : null);
      break;
  }
  return out;
}

/** The second time an object appears in the same file it is refused: counting it twice would overstate progress. */
export function checkDuplicatesInFile(
  def: LedgerDef,
  rows: AnalyzedRow[],
  sheets: { sheet: SheetGrid; layout: TableLayout }[],
  findings: Finding[],
): void {
  const seen = new Map<string, AnalyzedRow>();
  const layoutOf = new Map(sheets.map((s) => [s.sheet.name, s.layout]));
  for (const row of rows) {
    for (const k of duplicateKeys(def.kind, row.values)) {
      const id = `${k.field}\u0000${k.key}`;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, row);
        continue;
      }
      const col = layoutOf.get(row.sheet)?.columns.find((c) => c.field.key === k.field) ?? null;
      findings.push({
        severity: 'error',
        code: 'duplicate',
        sheet: row.sheet,
        row: row.rowNo,
        column: col?.header ?? null,
        col: col?.col ?? null,
        message: `${k.label}与${first.sheet === row.sheet ? '' : `工作表“${first.sheet}”`}第 ${first.rowNo} 行重复，本行不计入。`,
        related: { sheet: first.sheet, row: first.rowNo },
      });
    }
  }
}
