import { writeTransaction, type Db } from '../connection';
import type { AssessStatus, Level } from '../../../../shared/assessModels';

// settings

export function currentSettings(db: Db): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM settings WHERE superseded_at IS NULL').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export function putSetting(db: Db, key: string, value: unknown, by: string, at: string): void {
  writeTransaction(db, () => {
    db.prepare('UPDATE settings SET superseded_at = ? WHERE key = ? AND superseded_at IS NULL').run(at, key);
    db.prepare('INSERT INTO settings (key, value, set_by, set_at) VALUES (?, ?, ?, ?)').run(key, JSON.stringify(value), by, at);
  });
}

// allocations

export interface AllocationRow {
  target_id: string;
  unit_id: number;
  unit: string;
  value: number | null;
  note: string | null;
  source: string;
  set_by: string;
  set_at: string;
}

/** A plan version's allocations in force; null: a workspace that has no plan versions yet. */
export function currentAllocations(db: Db, planVersionId: number | null): AllocationRow[] {
  return db
    .prepare(
      `SELECT a.target_id, a.unit_id, u.name AS unit, a.value, a.note, a.source, a.set_by, a.set_at
       FROM allocations a JOIN units u ON u.id = a.unit_id
       WHERE a.superseded_at IS NULL AND a.plan_version_id IS ? ORDER BY a.target_id, u.sort_order`,
    )
    .all(planVersionId) as AllocationRow[];
}

export function allocationHistory(db: Db, targetId: string): AllocationRow[] {
  return db
    .prepare(
      `SELECT a.target_id, a.unit_id, u.name AS unit, a.value, a.note, a.source, a.set_by, a.set_at
       FROM allocations a JOIN units u ON u.id = a.unit_id WHERE a.target_id = ? ORDER BY a.id`,
    )
    .all(targetId) as AllocationRow[];
}

export function putAllocation(
  db: Db,
  a: { planVersionId: number | null; targetId: string; unitId: number; value: number | null; note: string | null; source: string; by: string; at: string },
): void {
  db.prepare('UPDATE allocations SET superseded_at = ? WHERE plan_version_id IS ? AND target_id = ? AND unit_id = ? AND superseded_at IS NULL').run(
    a.at,
    a.planVersionId,
    a.targetId,
    a.unitId,
  );
  db.prepare('INSERT INTO allocations (target_id, unit_id, value, note, source, set_by, set_at, plan_version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    a.targetId,
    a.unitId,
    a.value,
    a.note,
    a.source,
    a.by,
    a.at,
    a.planVersionId,
  );
}

// runs

export interface RunRow {
  id: number;
  as_of: string;
  computed_at: string;
  computed_by: string;
  submission_ids: string;
  allocations: string;
  settings: string;
  note: string | null;
  plan_version_id: number | null;
}

export interface ResultWrite {
  targetId: string;
  unitId: number | null;
  value: number | null;
  actual: number | null;
  completion: number | null;
  timeProgress: number;
  status: AssessStatus;
  detail: unknown;
}

export function insertRun(
  db: Db,
  r: { asOf: string; at: string; by: string; submissionIds: number[]; allocations: unknown; settings: unknown; note: string | null; planVersionId: number | null },
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO assessment_runs (as_of, computed_at, computed_by, submission_ids, allocations, settings, note, plan_version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(r.asOf, r.at, r.by, JSON.stringify(r.submissionIds), JSON.stringify(r.allocations), JSON.stringify(r.settings), r.note, r.planVersionId)
      .lastInsertRowid,
  );
}

export function insertResults(db: Db, runId: number, results: ResultWrite[]): void {
  const stmt = db.prepare(
    'INSERT INTO assessment_results (run_id, target_id, unit_id, value, actual, completion, time_progress, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of results) stmt.run(runId, r.targetId, r.unitId, r.value, r.actual, r.completion, r.timeProgress, r.status, JSON.stringify(r.detail));
}

export function insertRanking(db: Db, runId: number, rows: { unitId: number; score: number; rank: number }[]): void {
  const stmt = db.prepare('INSERT INTO assessment_ranking (run_id, unit_id, score, rank) VALUES (?, ?, ?, ?)');
  for (const r of rows) stmt.run(runId, r.unitId, r.score, r.rank);
}

export function insertReturnStatus(
  db: Db,
  runId: number,
  rows: { unitId: number; kind: string; period: string; dueOn: string; status: string; submissionId: number | null; submittedAt: string | null }[],
): void {
  const stmt = db.prepare('INSERT INTO submission_status (run_id, unit_id, kind, period, due_on, status, submission_id, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of rows) stmt.run(runId, r.unitId, r.kind, r.period, r.dueOn, r.status, r.submissionId, r.submittedAt);
}

export function insertProposal(db: Db, p: { runId: number; unitId: number; targetId: string | null; level: Level; ruleId: string; reason: string }): number {
  return Number(
    db.prepare('INSERT INTO proposals (run_id, unit_id, target_id, level, rule_id, reason) VALUES (?, ?, ?, ?, ?, ?)').run(p.runId, p.unitId, p.targetId, p.level, p.ruleId, p.reason)
      .lastInsertRowid,
  );
}

export function getRun(db: Db, id: number): RunRow | null {
  return (db.prepare('SELECT * FROM assessment_runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;
}

export function listRuns(db: Db): RunRow[] {
  return db.prepare('SELECT * FROM assessment_runs ORDER BY as_of DESC, id DESC').all() as RunRow[];
}

/** The latest saved run for an as-of date: the picture as the office last fixed it. */
export function latestRunAt(db: Db, asOf: string): RunRow | null {
  return (db.prepare('SELECT * FROM assessment_runs WHERE as_of = ? ORDER BY id DESC LIMIT 1').get(asOf) as RunRow | undefined) ?? null;
}

export interface ResultRow {
  target_id: string;
  unit_id: number | null;
  unit: string | null;
  value: number | null;
  actual: number | null;
  completion: number | null;
  time_progress: number;
  status: AssessStatus;
  detail: string;
}

export function resultsOf(db: Db, runId: number): ResultRow[] {
  return db
    .prepare(
      `SELECT r.target_id, r.unit_id, u.name AS unit, r.value, r.actual, r.completion, r.time_progress, r.status, r.detail
       FROM assessment_results r LEFT JOIN units u ON u.id = r.unit_id JOIN targets t ON t.id = r.target_id
       WHERE r.run_id = ? ORDER BY t.sort_order, IFNULL(u.sort_order, 0)`,
    )
    .all(runId) as ResultRow[];
}

export function rankingOf(db: Db, runId: number): { unit: string; score: number; rank: number }[] {
  return db
    .prepare('SELECT u.name AS unit, k.score, k.rank FROM assessment_ranking k JOIN units u ON u.id = k.unit_id WHERE k.run_id = ? ORDER BY k.rank, u.sort_order')
    .all(runId) as { unit: string; score: number; rank: number }[];
}

export function returnStatusOf(db: Db, runId: number) {
  return db
    .prepare(
      `SELECT u.name AS unit, s.kind, s.period, s.due_on AS dueOn, s.status, s.submission_id AS submissionId, s.submitted_at AS submittedAt
       FROM submission_status s JOIN units u ON u.id = s.unit_id WHERE s.run_id = ? ORDER BY s.period, u.sort_order, s.kind`,
    )
    .all(runId) as { unit: string; kind: string; period: string; dueOn: string; status: string; submissionId: number | null; submittedAt: string | null }[];
}

export interface ProposalRow {
  id: number;
  run_id: number;
  unit_id: number;
  unit: string;
  target_id: string | null;
  level: Level;
  rule_id: string;
  reason: string;
  decision_id: number | null;
  action: 'confirm' | 'downgrade' | 'dismiss' | null;
  decided_level: Level | null;
  decision_status: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

const PROPOSAL_SELECT = `SELECT p.id, p.run_id, p.unit_id, u.name AS unit, p.target_id, p.level, p.rule_id, p.reason,
    d.id AS decision_id, d.action, d.level AS decided_level, d.status AS decision_status, d.reason AS decision_reason, d.decided_by, d.decided_at
  FROM proposals p JOIN units u ON u.id = p.unit_id LEFT JOIN decisions d ON d.proposal_id = p.id`;

export function proposalsOf(db: Db, runId: number): ProposalRow[] {
  return db.prepare(`${PROPOSAL_SELECT} WHERE p.run_id = ? ORDER BY u.sort_order, p.id`).all(runId) as ProposalRow[];
}

export function getProposal(db: Db, id: number): ProposalRow | null {
  return (db.prepare(`${PROPOSAL_SELECT} WHERE p.id = ?`).get(id) as ProposalRow | undefined) ?? null;
}

/**
 * The decisions in force for a month, one per unit and target (a later decision on the same unit, target and month
 * replaces an earlier one): the history escalation reads.
 */
export function decisionsInMonth(db: Db, month: string): { unit_id: number; target_id: string | null; level: Level | null; action: string }[] {
  return db
    .prepare(
      `SELECT p.unit_id, p.target_id, d.level, d.action FROM decisions d JOIN proposals p ON p.id = d.proposal_id JOIN assessment_runs r ON r.id = p.run_id
       WHERE substr(r.as_of, 1, 7) = @month
         AND d.id = (SELECT MAX(d2.id) FROM decisions d2 JOIN proposals p2 ON p2.id = d2.proposal_id JOIN assessment_runs r2 ON r2.id = p2.run_id
                     WHERE substr(r2.as_of, 1, 7) = @month AND p2.unit_id = p.unit_id AND IFNULL(p2.target_id, '') = IFNULL(p.target_id, ''))`,
    )
    .all({ month }) as { unit_id: number; target_id: string | null; level: Level | null; action: string }[];
}

/** The newest saved run of each month: the one whose proposals are decided; older runs of the month are superseded. */
export function latestRunIdsByMonth(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT substr(as_of, 1, 7) AS month, MAX(id) AS id FROM assessment_runs GROUP BY 1').all() as { month: string; id: number }[];
  return new Map(rows.map((r) => [r.month, r.id]));
}

/** Proposals of one run by unit and target. */
export function proposalKeysOf(db: Db, runId: number): { id: number; unit: string; target_id: string | null; level: Level; reason: string }[] {
  return db
    .prepare('SELECT p.id, u.name AS unit, p.target_id, p.level, p.reason FROM proposals p JOIN units u ON u.id = p.unit_id WHERE p.run_id = ?')
    .all(runId) as { id: number; unit: string; target_id: string | null; level: Level; reason: string }[];
}

export function setDecisionReviewed(db: Db, id: number, runId: number): void {
  db.prepare('UPDATE decisions SET reviewed_run_id = ? WHERE id = ?').run(runId, id);
}

// decisions

export function insertDecision(
  db: Db,
  d: { proposalId: number; action: 'confirm' | 'downgrade' | 'dismiss'; level: Level | null; reason: string; by: string; osAccount: string; at: string; status: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO decisions (proposal_id, action, level, reason, decided_by, os_account, decided_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(d.proposalId, d.action, d.level, d.reason, d.by, d.osAccount, d.at, d.status).lastInsertRowid,
  );
}

/** by: the analyst who signs; osAccount: the account that did it, for the audit. */
export function insertDecisionEvent(db: Db, e: { decisionId: number; status: string; note: string; by: string; osAccount: string; at: string }): void {
  db.prepare('INSERT INTO decision_events (decision_id, status, note, by, os_account, at) VALUES (?, ?, ?, ?, ?, ?)').run(e.decisionId, e.status, e.note, e.by, e.osAccount, e.at);
}

export function setDecisionStatus(db: Db, id: number, status: string): void {
  db.prepare('UPDATE decisions SET status = ? WHERE id = ?').run(status, id);
}

export interface DecisionRow {
  id: number;
  proposal_id: number;
  run_id: number;
  as_of: string;
  unit: string;
  target_id: string | null;
  proposed_level: Level;
  proposal_reason: string;
  action: 'confirm' | 'downgrade' | 'dismiss';
  level: Level | null;
  reason: string;
  decided_by: string;
  decided_at: string;
  status: string;
  reviewed_run_id: number | null;
}

export function listDecisions(db: Db): DecisionRow[] {
  return db
    .prepare(
      `SELECT d.id, d.proposal_id, p.run_id, r.as_of, u.name AS unit, p.target_id, p.level AS proposed_level, p.reason AS proposal_reason,
         d.action, d.level, d.reason, d.decided_by, d.decided_at, d.status, d.reviewed_run_id
       FROM decisions d JOIN proposals p ON p.id = d.proposal_id JOIN assessment_runs r ON r.id = p.run_id JOIN units u ON u.id = p.unit_id
       ORDER BY d.decided_at DESC, d.id DESC`,
    )
    .all() as DecisionRow[];
}

export function eventsOf(db: Db, decisionId: number): { status: string; note: string; by: string; at: string }[] {
  return db.prepare('SELECT status, note, by, at FROM decision_events WHERE decision_id = ? ORDER BY id').all(decisionId) as {
    status: string;
    note: string;
    by: string;
    at: string;
  }[];
}

/** First version of each return: when a unit first sent a ledger kind for a month (a later correction does not make it late). */
/** The latest month any return (not withdrawn) was sent for. */
export function latestPeriod(db: Db): string | null {
  return (db.prepare('SELECT MAX(period) AS p FROM submissions WHERE withdrawn_at IS NULL').get() as { p: string | null }).p;
}

export function firstSubmissions(db: Db): { submitter_id: number; kind: string; period: string; id: number; imported_at: string }[] {
  return db
    .prepare(
      `SELECT submitter_id, kind, period, id, imported_at FROM (
         SELECT s.*, ROW_NUMBER() OVER (PARTITION BY submitter_id, kind, period ORDER BY imported_at, id) AS k FROM submissions s
         WHERE s.withdrawn_at IS NULL
       ) WHERE k = 1`,
    )
    .all() as { submitter_id: number; kind: string; period: string; id: number; imported_at: string }[];
}

export function earliestPeriod(db: Db): string | null {
  return (db.prepare('SELECT MIN(period) AS p FROM submissions WHERE withdrawn_at IS NULL').get() as { p: string | null }).p;
}

/** Of a run's submissions, those of one ledger kind. */
export function submissionsOfKind(db: Db, ids: number[], kind: string): number[] {
  return (db.prepare('SELECT id FROM submissions WHERE kind = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY id').all(kind, JSON.stringify(ids)) as { id: number }[]).map((r) => r.id);
}
