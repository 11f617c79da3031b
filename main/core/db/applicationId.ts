/** PRAGMA application_id stamped on every workspace ("BLSY"), so a foreign SQLite file is never migrated. */
export const APPLICATION_ID = 0x424c5359;
