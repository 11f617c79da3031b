-- Ledger rows reach the search index after their import has committed, not inside it: the trigrams of a
-- 100,000-row ledger cost about a second that an analyst waiting on the import should not pay. A submission listed
-- here has rows not yet in ledger_search. A search reads those rows from their tables, so it never misses one and
-- never writes; the app's import worker works the list off while idle, so there are seldom any. A large file is indexed
-- in parts, each its own transaction, so no other writer waits long: indexed_through is the last row id done.
CREATE TABLE search_backlog (
  submission_id INTEGER PRIMARY KEY REFERENCES submissions(id) ON DELETE CASCADE,
  indexed_through INTEGER NOT NULL DEFAULT 0
);
