-- Allocations, settings, assessment snapshots, escalation proposals and the accountability register.

-- 分解下达: the office's share of a target per unit. Every change is a new row; the old one is kept, superseded.
CREATE TABLE allocations (
  id            INTEGER PRIMARY KEY,
  target_id     TEXT NOT NULL REFERENCES targets(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  value         REAL,                      -- NULL: the allocation was withdrawn
  note          TEXT,
  source        TEXT NOT NULL,             -- 手工录入, or the file it came from
  set_by        TEXT NOT NULL,
  set_at        TEXT NOT NULL,
  superseded_at TEXT
) STRICT;
CREATE UNIQUE INDEX allocations_current ON allocations(target_id, unit_id) WHERE superseded_at IS NULL;

-- Editable settings (the serious-lag gap, the return due day, ranking weights, escalation rules), as JSON, with history.
CREATE TABLE settings (
  id            INTEGER PRIMARY KEY,
  key           TEXT NOT NULL,
  value         TEXT NOT NULL,
  set_by        TEXT NOT NULL,
  set_at        TEXT NOT NULL,
  superseded_at TEXT
) STRICT;
CREATE UNIQUE INDEX settings_current ON settings(key) WHERE superseded_at IS NULL;

-- A saved assessment: what it was computed from (submissions, allocations, settings) and when, so it reopens as it was.
CREATE TABLE assessment_runs (
  id             INTEGER PRIMARY KEY,
  as_of          TEXT NOT NULL,
  computed_at    TEXT NOT NULL,
  computed_by    TEXT NOT NULL,
  submission_ids TEXT NOT NULL,             -- JSON array
  allocations    TEXT NOT NULL,             -- JSON: target → unit → value used
  settings       TEXT NOT NULL,             -- JSON
  note           TEXT
) STRICT;
CREATE INDEX assessment_runs_as_of ON assessment_runs(as_of);

-- unit_id NULL: the city as a whole.
CREATE TABLE assessment_results (
  run_id        INTEGER NOT NULL REFERENCES assessment_runs(id) ON DELETE CASCADE,
  target_id     TEXT NOT NULL REFERENCES targets(id),
  unit_id       INTEGER REFERENCES units(id),
  value         REAL,
  actual        REAL,
  completion    REAL,
  time_progress REAL,
  status        TEXT NOT NULL CHECK (status IN ('done', 'on_track', 'lagging', 'seriously_lagging', 'overdue', 'no_data', 'no_target')),
  detail        TEXT NOT NULL              -- JSON: numerator/denominator, months, source rows filter, notes
) STRICT;
CREATE UNIQUE INDEX assessment_results_key ON assessment_results(run_id, target_id, IFNULL(unit_id, 0));

CREATE TABLE assessment_ranking (
  run_id  INTEGER NOT NULL REFERENCES assessment_runs(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  score   REAL NOT NULL,
  rank    INTEGER NOT NULL,
  PRIMARY KEY (run_id, unit_id)
) STRICT;

CREATE TABLE submission_status (
  run_id        INTEGER NOT NULL REFERENCES assessment_runs(id) ON DELETE CASCADE,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  kind          TEXT NOT NULL,
  period        TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('on_time', 'late', 'missing', 'pending')),
  submission_id INTEGER REFERENCES submissions(id),
  submitted_at  TEXT,
  PRIMARY KEY (run_id, unit_id, kind, period)
) STRICT;

-- What the escalation rules propose for a saved run; the analyst decides.
CREATE TABLE proposals (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES assessment_runs(id),
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  target_id TEXT REFERENCES targets(id),
  level     TEXT NOT NULL CHECK (level IN ('warning', 'interview', 'supervision')),
  rule_id   TEXT NOT NULL,
  reason    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX proposals_key ON proposals(run_id, unit_id, IFNULL(target_id, ''));

-- 问责台账: one entry per decided proposal. A dismissed proposal is a decision too, kept with its reason.
CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals(id),
  action      TEXT NOT NULL CHECK (action IN ('confirm', 'downgrade', 'dismiss')),
  level       TEXT CHECK (level IN ('warning', 'interview', 'supervision')),   -- NULL when dismissed
  reason      TEXT NOT NULL,
  decided_by  TEXT NOT NULL,
  decided_at  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('dismissed', 'rectifying', 'rectified', 'closed')),
  CHECK ((action = 'dismiss') = (level IS NULL))
) STRICT;

CREATE TABLE decision_events (
  id          INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  status      TEXT NOT NULL,
  note        TEXT NOT NULL,
  by          TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX decision_events_decision ON decision_events(decision_id);
