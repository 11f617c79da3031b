-- Who signs is the analyst named in 设置 (decided_by, by, issued_by); the OS account that did it is kept beside it for the audit.
-- Rows from before were recorded under the OS account only, so that is what they keep in both.
ALTER TABLE decisions ADD COLUMN os_account TEXT;
UPDATE decisions SET os_account = decided_by;
ALTER TABLE decision_events ADD COLUMN os_account TEXT;
UPDATE decision_events SET os_account = by;
ALTER TABLE issued_reports ADD COLUMN os_account TEXT;
UPDATE issued_reports SET os_account = issued_by;
