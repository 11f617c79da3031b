-- The plan as data and the organisational units it names.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('county', 'enterprise', 'department', 'office', 'group')),
  full_name  TEXT,
  sort_order INTEGER NOT NULL,
  source     TEXT NOT NULL DEFAULT 'seed' CHECK (source IN ('seed', 'user'))
) STRICT;

-- alias holds the normalized form (NFKC, no whitespace); user aliases survive a plan reload.
CREATE TABLE unit_aliases (
  alias      TEXT PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  written    TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('seed', 'user')),
  created_by TEXT,
  created_at TEXT
) STRICT;
CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);

CREATE TABLE plan_sections (
  code       TEXT PRIMARY KEY,          -- 二(一), 三(四), 四(七)
  title      TEXT NOT NULL,
  text       TEXT,                      -- full clause text where the section itself is quoted (四(五), 四(七))
  sort_order INTEGER NOT NULL
) STRICT;

CREATE TABLE tasks (
  no           INTEGER PRIMARY KEY,
  section_code TEXT NOT NULL REFERENCES plan_sections(code),
  title        TEXT NOT NULL,
  clause       TEXT NOT NULL,
  lead_note    TEXT
) STRICT;

CREATE TABLE task_units (
  task_no    INTEGER NOT NULL REFERENCES tasks(no) ON DELETE CASCADE,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  role       TEXT NOT NULL CHECK (role IN ('lead', 'co', 'implementing')),
  sort_order INTEGER NOT NULL,
  PRIMARY KEY (task_no, role, unit_id)
) STRICT;

CREATE TABLE targets (
  id             TEXT PRIMARY KEY,
  task_no        INTEGER REFERENCES tasks(no),
  section_code   TEXT NOT NULL REFERENCES plan_sections(code),
  category       TEXT NOT NULL CHECK (category IN ('task', 'goal', 'provision')),
  kind           TEXT NOT NULL CHECK (kind IN ('quantitative', 'milestone')),
  description    TEXT NOT NULL,
  metric         TEXT,
  measure        TEXT,
  comparator     TEXT CHECK (comparator IN ('>=', '<=', '<', '>', '=')),
  value          REAL,
  value_source   TEXT NOT NULL CHECK (value_source IN ('plan', 'allocation')),
  allocatable    INTEGER NOT NULL CHECK (allocatable IN (0, 1)),
  start_date     TEXT NOT NULL,
  deadline       TEXT NOT NULL,
  deadline_basis TEXT NOT NULL CHECK (deadline_basis IN ('text', 'plan_year', 'inferred')),
  scope          TEXT NOT NULL CHECK (scope IN ('city', 'unit')),
  reported_by    TEXT NOT NULL CHECK (reported_by IN ('units', 'lead')),
  ledger         TEXT NOT NULL CHECK (ledger IN ('mine', 'boiler', 'vehicle', 'permit', 'indicator', 'milestone')),
  measurement    TEXT,
  aggregation    TEXT NOT NULL CHECK (aggregation IN ('level', 'cumulative', 'monthly', 'quarterly')),
  strength       TEXT NOT NULL CHECK (strength IN ('binding', 'strive', 'basic')),
  ongoing        INTEGER NOT NULL CHECK (ongoing IN (0, 1)),
  condition      TEXT,
  quote          TEXT NOT NULL,
  note           TEXT,
  sort_order     INTEGER NOT NULL,
  -- a target dropped from a later plan version stays for the history that refers to it
  retired        INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  CHECK (kind = 'milestone' OR (metric IS NOT NULL AND measure IS NOT NULL AND comparator IS NOT NULL)),
  CHECK (deadline >= start_date)
) STRICT;
CREATE INDEX targets_task ON targets(task_no);

-- role lead/co: responsible departments; implementing: units held to the target; value: a per-unit value the plan itself sets.
CREATE TABLE target_units (
  target_id  TEXT NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  role       TEXT NOT NULL CHECK (role IN ('lead', 'co', 'implementing')),
  value      REAL,
  sort_order INTEGER NOT NULL,
  PRIMARY KEY (target_id, role, unit_id)
) STRICT;
