import type { Db } from '../db/connection';
import { indexQueued, searchBacklog } from '../db/repos/ledgerSearchRepo';

/**
 * Brings the search index up to date: listed submissions, oldest first, a part of one per write transaction (a
 * long list never holds the write lock for long). With `maxParts`, stops after that many; returns the parts done.
 */
export function indexSearchBacklog(db: Db, maxParts = Infinity): number {
  let parts = 0;
  while (parts < maxParts) {
    const [next] = searchBacklog(db, 1);
    if (next === undefined) break;
    // 0: another connection finished it meanwhile, and it is off the list; if it is still listed, nothing can be done
    if (indexQueued(db, next) > 0) parts++;
    else if (searchBacklog(db, 1)[0] === next) break;
  }
  return parts;
}
