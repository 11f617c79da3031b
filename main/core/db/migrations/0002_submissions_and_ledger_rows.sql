-- Submissions (one per imported file), the original files, findings, and one table of rows per ledger kind.

-- The bytes exactly as received, stored once however often they are sent.
CREATE TABLE files (
  id     INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  size   INTEGER NOT NULL,
  bytes  BLOB NOT NULL
) STRICT;

CREATE TABLE submissions (
  id               INTEGER PRIMARY KEY,
  file_id          INTEGER NOT NULL REFERENCES files(id),
  file_name        TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('xlsx', 'xls', 'csv')),
  kind             TEXT NOT NULL CHECK (kind IN ('mine', 'boiler', 'vehicle', 'permit', 'indicator', 'milestone')),
  submitter_id     INTEGER NOT NULL REFERENCES units(id),
  period           TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  -- current: the version totals use; superseded: replaced by a corrected file, kept for history and for reissuing reports
  status           TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  supersedes_id    INTEGER REFERENCES submissions(id),
  superseded_by_id INTEGER REFERENCES submissions(id),
  superseded_at    TEXT,
  imported_by      TEXT NOT NULL,
  imported_at      TEXT NOT NULL,
  rows_total       INTEGER NOT NULL,
  rows_accepted    INTEGER NOT NULL,
  rows_warned      INTEGER NOT NULL,
  rows_rejected    INTEGER NOT NULL,
  -- how kind, unit and month were found; sheets read and their header → field maps (column letters), as JSON
  detection        TEXT NOT NULL,
  CHECK ((status = 'current') = (superseded_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX submissions_one_current ON submissions(submitter_id, kind, period) WHERE status = 'current';
CREATE INDEX submissions_kind_period ON submissions(kind, period, status);
CREATE INDEX submissions_file ON submissions(file_id);

CREATE TABLE findings (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  severity      TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  code          TEXT NOT NULL,
  sheet         TEXT,
  row_no        INTEGER,
  col_no        INTEGER,
  column_header TEXT,
  message       TEXT NOT NULL,
  related       TEXT
) STRICT;
CREATE INDEX findings_submission ON findings(submission_id, severity);

-- Every ledger row keeps its sheet and Excel row, so each figure traces back to a cell.
-- row_status: ok, warned (kept, with warnings) or rejected (an error; kept for the record, never counted).
-- raw: the cell texts of rows with problems, as JSON.

CREATE TABLE mine_rows (
  id              INTEGER PRIMARY KEY,
  submission_id   INTEGER NOT NULL REFERENCES submissions(id),
  sheet           TEXT NOT NULL,
  row_no          INTEGER NOT NULL,
  row_status      TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id         INTEGER REFERENCES units(id),
  raw             TEXT,
  name            TEXT,
  name_key        TEXT,
  mineral         TEXT,
  builtup         INTEGER,
  state           TEXT,
  ownerless       INTEGER,
  closed_on       TEXT,
  area_to_restore REAL,
  area_restored   REAL,
  completed_on    TEXT,
  measures        TEXT,
  note            TEXT
) STRICT;
CREATE INDEX mine_rows_submission ON mine_rows(submission_id);
CREATE INDEX mine_rows_key ON mine_rows(unit_id, name_key);

CREATE TABLE boiler_rows (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sheet         TEXT NOT NULL,
  row_no        INTEGER NOT NULL,
  row_status    TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id       INTEGER REFERENCES units(id),
  raw           TEXT,
  org_name      TEXT,
  uscc          TEXT,
  boiler_no     TEXT,
  boiler_key    TEXT,
  fuel          TEXT,
  capacity      REAL,
  use           TEXT,
  status        TEXT,
  retired_on    TEXT,
  low_nox       INTEGER,
  low_nox_on    TEXT,
  nox_after     REAL,
  note          TEXT
) STRICT;
CREATE INDEX boiler_rows_submission ON boiler_rows(submission_id);
CREATE INDEX boiler_rows_key ON boiler_rows(boiler_key);

CREATE TABLE vehicle_rows (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sheet         TEXT NOT NULL,
  row_no        INTEGER NOT NULL,
  row_status    TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id       INTEGER REFERENCES units(id),
  raw           TEXT,
  plate         TEXT,
  vin           TEXT,
  vehicle_type  TEXT,
  fuel          TEXT,
  standard      TEXT,
  usage         TEXT,
  owner         TEXT,
  method        TEXT,
  retired_on    TEXT,
  subsidy       REAL,
  note          TEXT
) STRICT;
CREATE INDEX vehicle_rows_submission ON vehicle_rows(submission_id);
CREATE INDEX vehicle_rows_plate ON vehicle_rows(plate);
CREATE INDEX vehicle_rows_vin ON vehicle_rows(vin);

CREATE TABLE permit_rows (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sheet         TEXT NOT NULL,
  row_no        INTEGER NOT NULL,
  row_status    TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id       INTEGER REFERENCES units(id),
  raw           TEXT,
  org_name      TEXT,
  uscc          TEXT,
  industry      TEXT,
  mgmt_class    TEXT,
  permit_no     TEXT,
  issued_on     TEXT,
  valid_until   TEXT,
  status        TEXT,
  note          TEXT
) STRICT;
CREATE INDEX permit_rows_submission ON permit_rows(submission_id);
CREATE INDEX permit_rows_uscc ON permit_rows(uscc);

CREATE TABLE indicator_rows (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sheet         TEXT NOT NULL,
  row_no        INTEGER NOT NULL,
  row_status    TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id       INTEGER REFERENCES units(id),
  raw           TEXT,
  indicator     TEXT,
  month         TEXT,
  value         REAL,
  measure       TEXT,
  note          TEXT
) STRICT;
CREATE INDEX indicator_rows_submission ON indicator_rows(submission_id);
CREATE INDEX indicator_rows_target ON indicator_rows(indicator, unit_id, month);

CREATE TABLE milestone_rows (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sheet         TEXT NOT NULL,
  row_no        INTEGER NOT NULL,
  row_status    TEXT NOT NULL CHECK (row_status IN ('ok', 'warned', 'rejected')),
  unit_id       INTEGER REFERENCES units(id),
  raw           TEXT,
  task_no       TEXT,
  progress      TEXT,
  done_on       TEXT,
  evidence      TEXT,
  note          TEXT
) STRICT;
CREATE INDEX milestone_rows_submission ON milestone_rows(submission_id);
CREATE INDEX milestone_rows_target ON milestone_rows(task_no, unit_id);
