// The data a report is built from: assembled by the core from one saved assessment, so a report can be
// rebuilt exactly as issued. Builders turn it into bytes and never query the workspace themselves.
import type { AssessStatus, ItemCounts, Level, ReturnStatus } from './assessModels';
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
  /** A milestone's progress word (推进中); its completion is the score convention's value. */
  progress?: string;
}

export interface TaskProgress {
  /** The task's number; 0 for the plan's goals and provisions, which belong to no task. */
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

export interface LaggingRow {
  target: string;
  unit: string;
  responsible: string;
  status: AssessStatus;
  value: number | null;
  actual: number | null;
  completion: number | null;
  timeProgress: number;
  lead: string[];
  basis: string;
  /** A milestone's progress word. */
  progress?: string;
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
  /** The 印发日期 the analyst accepted, as midnight of that day in Beijing (shared/reportDates issuedAtOf). */
  issuedAt: string;
  /** The analyst named in 设置 (制表人、印发人), never the OS account. */
  issuer: string;
  /** 印发机关, 文号, 主送 and 抄送 as set when it was issued; absent in documents issued before they were settings. */
  office?: string;
  docNumber?: string | null;
  mainRecipients?: string;
  copyRecipients?: string;
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
  /** Behind, seriously behind or overdue items, worst first. responsible: the unit, or the lead department for a city figure. */
  lagging: LaggingRow[];
  /** The same for the city totals of the counties' figures: listed apart, never counted as items. */
  laggingCityTotals?: LaggingRow[];
  /** The items by status, as the cover, the task sheet and the 考核评估 page count them (absent in records issued before). */
  counts?: ItemCounts;
  /** Per responsible unit (the ranking sheet's columns). */
  unitCounts?: Record<string, ItemCounts>;
  /** The plan's goals and provisions, which belong to no task: the task sheet lists them so its total is the cover's. */
  otherTargets?: TaskProgress[];
  /** The milestone score convention of the assessment (推进中 → 0.5). */
  milestoneScale?: Record<string, number>;
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
  /** The 印发日期 the analyst accepted, as midnight of that day in Beijing (shared/reportDates issuedAtOf). */
  issuedAt: string;
  /** The analyst named in 设置 (制表人、印发人), never the OS account. */
  issuer: string;
  /** 印发机关, 文号, 主送 and 抄送 as set when it was issued; absent in documents issued before they were settings. */
  office?: string;
  docNumber?: string | null;
  mainRecipients?: string;
  copyRecipients?: string;
  runId: number;
  items: DossierItem[];
  /** The sentence of the plan's provision for 约谈 (四(七) in the 2020 plan), quoted; empty when the plan has none. */
  accountabilityClause: string;
  /** Where that provision is in the plan, e.g. 四(七); null when the plan has none. */
  accountabilityCode: string | null;
  /** The sentence of the provision for 预警 (四(五) in the 2020 plan), quoted; empty when the plan has none. */
  guidanceClause: string;
  guidanceCode: string | null;
  history: DossierHistory[];
  /** 整改期限. */
  rectifyBy: string;
  planTitle: string;
  planNumber: string;
  /** The recorded decisions the dossier follows; null for a draft written before any; absent in records made before decisions were required. */
  decision?: DossierDecision | null;
  /** Marked 草稿 in its title and page header, and not recorded as issued. */
  draft?: boolean;
  /** For a draft without a decision: the heaviest level the month's pending proposals suggest. */
  proposedLevel?: Level | null;
  /** Built from the demo workspace: the document says it is an example. */
  demo?: boolean;
}

/** 约谈 and 挂牌督办 as decided in the register for the unit and month: the dossier's wording follows them. */
export interface DossierDecision {
  /** The heaviest decided: 挂牌督办 outranks 约谈. */
  level: 'interview' | 'supervision';
  /** Targets (as people read them) decided for 约谈, and for 挂牌督办. */
  interview: string[];
  supervision: string[];
  /** The register entries followed. */
  entries: number[];
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
  /** The analyst who signed it (the OS account for reports issued before the analyst was a setting). */
  issuedBy: string;
  /** When it was recorded (audit time). */
  issuedAt: string;
  /** The 印发日期 the document bears. */
  issuedOn: string;
  docNumber: string | null;
  /** A dossier's 整改期限. */
  rectifyBy: string | null;
  /** The OS account that issued it, for the audit. */
  osAccount: string | null;
}
