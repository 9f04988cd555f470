-- Registry tables: sensors, devices, device configurations, API keys, ingest de-duplication keys, dead letters.
CREATE TABLE sensors (
    sensor_id   text PRIMARY KEY,
    sensor_type text             NOT NULL,
    unit        text             NOT NULL,
    device_id   text,
    first_seen  timestamptz      NOT NULL,
    last_seen   timestamptz      NOT NULL,
    last_value  double precision NOT NULL
);

CREATE TABLE devices (
    device_id    text PRIMARY KEY,
    site         text        NOT NULL,
    display_name text        NOT NULL,
    secret_hash  text        NOT NULL,
    sensors      text        NOT NULL,
    enabled      boolean     NOT NULL,
    online       boolean     NOT NULL DEFAULT false,
    last_seen    timestamptz,
    created_at   timestamptz NOT NULL
);

CREATE TABLE device_configs (
    device_id   text PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    version     bigint      NOT NULL,
    config      text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    ack_version bigint,
    ack_applied boolean,
    ack_error   text,
    ack_at      timestamptz
);

CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    key_hash   text        NOT NULL UNIQUE,
    scopes     text        NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- One row per idempotency key ever stored ("d:device:sequence" or "k:client-key[:line]").
CREATE TABLE ingest_keys (
    dedup_key  text PRIMARY KEY,
    reading_id bigint NOT NULL
);

CREATE TABLE dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at timestamptz NOT NULL,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    payload     text
);
CREATE INDEX ix_dead_letters_received ON dead_letters (received_at);
