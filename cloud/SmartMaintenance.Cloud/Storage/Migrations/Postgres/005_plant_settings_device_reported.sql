-- Plant-wide settings an admin changes on the dashboard (the plant's time zone), one row per key.
CREATE TABLE plant_settings (
    key        text PRIMARY KEY,
    value      text        NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- What the device itself last said in its status message (wire `fw`, `cfg` and the applied settings): the firmware
-- it runs and the configuration it runs with, shown beside the desired one. Nullable without a default: a device
-- that never reported (or older firmware) simply has none; catalog-only change.
ALTER TABLE devices ADD COLUMN firmware_version text;
ALTER TABLE devices ADD COLUMN reported_config  text;
ALTER TABLE devices ADD COLUMN reported_at      timestamptz;
