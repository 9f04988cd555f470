-- The device's stuck-sensor verdict (see Postgres/004_reading_stuck.sql): 1 when reported, NULL otherwise.
-- SQLite has no boolean type; INTEGER 0/1 is its convention. Nullable without a default: schema-only change.
ALTER TABLE readings ADD COLUMN stuck INTEGER;
