-- The statistics devices send with a reading, kept for drift detection and retraining: a summary's count, std, min
-- and max (its mean is `value`), a deviation's on-device baseline mean and std (its z-score is `z_score`).
-- One script for both shapes of 002: on the range-partitioned table the columns propagate to every partition
-- (existing and future), and a TimescaleDB hypertable propagates them to its chunks. Nullable without a default,
-- so the change is catalog-only: no table rewrite, existing rows read NULL.
ALTER TABLE readings
    ADD COLUMN summary_count bigint,
    ADD COLUMN summary_std   double precision,
    ADD COLUMN summary_min   double precision,
    ADD COLUMN summary_max   double precision,
    ADD COLUMN baseline_mean double precision,
    ADD COLUMN baseline_std  double precision;
