import type { Db } from '../db/connection';
import type { LedgerKind } from '../../../shared/models';
import type { LedgerSearchHit, LedgerSearchPage } from '../../../shared/ledgerModels';
import { ledgerRows } from '../db/repos/ledgerBrowseRepo';
import { searchIndex } from '../db/repos/ledgerSearchRepo';
import { halfWidth } from '../importer/values';

/**
 * What is looked for: full-width letters and digits as typed on a Chinese keyboard folded, spaces dropped (晋C 12345);
 * LIKE's wildcards % and _ dropped too, as no plate, VIN, code or name holds them.
 */
export function searchText(query: string): string {
  return halfWidth(query).replace(/[\s%_]+/g, '');
}

/**
 * Rows of any ledger and month whose plate, VIN, company name, credit code or boiler number holds the query,
 * with where each came from and which version it is in. Current versions only unless allVersions.
 * Reads only: rows not yet in the search index are read from their tables.
 */
export function searchLedgers(db: Db, query: string, opts: { allVersions?: boolean; limit?: number } = {}): LedgerSearchPage {
  const q = searchText(query);
  if (q.length === 0) return { query: q, total: 0, capped: false, rows: [] };
  const limit = opts.limit ?? 200;
  const found = searchIndex(db, q, { allVersions: opts.allVersions ?? false, limit });
  const byKind = new Map<LedgerKind, number[]>();
  for (const r of found.refs) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  const hits = new Map<string, LedgerSearchHit>();
  for (const [kind, ids] of byKind) {
    const page = ledgerRows(db, {
      kind,
      allVersions: true,
      where: { sql: 'r.id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(ids)] },
      offset: 0,
      limit: ids.length,
    });
    for (const row of page.rows) hits.set(`${kind}:${row.id}`, { ...row, kind });
  }
  return {
    query: q,
    total: found.total,
    capped: found.capped,
    rows: found.refs.flatMap((r) => hits.get(`${r.kind}:${r.id}`) ?? []),
  };
}
