-- A submission imported by mistake (wrong unit or month) can be withdrawn: it stops counting, stays in history,
-- and the version it had replaced becomes current again.
ALTER TABLE submissions ADD COLUMN withdrawn_at TEXT;
ALTER TABLE submissions ADD COLUMN withdrawn_by TEXT;
ALTER TABLE submissions ADD COLUMN withdrawn_reason TEXT;
