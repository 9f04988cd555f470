-- Readings as a TimescaleDB hypertable (used instead of 002_readings.sql when the extension is available).
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE SEQUENCE readings_id_seq AS bigint;

CREATE TABLE readings (
    id             bigint           NOT NULL DEFAULT nextval('readings_id_seq'),
    device_id      text,
    sequence       bigint,
    sensor_id      text             NOT NULL,
    sensor_type    text             NOT NULL,
    unit           text             NOT NULL,
    kind           text             NOT NULL,
    value          double precision NOT NULL,
    ts             timestamptz      NOT NULL,
    received_at    timestamptz      NOT NULL,
    correlation_id text,
    z_score        double precision
);
SELECT create_hypertable('readings', 'ts', chunk_time_interval => interval '1 day');

CREATE INDEX ix_readings_id ON readings (id);
CREATE INDEX ix_readings_sensor_ts ON readings (sensor_id, ts);
CREATE INDEX ix_readings_sensor_id ON readings (sensor_id, id);
