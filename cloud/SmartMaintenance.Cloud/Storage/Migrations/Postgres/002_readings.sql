-- Readings, range-partitioned by time (daily partitions are created ahead of need and on demand by the
-- application). Ids come from one sequence and are assigned by the single writer, so id order is commit order.
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
) PARTITION BY RANGE (ts);

CREATE INDEX ix_readings_id ON readings (id);
CREATE INDEX ix_readings_sensor_ts ON readings (sensor_id, ts);
CREATE INDEX ix_readings_sensor_id ON readings (sensor_id, id);
CREATE INDEX brin_readings_ts ON readings USING brin (ts);
