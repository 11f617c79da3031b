import { writeTransaction, type Db } from '../db/connection';
import { ApiError } from '../../../shared/api';
import {
  CITY,
  DECISION_STATUS_LABEL,
  LEVEL_LABEL,
  type AllocationCheck,
  type AllocationView,
  type AssessSettings,
  type AssessStatus,
  type AssessmentView,
  type DecisionStatus,
  type Level,
  type ProposalView,
  type RegisterEntryView,
  type DossierBasis,
  type ResultView,
  type ReturnStatusView,
  type RunSummary,
} from '../../../shared/assessModels';
import type { LedgerKind, PlanView, TargetView } from '../../../shared/models';
import type { LedgerRowsPage } from '../../../shared/ledgerModels';
import { formatDateTime, formatMonthCn, formatNumber } from '../../../shared/format';
import { defaultPlanVersion, planRefOfView, readPlan, readPlanAt, readPlanOfRun } from '../db/repos/planRepo';
import { getPlanVersion, planRefOf } from '../db/repos/planVersionsRepo';
import { listUnits, unitIdsByName } from '../db/repos/unitsRepo';
import { submissionSet } from '../db/repos/ledgerTotalsRepo';
import { ledgerRows } from '../db/repos/ledgerBrowseRepo';
import * as repo from '../db/repos/assessRepo';
import { loadAssessmentSeed, type AssessmentSeed } from './assessSeed';
import { computeResults, loadTotals, type Allocations, type SubmissionIds } from './compute';
import { monthEndOf, previousMonth, quarterMonths } from './evaluate';
import { readWorkspaceSetting } from '../settings/workspaceSettings';
import { IN_PROGRESS } from '../../../shared/figures';
import { rankUnits } from './ranking';
import { countable, countItems } from './counts';
import { beijingDate, lastDueMonth, monthsBetween, returnStatuses } from './returns';
import { levelRank, propose } from './escalation';
import { evidenceFilter } from './evidence';
import { signerName } from '../settings/signer';

export interface AssessDeps {
  db: Db;
  seedsDir: string;
  /** The OS account, kept in the audit columns; who signs a decision is the analyst (settings/signer). */
  user: string;
  now: () => Date;
}

const KINDS: LedgerKind[] = ['mine', 'boiler', 'vehicle', 'permit', 'indicator', 'milestone'];

function flatIds(ids: SubmissionIds): number[] {
  return KINDS.flatMap((k) => ids[k]).sort((a, b) => a - b);
}

function allTargets(plan: PlanView): TargetView[] {
  return [...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)];
}

export function createAssessService(d: AssessDeps) {
  const { db } = d;
  let seedCache: AssessmentSeed | null = null;
  const seed = () => (seedCache ??= loadAssessmentSeed(d.seedsDir));

  const settings = (): AssessSettings => {
    const base = seed().settings;
    const over = repo.currentSettings(db);
    return {
      seriousLagGap: typeof over.seriousLagGap === 'number' ? over.seriousLagGap : base.seriousLagGap,
      returnDueDay: typeof over.returnDueDay === 'number' ? over.returnDueDay : base.returnDueDay,
      weights: { ...base.weights, ...((over.weights as Record<string, number> | undefined) ?? {}) },
      milestoneProgress: {
        ...base.milestoneProgress,
        ...((over.milestoneProgress as Record<string, number> | undefined) ?? {}),
        // the analyst's convention for 推进中 (设置); each saved run keeps the settings it was computed with
        [IN_PROGRESS]: readWorkspaceSetting(db, 'milestoneInProgressScore'),
      },
    };
  };

  /** A plan version's allocations: each version has its own (a revision starts from those it carried over). */
  const allocations = (plan: PlanView): Allocations => {
    const out: Allocations = {};
    for (const a of repo.currentAllocations(db, plan.version?.versionId ?? null)) if (a.value !== null) (out[a.target_id] ??= {})[a.unit] = a.value;
    return out;
  };

  /** The plan an assessment at asOf is measured against: the one named, else the one in force that day. */
  const planFor = (asOf: string, versionId?: number): PlanView => (versionId !== undefined ? readPlan(db, versionId) : readPlanAt(db, asOf));
  /** The version 目标与分解 works on: the one named, else the workspace's default. */
  const allocationPlan = (versionId?: number): PlanView => readPlan(db, versionId ?? defaultPlanVersion(db, d.now()) ?? undefined);

  const targetIndex = (plan: PlanView) => new Map(allTargets(plan).map((t) => [t.id, t]));

  const counties = () => listUnits(db).filter((u) => u.kind === 'county').map((u) => u.name);

  function allocationChecks(plan: PlanView, alloc: Allocations): AllocationCheck[] {
    const out: AllocationCheck[] = [];
    for (const t of allTargets(plan)) {
      const a = alloc[t.id];
      if (!a) continue;
      const units = Object.keys(a).length;
      const allocatedSum = Math.round(Object.values(a).reduce((s, v) => s + v, 0) * 1e6) / 1e6;
      let message: string | null = null;
      const missing = t.units.filter((u) => a[u] === undefined);
      const m = t.measure ?? '';
      if (missing.length > 0) {
        message = `“${t.description}”尚未分解到：${missing.join('、')}（已分解合计 ${formatNumber(allocatedSum)}${m}${t.value !== null && t.scope === 'city' ? `，全市目标 ${formatNumber(t.value)}${m}` : ''}）。`;
      } else if (t.scope === 'city' && t.value !== null && Math.abs(allocatedSum - t.value) > 1e-6) {
        message = `“${t.description}”分解到 ${units} 个单位的合计为 ${formatNumber(allocatedSum)}${m}，与全市目标 ${formatNumber(t.value)}${m} 不一致（${allocatedSum > t.value ? '多' : '少'} ${formatNumber(Math.abs(allocatedSum - t.value))}${m}）。`;
      }
      out.push({ target: t.id, cityValue: t.value, allocatedSum, units, message });
    }
    return out;
  }

  /** Results only, for a month-end; used for last month's picture when none was saved. */
  function resultsAt(asOf: string, plan: PlanView, s: AssessSettings, alloc: Allocations, ids?: SubmissionIds): { results: ResultView[]; ids: SubmissionIds } {
    const set = ids ?? submissionSet(db, asOf.slice(0, 7));
    const expected = seed().expectedReturns.flatMap((e) => e.units.map((unit) => ({ unit, kinds: e.kinds })));
    return { results: computeResults({ plan, asOf, settings: s, allocations: alloc, totals: loadTotals(db, set, asOf), expected }), ids: set };
  }

  function previousPicture(asOf: string, plan: PlanView, s: AssessSettings, alloc: Allocations) {
    const prevEnd = monthEndOf(previousMonth(asOf.slice(0, 7)));
    const stored = repo.latestRunAt(db, prevEnd);
    const status = new Map<string, AssessStatus>();
    if (stored) {
      for (const r of repo.resultsOf(db, stored.id)) status.set(`${r.target_id}\u0000${r.unit ?? CITY}`, r.status);
    } else {
      for (const r of resultsAt(prevEnd, plan, s, alloc).results) status.set(`${r.target}\u0000${r.unit}`, r.status);
    }
    const decisions = new Map<string, Level[]>();
    const idToName = new Map([...unitIdsByName(db)].map(([n, id]) => [id, n]));
    for (const x of repo.decisionsInMonth(db, prevEnd.slice(0, 7))) {
      if (!x.level || x.action === 'dismiss' || !x.target_id) continue;
      const key = `${x.target_id}\u0000${idToName.get(x.unit_id)}`;
      decisions.set(key, [...(decisions.get(key) ?? []), x.level]);
    }
    return { status, decisions };
  }

  function returns(asOf: string, s: AssessSettings, now: Date, only?: string): ReturnStatusView[] {
    const month = asOf.slice(0, 7);
    const from = only ?? repo.earliestPeriod(db) ?? month;
    const idToName = new Map([...unitIdsByName(db)].map(([n, id]) => [id, n]));
    const known = new Set(idToName.values());
    for (const e of seed().expectedReturns) {
      for (const u of e.units) if (!known.has(u)) throw new ApiError('seed_invalid', `方案数据文件 seeds/assessment.json 有误：应报送单位“${u}”不在单位表中。`);
    }
    return returnStatuses({
      expected: seed().expectedReturns.flatMap((e) => e.units.map((unit) => ({ unit, kinds: e.kinds }))),
      months: from <= month ? monthsBetween(from, month) : [],
      first: repo.firstSubmissions(db).map((f) => ({ submitter: idToName.get(f.submitter_id) ?? '', kind: f.kind, period: f.period, id: f.id, importedAt: f.imported_at })),
      dueDay: s.returnDueDay,
      today: beijingDate(now.toISOString()),
    });
  }

  function compute(asOf: string, planVersion?: number): AssessmentView {
    const plan = planFor(asOf, planVersion);
    const s = settings();
    const alloc = allocations(plan);
    const now = d.now();
    const { results, ids } = resultsAt(asOf, plan, s, alloc);
    const prev = previousPicture(asOf, plan, s, alloc);
    const proposals = propose({ results, targets: targetIndex(plan), rules: seed().escalation, gap: s.seriousLagGap, previousStatus: prev.status, previousDecisions: prev.decisions });
    return {
      runId: null,
      asOf,
      plan: planRefOfView(plan),
      computedAt: now.toISOString(),
      computedBy: d.user,
      submissionIds: flatIds(ids),
      settings: s,
      results,
      counts: countItems(results.map(countable)),
      ranking: rankUnits(results, counties(), s.weights),
      submissions: returns(asOf, s, now),
      proposals: annotate(proposals, asOf.slice(0, 7), null),
      warnings: allocationChecks(plan, alloc).flatMap((c) => (c.message ? [c.message] : [])),
    };
  }

  function open(runId: number): AssessmentView {
    const run = repo.getRun(db, runId);
    if (!run) throw new ApiError('not_found', `没有编号为 ${runId} 的评估记录。`);
    const results: ResultView[] = repo.resultsOf(db, runId).map((r) => ({
      target: r.target_id,
      task: null,
      unit: r.unit ?? CITY,
      value: r.value,
      actual: r.actual,
      completion: r.completion,
      timeProgress: r.time_progress,
      status: r.status,
      detail: JSON.parse(r.detail) as ResultView['detail'],
    }));
    const plan = readPlanOfRun(db, run);
    const index = targetIndex(plan);
    for (const r of results) r.task = index.get(r.target)?.task ?? null;
    // in the order of the run's own plan (tasks, goals, provisions), whatever a later plan did to the register's order
    const order = new Map([...plan.tasks.flatMap((t) => t.targets), ...plan.goals, ...plan.provisions.flatMap((p) => p.targets)].map((t, i) => [t.id, i]));
    results.sort((a, b) => (order.get(a.target) ?? order.size) - (order.get(b.target) ?? order.size));
    return {
      runId,
      asOf: run.as_of,
      plan: planRefOfView(plan),
      computedAt: run.computed_at,
      computedBy: run.computed_by,
      submissionIds: JSON.parse(run.submission_ids) as number[],
      settings: JSON.parse(run.settings) as AssessSettings,
      results,
      counts: countItems(results.map(countable)),
      ranking: repo.rankingOf(db, runId),
      submissions: repo.returnStatusOf(db, runId) as ReturnStatusView[],
      proposals: annotate(repo.proposalsOf(db, runId).map(proposalView), run.as_of.slice(0, 7), runId),
      warnings: [],
    };
  }

  function save(asOf: string, note: string | null, planVersion?: number): AssessmentView {
    const view = compute(asOf, planVersion);
    const plan = planFor(asOf, planVersion);
    const ids = unitIdsByName(db);
    const idOf = (name: string) => {
      const id = ids.get(name);
      if (id === undefined) throw new Error(`unknown unit ${name}`);
      return id;
    };
    const runId = writeTransaction(db, () => {
      const id = repo.insertRun(db, {
        asOf,
        at: view.computedAt,
        by: view.computedBy,
        submissionIds: view.submissionIds,
        allocations: allocations(plan),
        settings: view.settings,
        note,
        planVersionId: plan.version?.versionId ?? null,
      });
      repo.insertResults(
        db,
        id,
        view.results.map((r) => ({
          targetId: r.target,
          unitId: r.unit === CITY ? null : idOf(r.unit),
          value: r.value,
          actual: r.actual,
          completion: r.completion,
          timeProgress: r.timeProgress,
          status: r.status,
          detail: r.detail,
        })),
      );
      repo.insertRanking(db, id, view.ranking.map((k) => ({ unitId: idOf(k.unit), score: k.score, rank: k.rank })));
      repo.insertReturnStatus(db, id, view.submissions.map((x) => ({ unitId: idOf(x.unit), kind: x.kind, period: x.period, dueOn: x.dueOn, status: x.status, submissionId: x.submissionId, submittedAt: x.submittedAt })));
      for (const p of view.proposals) repo.insertProposal(db, { runId: id, unitId: idOf(p.unit), targetId: p.target, level: p.level, ruleId: p.rule, reason: p.reason });
      return id;
    });
    return { ...open(runId), warnings: view.warnings };
  }

  function proposalView(p: repo.ProposalRow): ProposalView {
    return {
      id: p.id,
      unit: p.unit,
      target: p.target_id,
      level: p.level,
      rule: p.rule_id,
      reason: p.reason,
      decision: p.decision_id
        ? { id: p.decision_id, action: p.action!, level: p.decided_level, status: p.decision_status as DecisionStatus, reason: p.decision_reason!, by: p.decided_by!, at: p.decided_at! }
        : null,
    };
  }

  const decisionKey = (month: string, unit: string, target: string | null) => `${month}\u0000${unit}\u0000${target ?? ''}`;

  /** The register by unit, target and month: the decision in force (the latest taken) and the ones it replaced. */
  function decisionGroups(): Map<string, { row: repo.DecisionRow; earlier: repo.DecisionRow[] }> {
    const groups = new Map<string, repo.DecisionRow[]>();
    for (const x of repo.listDecisions(db)) {
      const k = decisionKey(x.as_of.slice(0, 7), x.unit, x.target_id);
      groups.set(k, [...(groups.get(k) ?? []), x]);
    }
    const out = new Map<string, { row: repo.DecisionRow; earlier: repo.DecisionRow[] }>();
    for (const [k, rows] of groups) {
      rows.sort((a, b) => a.id - b.id);
      out.set(k, { row: rows[rows.length - 1]!, earlier: rows.slice(0, -1) });
    }
    return out;
  }

  /**
   * Where each proposal stands. A decision is about a unit, a target and a month: the same proposal (same level) in a
   * newer run of the month carries the decision over, and only the newest run of a month has proposals to decide.
   */
  function annotate(proposals: ProposalView[], month: string, runId: number | null): ProposalView[] {
    const latest = repo.latestRunIdsByMonth(db).get(month);
    const superseded = runId !== null && latest !== undefined && latest > runId;
    const current = decisionGroups();
    return proposals.map((p): ProposalView => {
      if (p.decision) return { ...p, state: 'decided' };
      if (superseded) return { ...p, state: 'superseded', supersededBy: latest! };
      const d = current.get(decisionKey(month, p.unit, p.target))?.row;
      if (d && d.proposed_level === p.level && d.proposal_id !== p.id) {
        return {
          ...p,
          state: 'carried',
          decision: { id: d.id, action: d.action, level: d.level, status: d.status as DecisionStatus, reason: d.reason, by: d.decided_by, at: d.decided_at, carriedFrom: { runId: d.run_id, proposalId: d.proposal_id } },
        };
      }
      return { ...p, state: 'pending' };
    });
  }

  function registerEntries(): RegisterEntryView[] {
    const latest = repo.latestRunIdsByMonth(db);
    const proposalsOfRun = new Map<number, ReturnType<typeof repo.proposalKeysOf>>();
    const groups = [...decisionGroups().values()].sort((a, b) => b.row.decided_at.localeCompare(a.row.decided_at) || b.row.id - a.row.id);
    return groups.map(({ row: x, earlier }) => {
      const month = x.as_of.slice(0, 7);
      const newest = latest.get(month) ?? x.run_id;
      let carriedTo: number | null = null;
      let basisChanged: string | null = null;
      if (newest > x.run_id) {
        if (!proposalsOfRun.has(newest)) proposalsOfRun.set(newest, repo.proposalKeysOf(db, newest));
        const same = proposalsOfRun.get(newest)!.find((p) => p.unit === x.unit && (p.target_id ?? '') === (x.target_id ?? ''));
        if (same && same.level === x.proposed_level) carriedTo = newest;
        else if (same) basisChanged = `第 ${newest} 次评估改为建议${LEVEL_LABEL[same.level]}（${same.reason}），请在该次评估的建议中重新处理。`;
        else if (x.status !== 'dismissed' && x.status !== 'closed' && (x.reviewed_run_id ?? 0) < newest) {
          basisChanged = `第 ${newest} 次评估已不再提出该建议（更正后的台账改变了完成情况），请复核：维持整改，或核实后核销。`;
        }
      }
      return {
        id: x.id,
        proposalId: x.proposal_id,
        runId: x.run_id,
        asOf: x.as_of,
        unit: x.unit,
        target: x.target_id,
        proposedLevel: x.proposed_level,
        action: x.action,
        level: x.level,
        status: x.status as DecisionStatus,
        reason: x.reason,
        proposalReason: x.proposal_reason,
        decidedBy: x.decided_by,
        decidedAt: x.decided_at,
        events: repo.eventsOf(db, x.id),
        month,
        carriedTo,
        basisChanged,
        earlier: earlier.map((e) => ({
          id: e.id,
          runId: e.run_id,
          proposedLevel: e.proposed_level,
          action: e.action,
          level: e.level,
          reason: e.reason,
          decidedBy: e.decided_by,
          decidedAt: e.decided_at,
        })),
      };
    });
  }

  return {
    settings,
    compute,
    save,
    open,
    /**
     * One month's expected returns (unit × ledger): in, late, missing or not yet due — the rule the briefing's 报送情况
     * uses. Without a month: the latest month anything was sent for, else the month whose returns were due last.
     */
    returnsOf(month?: string): { month: string; returns: ReturnStatusView[] } {
      const s = settings();
      const now = d.now();
      const m = month ?? repo.latestPeriod(db) ?? lastDueMonth(beijingDate(now.toISOString()), s.returnDueDay);
      return { month: m, returns: returns(monthEndOf(m), s, now, m) };
    },
    runs(): RunSummary[] {
      const refs = new Map<number, ReturnType<typeof planRefOf>>();
      const refOf = (r: repo.RunRow) => {
        if (r.plan_version_id === null) return planRefOfView(readPlanAt(db, r.as_of));
        if (!refs.has(r.plan_version_id)) refs.set(r.plan_version_id, planRefOf(getPlanVersion(db, r.plan_version_id)!));
        return refs.get(r.plan_version_id)!;
      };
      return repo.listRuns(db).map((r) => ({ id: r.id, asOf: r.as_of, plan: refOf(r), computedAt: r.computed_at, computedBy: r.computed_by, note: r.note }));
    },

    setSetting(key: 'seriousLagGap' | 'returnDueDay' | 'weights', value: unknown): AssessSettings {
      if (key === 'weights') {
        // weights outlive a plan: any target some loaded version names may carry one
        const known = new Set((db.prepare('SELECT id FROM targets').all() as { id: string }[]).map((t) => t.id));
        const unknown = Object.keys(value as Record<string, number>).filter((t) => !known.has(t));
        if (unknown.length) throw new ApiError('unknown_target', `排名权重中的“${unknown.join('”“')}”不是方案中的目标编号。`);
      }
      repo.putSetting(db, key, value, d.user, d.now().toISOString());
      return settings();
    },

    listAllocations(planVersion?: number): { allocations: AllocationView[]; checks: AllocationCheck[] } {
      const plan = allocationPlan(planVersion);
      return {
        allocations: repo.currentAllocations(db, plan.version?.versionId ?? null).map((a) => ({ target: a.target_id, unit: a.unit, value: a.value, note: a.note, source: a.source, setBy: a.set_by, setAt: a.set_at })),
        checks: allocationChecks(plan, allocations(plan)),
      };
    },

    setAllocations(
      items: { target: string; unit: string; value: number | null; note?: string }[],
      source: string,
      planVersion?: number,
    ): { allocations: AllocationView[]; checks: AllocationCheck[] } {
      const plan = allocationPlan(planVersion);
      const index = targetIndex(plan);
      const ids = unitIdsByName(db);
      const at = d.now().toISOString();
      writeTransaction(db, () => {
        items.forEach((it, i) => {
          const where = items.length > 1 ? `第 ${i + 1} 项：` : '';
          const t = index.get(it.target);
          if (!t) throw new ApiError('unknown_target', `${where}没有编号为“${it.target}”的目标。`);
          if (t.kind === 'milestone') throw new ApiError('not_allocatable', `${where}“${t.description}”是销号事项，没有可分解的数值。`);
          if (t.unitValues || (t.scope === 'unit' && t.valueSource === 'plan')) {
            throw new ApiError('not_allocatable', `${where}“${t.description}”的目标值由方案直接规定到各单位，不需要分解。`);
          }
          const unitId = ids.get(it.unit);
          if (unitId === undefined) throw new ApiError('unknown_unit', `${where}单位“${it.unit}”不在单位表中。`);
          if (!t.units.includes(it.unit)) throw new ApiError('not_responsible', `${where}“${it.unit}”不是“${t.description}”的责任单位（${t.units.join('、')}）。`);
          if (it.value !== null && (!Number.isFinite(it.value) || it.value < 0)) throw new ApiError('invalid_value', `${where}分解值应为不小于 0 的数字。`);
          repo.putAllocation(db, { planVersionId: plan.version?.versionId ?? null, targetId: t.id, unitId, value: it.value, note: it.note ?? null, source, by: d.user, at });
        });
      });
      return this.listAllocations(planVersion);
    },

    evidence(req: { asOf: string; runId?: number; target: string; unit: string; offset: number; limit: number }): LedgerRowsPage & { kind: LedgerKind } {
      const run = req.runId ? repo.getRun(db, req.runId) : null;
      if (req.runId && !run) throw new ApiError('not_found', `没有编号为 ${req.runId} 的评估记录。`);
      const plan = run ? readPlanOfRun(db, run) : planFor(req.asOf);
      const t = targetIndex(plan).get(req.target);
      if (!t) throw new ApiError('unknown_target', `没有编号为“${req.target}”的目标。`);
      const asOf = run?.as_of ?? req.asOf;
      // the submissions of this ledger kind the figure was computed from, as the totals take them
      const submissionIds = run ? repo.submissionsOfKind(db, JSON.parse(run.submission_ids) as number[], t.ledger) : submissionSet(db, asOf.slice(0, 7))[t.ledger];
      let months: string[] | undefined;
      if (t.ledger === 'indicator') {
        const detail = run
          ? (JSON.parse(repo.resultsOf(db, run.id).find((r) => r.target_id === t.id && (r.unit ?? CITY) === req.unit)?.detail ?? '{}') as ResultView['detail'])
          : resultsAt(asOf, plan, settings(), allocations(plan)).results.find((r) => r.target === t.id && r.unit === req.unit)?.detail;
        const m = detail?.month;
        if (m) months = t.aggregation === 'quarterly' ? quarterMonths(m).filter((x) => x <= m) : [m];
      }
      const filter = evidenceFilter(t, asOf, submissionIds, months);
      if (!filter) return { kind: t.ledger, total: 0, rows: [] };
      let unitId: number | undefined;
      if (req.unit !== CITY) {
        unitId = unitIdsByName(db).get(req.unit);
        if (unitId === undefined) throw new ApiError('unknown_unit', `单位“${req.unit}”不在单位表中。`);
      }
      const page = ledgerRows(db, {
        kind: t.ledger,
        submissionIds,
        where: filter.where,
        ...(filter.firstWhen ? { firstWhen: filter.firstWhen } : {}),
        ...(unitId !== undefined ? { unitId } : {}),
        allVersions: true,
        offset: req.offset,
        limit: req.limit,
      });
      return { kind: t.ledger, ...page };
    },

    /** Month by month up to `to`; the last month from `runId` when given (a dossier counts the months behind from its own run). */
    trend(target: string, unit: string, to: string, runId?: number): { month: string; completion: number | null; timeProgress: number; status: AssessStatus; saved: boolean }[] {
      const run = runId !== undefined ? repo.getRun(db, runId) : null;
      // the months before are measured against the plan the last month uses, so the line stays one target's line
      const plan = run ? readPlanOfRun(db, run) : planFor(to);
      const s = settings();
      const alloc = allocations(plan);
      const from = repo.earliestPeriod(db) ?? to.slice(0, 7);
      const out = [];
      for (const m of monthsBetween(from, to.slice(0, 7))) {
        const end = m === to.slice(0, 7) ? to : monthEndOf(m);
        const stored = run && m === to.slice(0, 7) ? run : repo.latestRunAt(db, end);
        let r: { completion: number | null; timeProgress: number; status: AssessStatus } | undefined;
        if (stored) {
          const row = repo.resultsOf(db, stored.id).find((x) => x.target_id === target && (x.unit ?? CITY) === unit);
          if (row) r = { completion: row.completion, timeProgress: row.time_progress, status: row.status };
        } else {
          r = resultsAt(end, plan, s, alloc).results.find((x) => x.target === target && x.unit === unit);
        }
        if (r) out.push({ month: m, completion: r.completion, timeProgress: r.timeProgress, status: r.status, saved: stored !== null });
      }
      return out;
    },

    /** 问责台账: one line per unit, target and month, the decision in force, with what replaced or carried it. */
    register(): RegisterEntryView[] {
      return registerEntries();
    },

    /**
     * What a dossier for a unit and month may rest on: the 约谈 and 挂牌督办 decisions in force for it, and the proposals
     * of the month's newest run still waiting for a decision.
     */
    dossierBasis(unit: string, month: string): DossierBasis {
      return this.dossierBases([unit], month)[0]!;
    },

    /** The same for several units at once: the register and the month's newest run are read once. */
    dossierBases(units: string[], month: string): DossierBasis[] {
      const entries = registerEntries().filter((e) => e.month === month && e.action !== 'dismiss' && (e.level === 'interview' || e.level === 'supervision'));
      const latest = repo.latestRunIdsByMonth(db).get(month);
      const proposals = latest === undefined ? [] : open(latest).proposals.filter((p) => p.state === 'pending');
      return units.map((unit) => ({
        unit,
        month,
        runId: latest ?? null,
        decisions: entries
          .filter((e) => e.unit === unit)
          .map((e) => ({ id: e.id, target: e.target, level: e.level as 'interview' | 'supervision', decidedBy: e.decidedBy, decidedAt: e.decidedAt, status: e.status })),
        pending: proposals.filter((p) => p.unit === unit).map((p) => ({ proposalId: p.id!, target: p.target, level: p.level })),
      }));
    },

    decide(req: { proposalId: number; action: 'confirm' | 'downgrade' | 'dismiss'; level?: Level; reason: string }): RegisterEntryView {
      const p = repo.getProposal(db, req.proposalId);
      if (!p) throw new ApiError('not_found', `没有编号为 ${req.proposalId} 的问责建议。`);
      if (p.decision_id) throw new ApiError('already_decided', `该建议已于 ${formatDateTime(p.decided_at!)} 由 ${p.decided_by} 处理，不能重复处理。`);
      const month = repo.getRun(db, p.run_id)!.as_of.slice(0, 7);
      const newest = repo.latestRunIdsByMonth(db).get(month) ?? p.run_id;
      if (newest > p.run_id) {
        throw new ApiError('superseded', `该建议来自第 ${p.run_id} 次评估；${formatMonthCn(month)}已保存更新的第 ${newest} 次评估，请在第 ${newest} 次评估的建议中处理，同一事项不重复处理。`);
      }
      const inForce = decisionGroups().get(decisionKey(month, p.unit, p.target_id))?.row;
      if (inForce && inForce.proposed_level === p.level) {
        throw new ApiError(
          'already_decided',
          `第 ${inForce.run_id} 次评估提出的同一建议已于 ${formatDateTime(inForce.decided_at)} 由 ${inForce.decided_by} 处理，本次评估沿用该决定，不需要重复处理。`,
        );
      }
      const reason = req.reason.trim();
      if (reason.length < 2) throw new ApiError('reason_required', '请写明处理理由。');
      let level: Level | null = null;
      if (req.action === 'confirm') level = p.level;
      else if (req.action === 'downgrade') {
        if (!req.level) throw new ApiError('level_required', `降级时请选择降为哪一级（低于“${LEVEL_LABEL[p.level]}”）。`);
        if (levelRank(req.level) >= levelRank(p.level)) throw new ApiError('not_lower', `“${LEVEL_LABEL[req.level]}”不低于建议的“${LEVEL_LABEL[p.level]}”，不是降级。`);
        level = req.level;
      }
      const at = d.now().toISOString();
      const status: DecisionStatus = req.action === 'dismiss' ? 'dismissed' : 'rectifying';
      const signer = signerName(db);
      const id = writeTransaction(db, () => {
        const decisionId = repo.insertDecision(db, { proposalId: p.id, action: req.action, level, reason, by: signer, osAccount: d.user, at, status });
        repo.insertDecisionEvent(db, {
          decisionId,
          status,
          note: req.action === 'dismiss' ? `驳回：${reason}` : `${req.action === 'confirm' ? '确认' : `降为${LEVEL_LABEL[level!]}`}：${reason}`,
          by: signer,
          osAccount: d.user,
          at,
        });
        return decisionId;
      });
      return this.register().find((e) => e.id === id)!;
    },

    update(req: { decisionId: number; status: 'rectifying' | 'rectified' | 'closed'; note: string }): RegisterEntryView {
      const all = this.register();
      const entry = all.find((e) => e.id === req.decisionId);
      if (!entry) {
        const later = all.find((e) => e.earlier?.some((x) => x.id === req.decisionId));
        if (later) throw new ApiError('replaced', `编号 ${req.decisionId} 的决定已被同一单位、目标和月份的第 ${later.id} 号决定取代，请处理第 ${later.id} 号记录。`);
        throw new ApiError('not_found', `问责台账中没有编号为 ${req.decisionId} 的记录。`);
      }
      if (entry.status === 'dismissed') throw new ApiError('dismissed', '已驳回的建议不进入整改流程。');
      if (entry.status === 'closed') throw new ApiError('closed', '该记录已销号。');
      const note = req.note.trim();
      if (note.length < 2) throw new ApiError('note_required', `请写明${DECISION_STATUS_LABEL[req.status]}的依据（如整改报告文号）。`);
      const at = d.now().toISOString();
      // an update is a review: it answers a 依据已变化 flag raised by the month's newest run
      const newest = repo.latestRunIdsByMonth(db).get(entry.asOf.slice(0, 7)) ?? entry.runId;
      const signer = signerName(db);
      writeTransaction(db, () => {
        repo.setDecisionStatus(db, entry.id, req.status);
        repo.setDecisionReviewed(db, entry.id, newest);
        repo.insertDecisionEvent(db, { decisionId: entry.id, status: req.status, note, by: signer, osAccount: d.user, at });
      });
      return this.register().find((e) => e.id === entry.id)!;
    },
  };
}

export type AssessService = ReturnType<typeof createAssessService>;
