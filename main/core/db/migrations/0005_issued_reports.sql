-- Every report that leaves the office: what it was built from, so it can be rebuilt exactly as issued.
-- content: the report data (figures, clauses, evidence rows, register history) as JSON, frozen at issue;
-- the file itself is kept in files like every imported ledger.
CREATE TABLE issued_reports (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('monthly', 'dossier')),
  format          TEXT NOT NULL CHECK (format IN ('xlsx', 'docx', 'pdf')),
  unit_id         INTEGER REFERENCES units(id),
  month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  as_of           TEXT NOT NULL,
  run_id          INTEGER NOT NULL REFERENCES assessment_runs(id),
  submission_ids  TEXT NOT NULL,
  content         TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,
  file_name       TEXT NOT NULL,
  file_id         INTEGER NOT NULL REFERENCES files(id),
  sha256          TEXT NOT NULL,
  size            INTEGER NOT NULL,
  -- a re-issue rebuilds an earlier report from its content; changes: what differs from the previous issue (JSON list)
  reissue_of      INTEGER REFERENCES issued_reports(id),
  changes         TEXT NOT NULL DEFAULT '[]',
  issued_by       TEXT NOT NULL,
  issued_at       TEXT NOT NULL,
  CHECK ((kind = 'dossier') = (unit_id IS NOT NULL))
) STRICT;
CREATE INDEX issued_reports_month ON issued_reports(kind, month, unit_id, id);
