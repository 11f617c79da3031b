-- Several plans in one workspace, each in versions: the 2020 plan, a 2021 plan, a mid-year revision.
-- A version is immutable once loaded. It keeps the plan exactly as it was read (snapshot: the PlanView as JSON, the
-- form every reader takes), so an assessment saved against it reopens, and a report re-issues, as it was.
-- tasks/targets/target_units and friends stay as the register of every task and target any version named (the
-- latest definition wins), for the foreign keys of allocations, results and proposals; no reader takes a plan from them.
CREATE TABLE plans (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,     -- the 文号, or the title when the plan has none: a revision shares it
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE plan_versions (
  id             INTEGER PRIMARY KEY,
  plan_id        INTEGER NOT NULL REFERENCES plans(id),
  version        INTEGER NOT NULL CHECK (version >= 1),
  title          TEXT NOT NULL,
  number         TEXT NOT NULL,
  issuer         TEXT NOT NULL,
  year           INTEGER NOT NULL,
  source         TEXT NOT NULL CHECK (source IN ('builtin', 'workbook')),
  file_name      TEXT,
  file_id        INTEGER REFERENCES files(id),   -- the workbook as loaded, kept like a ledger's bytes
  seeds_sha256   TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  snapshot       TEXT NOT NULL,
  unit_names     TEXT NOT NULL,                  -- JSON array: the units the version's 单位 sheet or seeds listed
  loaded_by      TEXT NOT NULL,
  loaded_at      TEXT NOT NULL,
  UNIQUE (plan_id, version)
) STRICT;
CREATE INDEX plan_versions_effective ON plan_versions(effective_from);

-- NULL only until the workspace opens once under this version: the built-in plan becomes version 1 and these point at it.
ALTER TABLE assessment_runs ADD COLUMN plan_version_id INTEGER REFERENCES plan_versions(id);
ALTER TABLE allocations ADD COLUMN plan_version_id INTEGER REFERENCES plan_versions(id);
DROP INDEX allocations_current;
CREATE UNIQUE INDEX allocations_current ON allocations(IFNULL(plan_version_id, 0), target_id, unit_id) WHERE superseded_at IS NULL;
