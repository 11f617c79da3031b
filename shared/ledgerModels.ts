// What the import and ledger features exchange between the core and the renderer.
import type { LedgerKind } from './models';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export const FINDING_CODE_LABEL: Record<string, string> = {
  required: '必填项为空',
  type: '类型错误',
  domain: '取值不在范围内',
  date_range: '日期超出范围',
  negative: '出现负数',
  uscc_checksum: '信用代码校验位错误',
  plate_format: '号牌格式错误',
  vin_format: '车辆识别代号格式错误',
  area_exceeds: '治理面积超出',
  done_without_date: '已完成但无日期',
  standard_not_eligible: '排放标准不计入任务',
  duplicate: '重复',
  total_mismatch: '合计不符',
  unknown_unit: '未知单位',
  cumulative_decrease: '累计数下降',
  unit_mismatch: '单位与报送单位不符',
  hidden: '隐藏内容',
  sheet_skipped: '工作表已跳过',
  dropped_rows: '较上一版本减少',
  foreign_unit: '外市单位',
  formula_error: '公式错误值',
  no_cached_value: '公式无计算结果',
  too_long: '文字超长',
  unmapped_columns: '未识别的列',
};


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

export interface UnitCoverageView {
  unit: string;
  rows: number;
  rejected: number;
  replaces: (SubmissionRefView & { rows: number }) | null;
}

/** The result of importing or checking one file (the CLI prints this shape). */
export interface ImportResultView {
  id: number | null;
  file: string;
  status: 'imported' | 'duplicate_file' | 'refused' | 'checked' | 'cancelled';
  kind: LedgerKind | null;
  submitter: string | null;
  period: string | null;
  sha256: string;
  rows: RowCounts;
  units: Record<string, { accepted: number; warned: number; rejected: number }>;
  findings: FindingView[];
  error?: { code: string; message: string };
  /**
   * The earlier version this file replaced (or, checked, would replace). A file covering several units may
   * replace different earlier files for different units: `coverage` says which, per unit; this is the first.
   */
  supersedes?: SubmissionRefView | null;
  /** The units the file has rows for, and per unit the earlier rows of the same submitter and month it replaces. */
  coverage?: UnitCoverageView[];
  duplicateOf?: SubmissionRefView;
  /** How each was found: flag, title, file_name, rows, headers; for the submitter also lead (the lead department of the task the ledger serves, inferred) and foreign (named a unit outside the city). */
  detection?: { kind: { source: string; text?: string }; submitter: { source: string; text?: string }; period: { source: string; text?: string } };
  sheets?: SheetView[];
  format?: 'xlsx' | 'xls' | 'csv';
  /** For a checked (not yet imported) upload: the handle to import it without sending it again. */
  stagingId?: string;
  /** What was written in the rows that have findings (the first 500). */
  problemRows?: { sheet: string; row: number; cells: { header: string; text: string }[] }[];
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
  /** Taken back by the analyst (imported under the wrong unit or month): no longer counts. */
  withdrawn: { at: string; by: string; reason: string } | null;
  /** The units it has rows for; per unit whether it is the version that counts, what it replaced and what replaced it. */
  units: SubmissionUnitView[];
}

export interface SubmissionUnitView {
  unit: string;
  rows: number;
  rejected: number;
  status: 'current' | 'superseded';
  replacesId: number | null;
  supersededById: number | null;
  supersededAt: string | null;
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
  /** What the checks said about this row. */
  problems: string[];
  /** When the rows are the evidence behind a figure: whether this one holds it back. */
  holdsBack?: boolean;
  /** Which version of its unit's return the row is in: the n-th submission of that submitter, ledger, month and unit. */
  version: RowVersion;
}

export interface RowVersion {
  /** 1 for the first file, 2 for its first correction, … */
  no: number;
  state: 'current' | 'superseded' | 'withdrawn';
  supersededById: number | null;
}

/** A row found by search: which ledger it is in, besides where it came from. */
export type LedgerSearchHit = LedgerRowView & { kind: LedgerKind };

export interface LedgerSearchPage {
  query: string;
  /** Matches counted (up to a cap); `capped` when there are more, or when a short query was not counted past the page. */
  total: number;
  capped: boolean;
  rows: LedgerSearchHit[];
}

export interface LedgerRowsPage {
  total: number;
  /** When the rows are the evidence behind a figure: how many of all of them hold it back (they come first). */
  heldBack?: number;
  rows: LedgerRowView[];
}

/** A file handed over as bytes travels base64-encoded in JSON. */
export interface FileBlob {
  fileName: string;
  base64: string;
}

/** A ledger column as the UI shows it. */
export interface LedgerFieldView {
  key: string;
  label: string;
  type: 'unit' | 'text' | 'number' | 'date' | 'yesno' | 'enum' | 'uscc' | 'plate' | 'vin' | 'period';
  required: boolean;
  measure: string | null;
  options: string[] | null;
  /** For a column holding a target of the plan: each stored code → the name people read (任务4 完成…). */
  valueNames?: Record<string, string>;
}

/** A row on one side of a comparison. */
export interface ComparedRow {
  /** What matched the row across versions, as people read it (a plate, a boiler number, a mine's name). */
  key: string;
  unit: string | null;
  sheet: string;
  rowNo: number;
  status: LedgerRowView['status'];
  /** The stored values; for a refused row, what the submitter wrote where no value was stored. */
  values: LedgerRowView['values'];
}

export interface ChangedRow {
  key: string;
  unit: string | null;
  before: ComparedRow;
  after: ComparedRow;
  /** Only the fields whose value differs. */
  fields: { field: string; before: string | number | boolean | null; after: string | number | boolean | null }[];
}

export interface SubmissionComparison {
  kind: LedgerKind;
  submission: SubmissionRefView;
  /** Per unit the correction covers, the version it replaced (null: the unit was new in this file). */
  units: { unit: string; replaced: SubmissionRefView | null }[];
  /** How many rows were added, removed, changed and left as they were; the lists hold at most COMPARE_LIST_MAX each. */
  counts: { added: number; removed: number; changed: number; unchanged: number };
  added: ComparedRow[];
  removed: ComparedRow[];
  changed: ChangedRow[];
}

/** A wholly rewritten 100,000-row ledger is summed up, not sent row by row. */
export const COMPARE_LIST_MAX = 500;
