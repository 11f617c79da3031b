// What the import and ledger features exchange between the core and the renderer.
import type { LedgerKind } from './models';

export type Severity = 'error' | 'warning' | 'info';

export interface FindingView {
  severity: Severity;
  code: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  col: number | null;
  message: string;
  related?: { submissionId?: number; file?: string; sheet?: string; row?: number; unit?: string; period?: string };
}

export interface RowCounts {
  total: number;
  accepted: number;
  warned: number;
  rejected: number;
}

export interface SheetView {
  name: string;
  hidden: boolean;
  role: 'ledger' | 'summary' | 'skipped';
  headerRows: number[];
  columns: { letter: string; header: string; field: string; label: string; factor: number }[];
  dataRows: number;
  reason?: string;
}

export interface SubmissionRefView {
  id: number;
  file: string;
  submitter: string;
  period: string;
  importedAt: string;
}

/** The result of importing or checking one file (the CLI prints this shape). */
export interface ImportResultView {
  id: number | null;
  file: string;
  status: 'imported' | 'duplicate_file' | 'refused' | 'checked';
  kind: LedgerKind | null;
  submitter: string | null;
  period: string | null;
  sha256: string;
  rows: RowCounts;
  units: Record<string, { accepted: number; warned: number; rejected: number }>;
  findings: FindingView[];
  error?: { code: string; message: string };
  supersedes?: SubmissionRefView | null;
  duplicateOf?: SubmissionRefView;
  detection?: { kind: { source: string; text?: string }; submitter: { source: string; text?: string }; period: { source: string; text?: string } };
  sheets?: SheetView[];
  format?: 'xlsx' | 'xls' | 'csv';
  /** For a checked (not yet imported) upload: the handle to import it without sending it again. */
  stagingId?: string;
}

export interface UnitLedgerTotals {
  mine: { builtupTotal: number; builtupClosed: number; restoredMu: number; reported: boolean };
  boiler: { smallCoalTotal: number; smallCoalRemaining: number; gasTotal: number; gasRetrofitted: number; reported: boolean };
  vehicle: { rows: number; eligibleRetired: number; reported: boolean };
  permit: { listed: number; covered: number; reported: boolean };
}

export interface LedgerSummary {
  asOf: string;
  units: Record<string, UnitLedgerTotals>;
}

export interface SubmissionView {
  id: number;
  file: string;
  format: 'xlsx' | 'xls' | 'csv';
  kind: LedgerKind;
  submitter: string;
  period: string;
  status: 'current' | 'superseded';
  supersedesId: number | null;
  supersededById: number | null;
  supersededAt: string | null;
  importedBy: string;
  importedAt: string;
  sha256: string;
  size: number;
  rows: RowCounts;
}

export interface LedgerRowView {
  id: number;
  submissionId: number;
  file: string;
  period: string;
  submitter: string;
  sheet: string;
  rowNo: number;
  status: 'ok' | 'warned' | 'rejected';
  unit: string | null;
  values: Record<string, string | number | boolean | null>;
  raw: Record<string, string> | null;
}

export interface LedgerRowsPage {
  total: number;
  rows: LedgerRowView[];
}

/** A file handed over as bytes travels base64-encoded in JSON. */
export interface FileBlob {
  fileName: string;
  base64: string;
}
