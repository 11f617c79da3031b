import type { Db } from '../db/connection';
import { LEDGER_COLUMNS } from '../db/repos/ledgerRowsRepo';
import { currentCoverage, previousCoverage } from '../db/repos/submissionsRepo';
import { unitIdsByName } from '../db/repos/unitsRepo';
import type { Analysis, AnalyzedRow } from '../importer/analysisTypes';
import { recount } from '../importer/analyze';
import { DUPLICATE_KEYS } from '../importer/duplicates';
import { formatMonthCn } from '../../../shared/format';

/**
 * A corrected file replaces the earlier version for the units it covers: say which objects the earlier one
 * had for those units and this one lacks, so a row lost in the correction does not go unnoticed.
 */
function droppedSinceLastVersion(db: Db, a: Analysis, submitterId: number, ids: Map<string, number>, table: string): void {
  const covered = new Set(Object.keys(a.units));
  const key = DUPLICATE_KEYS[a.kind][0]!;
  const byOld = new Map<number, { file: string; unitIds: number[] }>();
  for (const c of currentCoverage(db, submitterId, a.kind, a.period)) {
    if (!covered.has(c.unit) || c.sha256 === a.sha256) continue;
    const o = byOld.get(c.submission_id) ?? { file: c.file_name, unitIds: [] };
    o.unitIds.push(c.unit_id);
    byOld.set(c.submission_id, o);
  }
  if (byOld.size === 0) return;
  const now = new Set(a.rows.filter((r) => r.status !== 'rejected').map((r) => key.of(r.values, r.unit ? (ids.get(r.unit) ?? null) : null)));
  const names = new Map([...ids].map(([n, id]) => [id, n]));
  for (const [oldId, old] of byOld) {
    const before = db
      .prepare(
        `SELECT DISTINCT ${key.sql} AS k, r.unit_id, r.sheet, r.row_no FROM ${table} r
         WHERE r.submission_id = ? AND r.row_status != 'rejected' AND r.unit_id IN (SELECT value FROM json_each(?))`,
      )
      .all(oldId, JSON.stringify(old.unitIds)) as { k: string | null; unit_id: number; sheet: string; row_no: number }[];
    const gone = before.filter((b) => b.k !== null && !now.has(b.k));
    if (gone.length === 0) continue;
    const label = (k: string) => k.split('|').pop();
    const units = [...new Set(gone.map((g) => names.get(g.unit_id) ?? ''))].join('、');
    a.findings.push({
      severity: 'warning',
      code: 'dropped_rows',
      sheet: null,
      row: null,
      column: null,
      col: null,
      message: `与此前报送的“${old.file}”相比，本次${units}少了 ${gone.length} 条记录（按${key.label.replace(/^同一/, '')}：${gone
        .slice(0, 5)
        .map((g) => label(g.k!))
        .join('、')}${gone.length > 5 ? ' 等' : ''}）；导入后${units}以本次为准，如确已不应在台账中请忽略，否则请核实。`,
      related: { submissionId: oldId, file: old.file, sheet: gone[0]!.sheet, row: gone[0]!.row_no },
    });
  }
}

function columnOf(a: Analysis, sheet: string, field: string): { header: string | null; col: number | null } {
  const rep = a.sheets.find((x) => x.name === sheet);
  const c = rep?.columns.find((x) => x.field === field);
  if (!c) return { header: null, col: null };
  let col = 0;
  for (const ch of c.letter) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { header: c.header, col: col - 1 };
}

/**
 * Checks against what the workspace already holds: the same object reported by another unit (this month
 * or before — a truck 郊区 retired in August should not turn up in 城区's September list), and a mine's
 * restored area falling since last month. Adds warnings; rows stay.
 */
export function crossFileChecks(db: Db, a: Analysis): void {
  const ids = unitIdsByName(db);
  const submitterId = ids.get(a.submitter) ?? -1;
  const spec = LEDGER_COLUMNS[a.kind];
  const live = a.rows.filter((r) => r.status !== 'rejected');

  // rows this file will replace (same submitter, month and unit) and the submitter's own earlier months of the
  // same units (a full register repeats them every month) are no collision; anything else current is
  const covered = JSON.stringify(Object.keys(a.units).map((u) => ids.get(u) ?? -1));
  const notMine = `NOT (c.submitter_id = @me AND c.unit_id IN (SELECT value FROM json_each(@covered)))`;
  const others = (
    db.prepare(`SELECT COUNT(*) AS n FROM submission_units c WHERE c.kind = @kind AND c.period <= @period AND c.status = 'current' AND ${notMine}`).get({
      kind: a.kind,
      period: a.period,
      me: submitterId,
      covered,
    }) as { n: number }
  ).n;
  for (const key of others > 0 ? DUPLICATE_KEYS[a.kind] : []) {
    const byKey = new Map<string, AnalyzedRow>();
    for (const row of live) {
      const k = key.of(row.values, row.unit ? (ids.get(row.unit) ?? null) : null);
      if (k && !byKey.has(k)) byKey.set(k, row);
    }
    if (byKey.size === 0) continue;
    db.exec('CREATE TEMP TABLE IF NOT EXISTS import_keys (k TEXT PRIMARY KEY)');
    db.exec('DELETE FROM import_keys');
    // one statement for all keys: a row-by-row insert of 100,000 plates costs seconds
    db.prepare('INSERT OR IGNORE INTO import_keys (k) SELECT value FROM json_each(?)').run(JSON.stringify([...byKey.keys()]));
    const hits = db
      .prepare(
        `SELECT ${key.sql} AS k, s.id AS submissionId, s.file_name AS file, s.period, u.name AS unit, r.sheet, r.row_no AS rowNo
         FROM ${spec.table} r
         JOIN submissions s ON s.id = r.submission_id
         JOIN submission_units c ON c.submission_id = r.submission_id AND c.unit_id = r.unit_id
         JOIN units u ON u.id = s.submitter_id
         JOIN import_keys ik ON ik.k = ${key.sql}
         WHERE c.kind = @kind AND c.period <= @period AND c.status = 'current' AND ${notMine} AND r.row_status != 'rejected'
         ORDER BY s.period DESC`,
      )
      .all({ kind: a.kind, period: a.period, me: submitterId, covered }) as { k: string; submissionId: number; file: string; period: string; unit: string; sheet: string; rowNo: number }[];
    db.exec('DELETE FROM import_keys');
    const reported = new Set<string>();
    for (const h of hits) {
      const row = byKey.get(h.k);
      if (!row || reported.has(h.k)) continue;
      reported.add(h.k);
      const { header, col } = columnOf(a, row.sheet, key.field);
      a.findings.push({
        severity: 'warning',
        code: 'duplicate',
        sheet: row.sheet,
        row: row.rowNo,
        column: header,
        col,
        message: `${key.label}与${h.unit}报送的${formatMonthCn(h.period)}台账“${h.file}”工作表“${h.sheet}”第 ${h.rowNo} 行重复，可能被重复统计，请核实。`,
        related: { submissionId: h.submissionId, file: h.file, sheet: h.sheet, row: h.rowNo, unit: h.unit, period: h.period },
      });
    }
  }

  droppedSinceLastVersion(db, a, submitterId, ids, spec.table);

  if (a.kind === 'mine') {
    // each unit's rows against that unit's latest earlier month from the same submitter
    const prev = previousCoverage(db, submitterId, 'mine', a.period);
    if (prev.length > 0) {
      const from = new Map(prev.map((p) => [p.submission_id, p]));
      const before = new Map(
        (
          db
            .prepare(
              `SELECT unit_id || '|' || name_key AS k, area_restored AS v, sheet, row_no, submission_id FROM mine_rows
               WHERE (submission_id, unit_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
                 AND row_status != 'rejected' AND area_restored IS NOT NULL`,
            )
            .all(JSON.stringify(prev.map((p) => [p.submission_id, p.unit_id]))) as { k: string; v: number; sheet: string; row_no: number; submission_id: number }[]
        ).map((r) => [r.k, r]),
      );
      for (const row of live) {
        const k = DUPLICATE_KEYS.mine[0]!.of(row.values, row.unit ? (ids.get(row.unit) ?? null) : null);
        const now = row.values.areaRestored;
        const was = k ? before.get(k) : undefined;
        if (!was || typeof now !== 'number' || now >= was.v - 1e-9) continue;
        const p = from.get(was.submission_id)!;
        const { header, col } = columnOf(a, row.sheet, 'areaRestored');
        a.findings.push({
          severity: 'warning',
          code: 'cumulative_decrease',
          sheet: row.sheet,
          row: row.rowNo,
          column: header,
          col,
          message: `“${String(row.values.name)}”已完成治理面积为 ${now} 亩，少于${formatMonthCn(p.period)}报送的 ${was.v} 亩；累计数不应下降，请核实。`,
          related: { submissionId: p.submission_id, file: p.file_name, sheet: was.sheet, row: was.row_no, period: p.period },
        });
      }
    }
  }
  recount(a);
}
