import type { Db } from '../db/connection';
import type { LedgerKind } from '../../../shared/models';
import { COMPARE_LIST_MAX, type ChangedRow, type ComparedRow, type LedgerRowView, type SubmissionComparison, type SubmissionRefView } from '../../../shared/ledgerModels';
import { ApiError } from '../../../shared/api';
import { ledgerRows } from '../db/repos/ledgerBrowseRepo';
import { coverageOf, getSubmission } from '../db/repos/submissionsRepo';
import { LEDGER_COLUMNS } from '../db/repos/ledgerRowsRepo';

type Values = LedgerRowView['values'];
const text = (v: Values[string] | undefined) => (typeof v === 'string' ? v.trim() : v == null ? '' : String(v));

/** What identifies a row across two versions of one return: the thing it is about, as the checks name it. */
const ROW_KEY: Record<LedgerKind, (v: Values) => string> = {
  mine: (v) => text(v.name),
  boiler: (v) => [text(v.uscc) || text(v.orgName), text(v.boilerNo)].filter(Boolean).join(' · '),
  vehicle: (v) => text(v.vin) || text(v.plate),
  permit: (v) => text(v.permitNo) || text(v.uscc) || text(v.orgName),
  indicator: (v) => [text(v.indicator), text(v.month)].filter(Boolean).join(' · '),
  milestone: (v) => text(v.taskNo),
};

function rowsOf(db: Db, kind: LedgerKind, submissionId: number, unitId: number): LedgerRowView[] {
  return ledgerRows(db, { kind, submissionId, where: { sql: 'r.unit_id = ?', args: [unitId] }, offset: 0, limit: 1_000_000 }).rows;
}

/** Keys made unique in file order: the second row with the same plate is “plate（2）”. */
function keyed(kind: LedgerKind, rows: LedgerRowView[]): Map<string, ComparedRow> {
  const out = new Map<string, ComparedRow>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const base = ROW_KEY[kind](r.values) || `第${r.rowNo}行`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = n === 1 ? base : `${base}（${n}）`;
    // a refused value is not stored: what was written is what the correction changed
    const values = { ...r.values };
    for (const [f, text] of Object.entries(r.raw ?? {})) if ((values[f] ?? null) === null && text.trim()) values[f] = text.trim();
    out.set(key, { key, unit: r.unit, sheet: r.sheet, rowNo: r.rowNo, status: r.status, values });
  }
  return out;
}

function same(a: Values[string] | undefined, b: Values[string] | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return (a ?? null) === (b ?? null);
}

function refOf(db: Db, id: number): SubmissionRefView {
  const s = getSubmission(db, id)!;
  return { id: s.id, file: s.file_name, submitter: s.submitter, period: s.period, importedAt: s.imported_at };
}

/**
 * A correction against the versions it replaced, unit by unit: rows only in the correction (added), only in the
 * replaced version (removed), and in both with different values (changed, field by field).
 */
export function compareSubmission(db: Db, id: number): SubmissionComparison {
  const s = getSubmission(db, id);
  if (!s) throw new ApiError('not_found', `没有编号为 ${id} 的报送。`);
  const units = coverageOf(db, [id]).get(id) ?? [];
  if (!units.some((u) => u.replaces_id !== null)) {
    throw new ApiError('not_a_correction', `报送 #${id}（${s.file_name}）没有替换任何此前的版本，无可对比的旧版本。请在报送历史中选择一份更正文件。`);
  }
  const fields = LEDGER_COLUMNS[s.kind].columns.filter((c) => !c.derive).map((c) => c.field);
  const out: SubmissionComparison = {
    kind: s.kind,
    submission: refOf(db, id),
    units: [],
    counts: { added: 0, removed: 0, changed: 0, unchanged: 0 },
    added: [],
    removed: [],
    changed: [],
  };
  const keep = <T>(list: T[], x: T) => list.length < COMPARE_LIST_MAX && list.push(x);
  for (const u of units) {
    out.units.push({ unit: u.unit, replaced: u.replaces_id ? refOf(db, u.replaces_id) : null });
    const after = keyed(s.kind, rowsOf(db, s.kind, id, u.unit_id));
    const before = u.replaces_id ? keyed(s.kind, rowsOf(db, s.kind, u.replaces_id, u.unit_id)) : new Map<string, ComparedRow>();
    for (const [key, a] of after) {
      const b = before.get(key);
      if (!b) {
        out.counts.added++;
        keep(out.added, a);
        continue;
      }
      const diff: ChangedRow['fields'] = fields
        .filter((f) => !same(b.values[f], a.values[f]))
        .map((f) => ({ field: f, before: b.values[f] ?? null, after: a.values[f] ?? null }));
      if (diff.length) {
        out.counts.changed++;
        keep(out.changed, { key, unit: u.unit, before: b, after: a, fields: diff });
      } else out.counts.unchanged++;
    }
    for (const [key, b] of before) {
      if (after.has(key)) continue;
      out.counts.removed++;
      keep(out.removed, b);
    }
  }
  return out;
}
