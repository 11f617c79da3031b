/** SQL that takes a workspace back from migration 0010 (plan versions), for tests that replay an older migration. */
export const UNDO_0010 = `DROP INDEX allocations_current; ALTER TABLE allocations DROP COLUMN plan_version_id; ALTER TABLE assessment_runs DROP COLUMN plan_version_id;
  CREATE UNIQUE INDEX allocations_current ON allocations(target_id, unit_id) WHERE superseded_at IS NULL;
  DROP TABLE plan_versions; DROP TABLE plans;`;

/** SQL that takes a workspace back from migration 0011 (the search backlog); an older migration's undo follows it. */
export const UNDO_0011 = 'DROP TABLE search_backlog;';
