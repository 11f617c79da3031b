// The data a report is built from: assembled by the core from one saved assessment, so a report can be
// rebuilt exactly as issued. Builders turn it into bytes and never query the workspace themselves.
import type { AssessStatus, Level, ReturnStatus } from './assessModels';
import type { Comparator, LedgerKind } from './models';

/** Who issues the briefings and dossiers. */
export const ISSUING_OFFICE = '阳泉市大气污染防治工作领导组办公室';
/** What a document built from the demo workspace says under its title, so it is never taken for a real one. */
export const DEMO_NOTICE = '（示例数据生成，仅供演示）';

export interface ReportTarget {
  id: string;
  task: number | null;
  section: string;
  description: string;
  /** "≥ 20,000 亩（2万亩）", "按期完成（销号）". */
  valueText: string;
  /** How the actual is held to the value; null for milestones. */
  comparator?: Comparator | null;
  measure: string | null;
  deadline: string;
  lead: string[];
  /** The words of the plan the target comes from. */
  quote: string;
}

export interface ReportCell {
  target: string;
  unit: string;
  value: number | null;
  actual: number | null;
  completion: number | null;
  timeProgress: number;
  status: AssessStatus;
  basis: string;
  notes: string[];
  /** The counties' own figures added up for the city: shown, but not counted again in the totals. */
  cityTotal?: boolean;
}

export interface TaskProgress {
  no: number;
  title: string;
  lead: string[];
  targets: number;
  done: number;
  onTrack: number;
  lagging: number;
  overdue: number;
  noData: number;
  noTarget: number;
}

export interface QualityRow {
  /** The unit that sent the returns. */
  unit: string;
  submissions: number;
  rows: number;
  rejected: number;
  warned: number;
  errors: number;
  warnings: number;
  /** The most frequent problems: "号牌格式错误 3". */
  top: string[];
}

export interface MonthlyReportData {
  /** 阳泉市打赢蓝天保卫战重点任务进展情况通报（2020年9月） */
  title: string;
  planTitle: string;
  planNumber: string;
  month: string;
  asOf: string;
  issuedAt: string;
  issuer: string;
  runId: number;
  /** Submissions the assessment read, for the record on the cover. */
  submissionCount: number;
  /** A few sentences on the month, generated from the figures. */
  overview: string[];
  /** The counties, in the order the matrix and ranking list them. */
  units: string[];
  targets: ReportTarget[];
  /** One per target and unit; unit is 全市 for city-wide figures. */
  cells: ReportCell[];
  tasks: TaskProgress[];
  ranking: { unit: string; score: number; rank: number }[];
  /** Behind, seriously behind or overdue, worst first. responsible: the unit, or the lead department for a city figure. */
  lagging: { target: string; unit: string; responsible: string; status: AssessStatus; value: number | null; actual: number | null; completion: number | null; timeProgress: number; lead: string[]; basis: string }[];
  quality: QualityRow[];
  returns: { unit: string; kind: LedgerKind; period: string; dueOn: string; status: ReturnStatus; submittedAt: string | null }[];
  /** What changed since the last issued briefing for this month, when there was one. */
  changes: string[];
  /** Built from the demo workspace: the document says it is an example. */
  demo?: boolean;
}

export interface EvidenceRow {
  file: string;
  /** When the file came in: 2020年10月5日. */
  importedAt: string;
  sheet: string;
  row: number;
  unit: string | null;
  /** Label → value as written, in the ledger's column order. */
  cells: { label: string; value: string }[];
  /** Whether this row holds the figure back (a boiler not retrofitted, a permit not issued). */
  holdsBack: boolean;
  /** What the checks said about the row. */
  problems: string[];
}

export interface DossierItem {
  target: ReportTarget;
  cell: ReportCell;
  /** Months in a row the target has been behind (this one included). */
  monthsBehind: number;
  /** The task's whole clause, quoted. */
  clause: string;
  taskTitle: string;
  evidence: EvidenceRow[];
  evidenceTotal: number;
  /** Of all the rows, those that hold the figure back; when there are any, only they are listed. Null when the figure has no such rows. */
  heldBackTotal?: number | null;
}

export interface DossierHistory {
  asOf: string;
  level: Level | null;
  action: 'confirm' | 'downgrade' | 'dismiss';
  status: string;
  reason: string;
  proposalReason: string;
  decidedAt: string;
}

export interface DossierData {
  title: string;
  unit: string;
  unitFullName: string | null;
  month: string;
  asOf: string;
  issuedAt: string;
  issuer: string;
  runId: number;
  items: DossierItem[];
  /** The sentence of section 四(七) of the plan that provides for 约谈, quoted. */
  accountabilityClause: string;
  /** The sentence of section 四(五) that provides for 预警, quoted. */
  guidanceClause: string;
  history: DossierHistory[];
  /** 整改期限. */
  rectifyBy: string;
  planTitle: string;
  planNumber: string;
  /** Built from the demo workspace: the document says it is an example. */
  demo?: boolean;
}

export type ReportKind = 'monthly' | 'dossier';
export type ReportFormat = 'xlsx' | 'docx' | 'pdf';
export const REPORT_KIND_LABEL: Record<ReportKind, string> = { monthly: '月度通报', dossier: '约谈材料' };

/** One report as it left the office. */
export interface IssuedReportView {
  id: number;
  kind: ReportKind;
  format: ReportFormat;
  /** The unit a dossier is about; null for the briefing. */
  unit: string | null;
  month: string;
  asOf: string;
  runId: number;
  submissionIds: number[];
  fileName: string;
  sha256: string;
  size: number;
  /** The report this one rebuilt, when it is a re-issue. */
  reissueOf: number | null;
  /** What differs from the previous issue for the same month (and unit). */
  changes: string[];
  issuedBy: string;
  issuedAt: string;
}
