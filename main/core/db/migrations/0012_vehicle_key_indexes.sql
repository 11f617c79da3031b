-- The vehicle ledger's plate and VIN indexes go. They served one query, the check of a new vehicle ledger against
-- the rows other units reported (checks/crossFile.ts), and that query reads the current submissions' rows and
-- looks each up among the new file's keys just as fast without them. Keeping them cost every import a random
-- insert into two B-trees per row: about 0.4 s of a 100,000-row import's 2.7 s. The other ledgers keep their key
-- indexes; they run to hundreds of rows, not hundreds of thousands.
DROP INDEX IF EXISTS vehicle_rows_plate;
DROP INDEX IF EXISTS vehicle_rows_vin;
