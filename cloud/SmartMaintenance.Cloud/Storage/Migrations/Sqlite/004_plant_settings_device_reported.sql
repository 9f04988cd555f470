-- Plant settings and the device's reported firmware and configuration (see Postgres/005_plant_settings_device_reported.sql).
CREATE TABLE plant_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

ALTER TABLE devices ADD COLUMN firmware_version TEXT;
ALTER TABLE devices ADD COLUMN reported_config  TEXT;
ALTER TABLE devices ADD COLUMN reported_at      TEXT;
