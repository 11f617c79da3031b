// Types shared by the core and the renderer. "Unit" always means an organisational unit
// (县区, 部门, 企业); a unit of measure is a "measure".
import type { PlanRef } from './planModels';

export const LEDGER_KINDS = ['mine', 'boiler', 'vehicle', 'permit', 'indicator', 'milestone'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_LABEL: Record<LedgerKind, string> = {
  mine: '露天矿山台账',
  boiler: '锅炉台账',
  vehicle: '车辆淘汰台账',
  permit: '排污许可台账',
  indicator: '指标报送台账',
  milestone: '任务销号台账',
};

export const COMPARATORS = ['>=', '<=', '<', '>', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const UNIT_KINDS = ['county', 'enterprise', 'department', 'office', 'group'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  county: '县区',
  enterprise: '企业',
  department: '市直部门',
  office: '领导组办公室',
  group: '成员单位（集体）',
};

export type TargetKind = 'quantitative' | 'milestone';
export type TargetCategory = 'task' | 'goal' | 'provision';
/** Where the deadline comes from: the plan's words, the plan year's end, or the office's reading of "尽快"-type wording. */
export type DeadlineBasis = 'text' | 'plan_year' | 'inferred';
/** city: one city-wide figure; unit: the target holds for every implementing unit. */
export type TargetScope = 'city' | 'unit';
/** Who reports the actual: the implementing units (city figure = their sum) or the lead department alone. */
export type ReportedBy = 'units' | 'lead';
/** plan: the value is in the plan text; allocation: the province or the office sets it later (另行分解下达). */
export type ValueSource = 'plan' | 'allocation';
/** level: the latest figure counts; cumulative: figures add up over the year; monthly/quarterly: must hold in every period. */
export type Aggregation = 'level' | 'cumulative' | 'monthly' | 'quarterly';
/** binding: 必须; strive: 力争/争取; basic: 基本完成. */
export type Strength = 'binding' | 'strive' | 'basic';

export const STRENGTH_LABEL: Record<Strength, string> = { binding: '约束性', strive: '力争', basic: '基本完成' };
export const SCOPE_LABEL: Record<TargetScope, string> = { city: '全市', unit: '各责任单位' };
export const AGGREGATION_LABEL: Record<Aggregation, string> = {
  level: '时点值',
  cumulative: '累计值',
  monthly: '逐月考核',
  quarterly: '逐季考核',
};
export const DEADLINE_BASIS_LABEL: Record<DeadlineBasis, string> = {
  text: '方案明确',
  plan_year: '方案未定时限，按年底',
  inferred: '按方案推定',
};

export interface TargetView {
  id: string;
  task: number | null;
  section: string;
  category: TargetCategory;
  kind: TargetKind;
  description: string;
  metric: string | null;
  measure: string | null;
  comparator: Comparator | null;
  value: number | null;
  /** Values the plan itself gives per unit (e.g. SO₂ grade I/II limits). */
  unitValues: Record<string, number> | null;
  valueSource: ValueSource;
  allocatable: boolean;
  start: string;
  deadline: string;
  deadlineBasis: DeadlineBasis;
  scope: TargetScope;
  reportedBy: ReportedBy;
  ledger: LedgerKind;
  measurement: string | null;
  aggregation: Aggregation;
  strength: Strength;
  ongoing: boolean;
  condition: string | null;
  quote: string;
  note: string | null;
  lead: string[];
  co: string[];
  units: string[];
}

export interface TaskView {
  no: number;
  section: string;
  sectionTitle: string;
  title: string;
  clause: string;
  lead: string[];
  leadNote: string | null;
  co: string[];
  units: string[];
  targets: TargetView[];
}

export interface ProvisionView {
  code: string;
  title: string;
  text: string;
  targets: TargetView[];
}

export interface PlanDocument {
  title: string;
  number: string;
  issuer: string;
  year: number;
}

export interface PlanView {
  document: PlanDocument;
  /** Which loaded version this is; absent only for a plan read from a workbook that is not loaded. */
  version?: PlanRef;
  tasks: TaskView[];
  goals: TargetView[];
  provisions: ProvisionView[];
}

export interface UnitView {
  name: string;
  kind: UnitKind;
  fullName: string | null;
  aliases: { alias: string; source: 'seed' | 'user' }[];
}

export interface WorkspaceInfo {
  appVersion: string;
  workspacePath: string;
  schemaVersion: number;
  planTitle: string;
  planNumber: string;
  counts: { tasks: number; targets: number; units: number };
  user: string;
}
