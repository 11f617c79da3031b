-- A decision is about a unit, a target and a month; a later saved run of the month may change what it rests on.
-- reviewed_run_id: the latest run of the month the analyst had in front of them when they last reviewed the decision,
-- so a 依据已变化 flag clears once reviewed and comes back only when a newer run changes the picture again.
-- (no REFERENCES: SQLite cannot drop a foreign-key column, and runs are never deleted)
ALTER TABLE decisions ADD COLUMN reviewed_run_id INTEGER;

CREATE INDEX proposals_unit_target ON proposals(unit_id, target_id);
