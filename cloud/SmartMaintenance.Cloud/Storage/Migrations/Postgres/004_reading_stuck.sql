-- The device's own stuck-sensor verdict (wire `stk`): true on the anomaly its filter sends when a sensor showed no
-- variance over its stuck window, NULL on every other reading. Kept so the report survives as such (the cloud sees
-- too few values of a pre-filtering device to detect the run itself). Like 003: one ALTER for both shapes of 002
-- (partitions and hypertable chunks inherit it), nullable without a default, so catalog-only.
ALTER TABLE readings ADD COLUMN stuck boolean;
