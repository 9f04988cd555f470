-- The statistics devices send with a reading (see Postgres/003_reading_statistics.sql). SQLite adds one column per
-- statement; a nullable column without a default only changes the schema, existing rows read NULL.
ALTER TABLE readings ADD COLUMN summary_count INTEGER;
ALTER TABLE readings ADD COLUMN summary_std   REAL;
ALTER TABLE readings ADD COLUMN summary_min   REAL;
ALTER TABLE readings ADD COLUMN summary_max   REAL;
ALTER TABLE readings ADD COLUMN baseline_mean REAL;
ALTER TABLE readings ADD COLUMN baseline_std  REAL;
