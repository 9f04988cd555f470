-- Embedded engine: the same tables as PostgreSQL; reading and sensor times are Unix milliseconds (UTC),
-- registry times are ISO 8601 text written by Microsoft.Data.Sqlite (always UTC, so text order = time order).
CREATE TABLE readings (
    id             INTEGER PRIMARY KEY,
    device_id      TEXT,
    sequence       INTEGER,
    sensor_id      TEXT    NOT NULL,
    sensor_type    TEXT    NOT NULL,
    unit           TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    value          REAL    NOT NULL,
    ts_ms          INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    correlation_id TEXT,
    z_score        REAL
);
CREATE INDEX ix_readings_sensor_ts ON readings (sensor_id, ts_ms);
CREATE INDEX ix_readings_sensor_id ON readings (sensor_id, id);

CREATE TABLE sensors (
    sensor_id     TEXT PRIMARY KEY,
    sensor_type   TEXT    NOT NULL,
    unit          TEXT    NOT NULL,
    device_id     TEXT,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    last_value    REAL    NOT NULL
);

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    site         TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL,
    sensors      TEXT    NOT NULL,
    enabled      INTEGER NOT NULL,
    online       INTEGER NOT NULL DEFAULT 0,
    last_seen    TEXT,
    created_at   TEXT    NOT NULL
);

CREATE TABLE device_configs (
    device_id   TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    config      TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    ack_version INTEGER,
    ack_applied INTEGER,
    ack_error   TEXT,
    ack_at      TEXT
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    key_hash   TEXT NOT NULL UNIQUE,
    scopes     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE ingest_keys (
    dedup_key  TEXT PRIMARY KEY,
    reading_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    payload     TEXT
);
