-- Who sent a file and whose rows are in it are two questions. A department's file covers several counties,
-- and a correction replaces an earlier submission of the same submitter, ledger and month only for the units
-- it covers. One row per submission and unit it has rows for; per (submitter, ledger, month, unit) the newest
-- submission that was not withdrawn is current.

CREATE TABLE submission_units (
  submission_id    INTEGER NOT NULL REFERENCES submissions(id),
  unit_id          INTEGER NOT NULL REFERENCES units(id),
  -- copied from the submission (they never change) so "one current per unit" can be an index
  submitter_id     INTEGER NOT NULL REFERENCES units(id),
  kind             TEXT NOT NULL,
  period           TEXT NOT NULL,
  rows_total       INTEGER NOT NULL,
  rows_rejected    INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  -- the submission that was current for this unit when this one came in (history; not recomputed)
  replaces_id      INTEGER REFERENCES submissions(id),
  superseded_by_id INTEGER REFERENCES submissions(id),
  superseded_at    TEXT,
  PRIMARY KEY (submission_id, unit_id),
  CHECK ((status = 'current') = (superseded_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX submission_units_one_current ON submission_units(submitter_id, kind, period, unit_id) WHERE status = 'current';
CREATE INDEX submission_units_group ON submission_units(submitter_id, kind, unit_id, period);

-- several submissions of one submitter, ledger and month can now be current, each for its own units
DROP INDEX submissions_one_current;

INSERT INTO submission_units (submission_id, unit_id, submitter_id, kind, period, rows_total, rows_rejected, status, superseded_at)
SELECT x.submission_id, x.unit_id, s.submitter_id, s.kind, s.period, x.n, x.rejected, 'superseded', COALESCE(s.withdrawn_at, s.imported_at)
FROM (
  SELECT submission_id, unit_id, COUNT(*) AS n, COUNT(*) FILTER (WHERE row_status = 'rejected') AS rejected FROM mine_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
  UNION ALL
  SELECT submission_id, unit_id, COUNT(*), COUNT(*) FILTER (WHERE row_status = 'rejected') FROM boiler_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
  UNION ALL
  SELECT submission_id, unit_id, COUNT(*), COUNT(*) FILTER (WHERE row_status = 'rejected') FROM vehicle_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
  UNION ALL
  SELECT submission_id, unit_id, COUNT(*), COUNT(*) FILTER (WHERE row_status = 'rejected') FROM permit_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
  UNION ALL
  SELECT submission_id, unit_id, COUNT(*), COUNT(*) FILTER (WHERE row_status = 'rejected') FROM indicator_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
  UNION ALL
  SELECT submission_id, unit_id, COUNT(*), COUNT(*) FILTER (WHERE row_status = 'rejected') FROM milestone_rows WHERE unit_id IS NOT NULL GROUP BY submission_id, unit_id
) x JOIN submissions s ON s.id = x.submission_id;

-- Re-derived under the new rule: a department's file that a later file for other counties had wholly
-- superseded becomes current again for the counties only it reports. Saved assessments keep the submission
-- sets they recorded, so they reopen as they were.
WITH ordered AS (
  SELECT su.submission_id, su.unit_id,
         LAG(su.submission_id) OVER w AS prev_id,
         LEAD(su.submission_id) OVER w AS next_id,
         LEAD(s.imported_at) OVER w AS next_at
  FROM submission_units su JOIN submissions s ON s.id = su.submission_id
  WHERE s.withdrawn_at IS NULL
  WINDOW w AS (PARTITION BY su.submitter_id, su.kind, su.period, su.unit_id ORDER BY su.submission_id)
)
UPDATE submission_units SET
  status = CASE WHEN o.next_id IS NULL THEN 'current' ELSE 'superseded' END,
  replaces_id = o.prev_id,
  superseded_by_id = o.next_id,
  superseded_at = o.next_at
FROM ordered o
WHERE submission_units.submission_id = o.submission_id AND submission_units.unit_id = o.unit_id;

UPDATE submissions SET
  status = 'current', superseded_by_id = NULL, superseded_at = NULL
WHERE withdrawn_at IS NULL
  AND (EXISTS (SELECT 1 FROM submission_units su WHERE su.submission_id = submissions.id AND su.status = 'current')
       OR NOT EXISTS (SELECT 1 FROM submission_units su WHERE su.submission_id = submissions.id));

UPDATE submissions SET
  status = 'superseded',
  superseded_by_id = (SELECT su.superseded_by_id FROM submission_units su WHERE su.submission_id = submissions.id
                      ORDER BY su.superseded_at DESC, su.superseded_by_id DESC LIMIT 1),
  superseded_at = (SELECT MAX(su.superseded_at) FROM submission_units su WHERE su.submission_id = submissions.id)
WHERE withdrawn_at IS NULL
  AND EXISTS (SELECT 1 FROM submission_units su WHERE su.submission_id = submissions.id)
  AND NOT EXISTS (SELECT 1 FROM submission_units su WHERE su.submission_id = submissions.id AND su.status = 'current');
