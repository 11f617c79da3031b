// What analysing a file yields, shared by the analysis and the checks it hands rows to (duplicates, totals,
// cross-file), so those import the shapes without importing the analysis itself.
import type { LedgerKind } from '../../../shared/models';
import type { SheetView } from '../../../shared/ledgerModels';
import type { RowValues } from '../ledgers/types';
import type { DetectionSource } from './attribution';
import type { Finding } from './findings';
import type { FileFormat } from './workbookReader';

export type { DetectionSource };

export type RowStatus = 'ok' | 'warned' | 'rejected';

export interface AnalyzedRow {
  sheet: string;
  /** 1-based Excel row. */
  rowNo: number;
  unit: string | null;
  values: RowValues;
  status: RowStatus;
  /** Cell texts of rows with problems, so the analyst sees what was written. */
  raw: Record<string, string> | null;
}

/** How each sheet was read, as the analyst sees it. */
export type SheetReport = SheetView;

export interface Analysis {
  fileName: string;
  format: FileFormat;
  encoding?: 'utf-8' | 'gbk';
  size: number;
  sha256: string;
  kind: LedgerKind;
  submitter: string;
  period: string;
  detection: { kind: DetectionSource; submitter: DetectionSource; period: DetectionSource };
  sheets: SheetReport[];
  rows: AnalyzedRow[];
  findings: Finding[];
  counts: { total: number; accepted: number; warned: number; rejected: number };
  units: Record<string, { accepted: number; warned: number; rejected: number }>;
}
