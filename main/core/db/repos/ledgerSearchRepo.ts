import { writeTransaction, type Db } from '../connection';
import type { LedgerKind } from '../../../../shared/models';
import { LEDGER_COLUMNS } from './ledgerRowsRepo';

/** The ledgers one looks a row up in, their code in the index's rowid, and the columns searched (migration 0009 repeats these). */
export const SEARCH_TEXT: Partial<Record<LedgerKind, { code: number; columns: string[] }>> = {
  mine: { code: 1, columns: ['name'] },
  boiler: { code: 2, columns: ['org_name', 'uscc', 'boiler_no'] },
  vehicle: { code: 3, columns: ['plate', 'vin', 'owner'] },
  permit: { code: 4, columns: ['org_name', 'uscc', 'permit_no'] },
};

export const SEARCH_KINDS = (Object.keys(SEARCH_TEXT) as LedgerKind[]).filter((k) => SEARCH_TEXT[k]);

/** A column's text, or for a refused row what the submitter wrote there (kept in raw under the field's name). */
function textOf(kind: LedgerKind, column: string): string {
  const field = LEDGER_COLUMNS[kind].columns.find((c) => c.column === column)!.field;
  return `COALESCE(${column}, json_extract(raw, '$.${field}'))`;
}

/** The indexed text of a row of this ledger, as SQL over its table. */
export function searchTextSql(kind: LedgerKind): string {
  return `concat_ws(' | ', ${SEARCH_TEXT[kind]!.columns.map((c) => textOf(kind, c)).join(', ')})`;
}

/** The rows of one submission with ids in (after, through], or all of them: which rows go into the index. */
interface RowRange {
  after: number;
  through: number;
}

/** Adds a submission's rows (or a range of them) to the search index: one set-based statement. The caller holds the transaction. */
export function indexRowsForSearch(db: Db, kind: LedgerKind, submissionId: number, range: RowRange = { after: 0, through: Number.MAX_SAFE_INTEGER }): void {
  const s = SEARCH_TEXT[kind];
  if (!s) return;
  const text = searchTextSql(kind);
  db.prepare(
    `INSERT INTO ledger_search (rowid, text)
     SELECT id * 8 + ${s.code}, t FROM (SELECT id, ${text} AS t FROM ${LEDGER_COLUMNS[kind].table} WHERE submission_id = ? AND id > ? AND id <= ?) WHERE t != ''`,
  ).run(submissionId, range.after, range.through);
}

/**
 * Lists a just-imported submission for the search index, inside the import's transaction: the list then holds
 * exactly the files whose rows exist and are not yet indexed (migration 0011 says why indexing waits).
 */
export function queueForSearch(db: Db, kind: LedgerKind, submissionId: number): void {
  if (SEARCH_TEXT[kind]) db.prepare('INSERT INTO search_backlog (submission_id) VALUES (?)').run(submissionId);
}

/** Submissions whose rows are not yet all in the search index, oldest first. */
export function searchBacklog(db: Db, limit = -1): number[] {
  return (db.prepare('SELECT submission_id AS id FROM search_backlog ORDER BY submission_id LIMIT ?').all(limit) as { id: number }[]).map((r) => r.id);
}

/** Rows indexed per transaction: about half a second of writing, so a writer waiting behind it is not kept long. */
export const INDEX_PART_ROWS = 50_000;

/**
 * Indexes the next part of a listed submission, in one write transaction, and takes the submission off the list once
 * its last row is in. Returns the rows done; 0 when another connection (another import worker on the same workspace)
 * finished it first, so no row is ever indexed twice.
 */
export function indexQueued(db: Db, submissionId: number, partRows = INDEX_PART_ROWS): number {
  return writeTransaction(db, () => {
    const queued = db
      .prepare('SELECT s.kind, b.indexed_through AS after FROM search_backlog b JOIN submissions s ON s.id = b.submission_id WHERE b.submission_id = ?')
      .get(submissionId) as { kind: LedgerKind; after: number } | undefined;
    if (!queued) return 0;
    const table = LEDGER_COLUMNS[queued.kind].table;
    const ids = db.prepare(`SELECT id FROM ${table} WHERE submission_id = ? AND id > ? ORDER BY id LIMIT ?`).pluck().all(submissionId, queued.after, partRows) as number[];
    const through = ids.at(-1) ?? queued.after;
    if (ids.length > 0) indexRowsForSearch(db, queued.kind, submissionId, { after: queued.after, through });
    if (ids.length < partRows) db.prepare('DELETE FROM search_backlog WHERE submission_id = ?').run(submissionId);
    else db.prepare('UPDATE search_backlog SET indexed_through = ? WHERE submission_id = ?').run(through, submissionId);
    return Math.max(ids.length, 1);
  });
}

/** Trigrams need 3 characters; below that the stored texts are scanned, stopping at the first page of hits. */
export const TRIGRAM_MIN = 3;
/** Matches are counted up to this many; past it the page says “more than”. */
export const COUNT_CAP = 10_000;

export interface SearchHitRef {
  kind: LedgerKind;
  id: number;
}

/** Whether the row behind an index entry belongs to a version that counts now (the rule ledgerRows applies). */
function currentClause(): string {
  const cases = SEARCH_KINDS.map((k) => {
    const s = SEARCH_TEXT[k]!;
    return `WHEN ${s.code} THEN EXISTS (SELECT 1 FROM ${LEDGER_COLUMNS[k].table} r JOIN submissions s ON s.id = r.submission_id
      WHERE r.id = f.rowid / 8 AND (EXISTS (SELECT 1 FROM submission_units c WHERE c.submission_id = r.submission_id AND c.unit_id = r.unit_id AND c.status = 'current')
        OR (r.unit_id IS NULL AND s.status = 'current')))`;
  });
  return `CASE f.rowid % 8 ${cases.join(' ')} ELSE 0 END`;
}

const KIND_OF_CODE = new Map(SEARCH_KINDS.map((k) => [SEARCH_TEXT[k]!.code, k]));

/** The rows of listed submissions not yet in the index, as the index would hold them (rowid, text). */
function pendingRowsSql(): string {
  return SEARCH_KINDS.map((k) => {
    const s = SEARCH_TEXT[k]!;
    return `SELECT r.id * 8 + ${s.code} AS rowid, ${searchTextSql(k)} AS text FROM search_backlog b
      JOIN submissions sb ON sb.id = b.submission_id AND sb.kind = '${k}'
      JOIN ${LEDGER_COLUMNS[k].table} r ON r.submission_id = b.submission_id AND r.id > b.indexed_through`;
  }).join(' UNION ALL ');
}

interface Matches {
  rowids: number[];
  total: number;
  capped: boolean;
}

/** One page of matches from `source` (rowid, text), newest rows first, and how many there are, up to the cap. */
function matchesIn(db: Db, source: string, arg: string, short: boolean, opts: { allVersions: boolean; limit: number }): Matches {
  const from = `FROM ${source} WHERE f.text LIKE ?${opts.allVersions ? '' : ` AND ${currentClause()}`}`;
  const rowids = db.prepare(`SELECT f.rowid AS rowid ${from} ORDER BY f.rowid DESC LIMIT ?`).pluck().all(arg, opts.limit) as number[];
  let total = rowids.length;
  let capped = false;
  if (rowids.length === opts.limit) {
    // a two-character query may hit most rows: it is not counted past the page, a longer one up to the cap
    if (short) capped = true;
    else {
      total = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ?)`).get(arg, COUNT_CAP + 1) as { n: number }).n;
      capped = total > COUNT_CAP;
      if (capped) total = COUNT_CAP;
    }
  }
  return { rowids, total, capped };
}

/**
 * Rows whose text holds the query, newest first. From 3 characters LIKE is answered from the trigram index; below,
 * FTS5 scans the stored texts. Rows imported but not yet indexed (search_backlog) are read from their tables, so a
 * search misses nothing and never writes: it never waits for an import to let go of the workspace. Only current
 * versions unless allVersions.
 */
export function searchIndex(db: Db, query: string, opts: { allVersions: boolean; limit: number }): { refs: SearchHitRef[]; total: number; capped: boolean } {
  const short = [...query].length < TRIGRAM_MIN;
  // LIKE ignores the case of Latin letters, so a plate or VIN is found however it is typed
  const arg = `%${query}%`;
  const indexed = matchesIn(db, 'ledger_search f', arg, short, opts);
  const backlog = db.prepare('SELECT 1 FROM search_backlog LIMIT 1').get() !== undefined;
  const pending = backlog ? matchesIn(db, `(${pendingRowsSql()}) f`, arg, short, opts) : { rowids: [], total: 0, capped: false };
  const rowids = [...indexed.rowids, ...pending.rowids].sort((x, y) => y - x).slice(0, opts.limit);
  const sum = indexed.total + pending.total;
  const capped = indexed.capped || pending.capped || sum > COUNT_CAP;
  return {
    refs: rowids.map((rowid) => ({ kind: KIND_OF_CODE.get(rowid % 8)!, id: Math.floor(rowid / 8) })),
    // an uncounted short query says only what its page holds, as the index alone would
    total: capped && short ? rowids.length : Math.min(sum, COUNT_CAP),
    capped,
  };
}
