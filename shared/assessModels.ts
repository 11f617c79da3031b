// What the assessment and accountability features exchange between the core and the renderer.
import type { LedgerKind } from './models';
import type { PlanRef } from './planModels';

export const STATUSES = ['done', 'on_track', 'lagging', 'seriously_lagging', 'overdue', 'no_data', 'no_target'] as const;
export type AssessStatus = (typeof STATUSES)[number];
export const STATUS_LABEL: Record<AssessStatus, string> = {
  done: '已完成',
  on_track: '序时推进',
  lagging: '滞后',
  seriously_lagging: '严重滞后',
  overdue: '逾期未完成',
  no_data: '未报送',
  no_target: '目标值待下达',
};

export const LEVELS = ['warning', 'interview', 'supervision'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABEL: Record<Level, string> = { warning: '预警', interview: '约谈', supervision: '挂牌督办' };

export type ReturnStatus = 'on_time' | 'late' | 'missing' | 'pending';
export const RETURN_STATUS_LABEL: Record<ReturnStatus, string> = { on_time: '按时', late: '逾期报送', missing: '未报送', pending: '未到期' };

export type DecisionStatus = 'dismissed' | 'rectifying' | 'rectified' | 'closed';
export const DECISION_STATUS_LABEL: Record<DecisionStatus, string> = { dismissed: '已驳回', rectifying: '整改中', rectified: '已整改待核销', closed: '已销号' };

/** The city as a whole, where a target is one city-wide figure. */
export const CITY = '全市';

export interface ResultView {
  target: string;
  task: number | null;
  unit: string;
  value: number | null;
  actual: number | null;
  /** Real value kept; the UI caps what it shows at 100 %. */
  completion: number | null;
  timeProgress: number;
  status: AssessStatus;
  detail: ResultDetail;
}

export interface ResultDetail {
  /** How the actual was found, in a sentence. */
  basis: string;
  numerator?: number;
  denominator?: number;
  month?: string;
  /** For 未报送: what is missing. */
  missing?: string;
  notes?: string[];
  /** The ledger behind the figure. */
  ledger: LedgerKind;
  /** Responsible unit when the result is the city's (the lead department). */
  responsible?: string;
  /** A milestone's progress word as reported (未启动 / 推进中 / 已完成); its completion is the score convention's value. */
  progress?: string;
}

/**
 * How many 考核事项 (a target held against one responsible unit) stand in each status. Produced once in the core
 * (countItems) for the page, the briefing and the dossier alike.
 */
export interface ItemCounts {
  /** Items a unit or a lead department answers for; city totals are not among them. */
  items: number;
  byStatus: Record<AssessStatus, number>;
  /** 滞后 and 严重滞后 together: the sheets' 滞后（含严重滞后） column. */
  behind: number;
  /** The counties' figures added up for the city (各县区（全市合计）): shown apart, never counted as items. */
  cityTotals: number;
  cityTotalsByStatus: Record<AssessStatus, number>;
}

export interface RankingView {
  unit: string;
  score: number;
  rank: number;
}

export interface ReturnStatusView {
  unit: string;
  kind: LedgerKind;
  period: string;
  dueOn: string;
  status: ReturnStatus;
  submissionId: number | null;
  submittedAt: string | null;
}

export interface ProposalView {
  id: number | null;
  unit: string;
  target: string | null;
  level: Level;
  rule: string;
  reason: string;
  decision?: {
    id: number;
    action: 'confirm' | 'downgrade' | 'dismiss';
    level: Level | null;
    status: DecisionStatus;
    reason: string;
    by: string;
    at: string;
    /** Set when the decision was taken on the same proposal in an earlier saved run of the month and carries over. */
    carriedFrom?: { runId: number; proposalId: number } | null;
  } | null;
  /** decided: on this proposal; carried: an earlier run's decision holds; pending: to decide; superseded: a newer run of the month replaces it. */
  state?: ProposalState;
  /** For a superseded proposal: the newer run of the month where it is decided. */
  supersededBy?: number | null;
}

export type ProposalState = 'decided' | 'carried' | 'pending' | 'superseded';
export const PROPOSAL_STATE_LABEL: Record<ProposalState, string> = { decided: '已处理', carried: '沿用原决定', pending: '待处理', superseded: '已被新评估取代' };

export interface AssessmentView {
  runId: number | null;
  asOf: string;
  /** The plan version it was measured against. */
  plan: PlanRef;
  computedAt: string;
  computedBy: string;
  submissionIds: number[];
  settings: AssessSettings;
  results: ResultView[];
  /** The results counted as the documents count them. */
  counts: ItemCounts;
  ranking: RankingView[];
  submissions: ReturnStatusView[];
  proposals: ProposalView[];
  /** Warnings about the inputs, e.g. allocations that do not add up. */
  warnings: string[];
}

export interface AssessSettings {
  seriousLagGap: number;
  returnDueDay: number;
  weights: Record<string, number>;
  /** Completion a milestone's progress word counts for (推进中 0.5 by default; see the workspace setting milestoneInProgressScore). */
  milestoneProgress: Record<string, number>;
}

export interface RunSummary {
  id: number;
  asOf: string;
  plan: PlanRef;
  computedAt: string;
  computedBy: string;
  note: string | null;
}

export interface AllocationView {
  target: string;
  unit: string;
  value: number | null;
  note: string | null;
  source: string;
  setBy: string;
  setAt: string;
}

export interface AllocationCheck {
  target: string;
  cityValue: number | null;
  allocatedSum: number;
  units: number;
  message: string | null;
}

export interface RegisterEntryView {
  id: number;
  proposalId: number;
  runId: number;
  asOf: string;
  unit: string;
  target: string | null;
  proposedLevel: Level;
  action: 'confirm' | 'downgrade' | 'dismiss';
  level: Level | null;
  status: DecisionStatus;
  reason: string;
  proposalReason: string;
  decidedBy: string;
  decidedAt: string;
  events: { status: string; note: string; by: string; at: string }[];
  /** The month the decision is about (YYYY-MM): the register holds one line per unit, target and month. */
  month?: string;
  /** The newest saved run of the month, when it is newer than the decision's own and proposes the same: the decision carries over to it. */
  carriedTo?: number | null;
  /** 依据已变化: what a newer run of the month says differently (the proposal vanished or changed level), until reviewed. */
  basisChanged?: string | null;
  /** Earlier decisions on the same unit, target and month that this one replaced, oldest first. */
  earlier?: { id: number; runId: number; proposedLevel: Level; action: 'confirm' | 'downgrade' | 'dismiss'; level: Level | null; reason: string; decidedBy: string; decidedAt: string }[];
}

/** What a unit's 约谈材料 for a month rests on: the decisions in force, and proposals still to decide. */
export interface DossierBasis {
  unit: string;
  month: string;
  /** The month's newest saved run, whose proposals are the ones to decide; null when none is saved. */
  runId: number | null;
  /** Confirmed (or downgraded-to) 约谈 and 挂牌督办 decisions in force for the unit and month. */
  decisions: { id: number; target: string | null; level: 'interview' | 'supervision'; decidedBy: string; decidedAt: string; status: DecisionStatus }[];
  /** Proposals of the newest run for the unit still waiting for a decision. */
  pending: { proposalId: number; target: string | null; level: Level }[];
}
