namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>
/// The agents' numbered migrations. Table DDL is written once with three placeholders ({id}, {real}, {int})
/// filled per engine; the append-only triggers differ per engine and are written out for each.
/// </summary>
internal static class AgentMigrations
{
    public sealed record Migration(int Version, string Name, string Sqlite, string Postgres);

    public static IReadOnlyList<Migration> All { get; } =
    [
        Both(1, "event dead letters and acquisition cursors", """
            CREATE TABLE agent_dead_letters (
                id {id}, subscription TEXT NOT NULL, event_type TEXT NOT NULL, event_id TEXT NOT NULL,
                correlation_id TEXT NOT NULL, device_id TEXT NOT NULL, payload TEXT NOT NULL, error TEXT NOT NULL,
                attempts INTEGER NOT NULL, failed_at_ms {int} NOT NULL, replayed_at_ms {int} NULL);
            CREATE TABLE agent_cursors (name TEXT PRIMARY KEY, position {int} NOT NULL);
            """),
        Both(2, "anomalies, predictions and maintenance orders", """
            CREATE TABLE agent_anomalies (
                id {id}, event_id TEXT NOT NULL UNIQUE, correlation_id TEXT NOT NULL, device_id TEXT NOT NULL,
                sensor_id TEXT NOT NULL, sensor_type TEXT NOT NULL, value {real} NOT NULL, score {real} NOT NULL,
                severity TEXT NOT NULL, evidence TEXT NOT NULL, reading_at_ms {int} NOT NULL, detected_at_ms {int} NOT NULL);
            CREATE INDEX agent_anomalies_time ON agent_anomalies (detected_at_ms);
            CREATE TABLE agent_predictions (
                id {id}, event_id TEXT NOT NULL UNIQUE, correlation_id TEXT NOT NULL, device_id TEXT NOT NULL,
                sensor_id TEXT NOT NULL, risk {real} NOT NULL, probability {real} NULL, mode TEXT NULL,
                model_version TEXT NULL, predicted_failure_ms {int} NULL, basis TEXT NOT NULL, created_at_ms {int} NOT NULL);
            CREATE TABLE agent_maintenance_orders (
                id {id}, source_event_id TEXT NOT NULL UNIQUE, correlation_id TEXT NOT NULL, device_id TEXT NOT NULL,
                sensor_id TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, risk {real} NOT NULL,
                technician TEXT NULL, start_ms {int} NULL, end_ms {int} NULL, predicted_failure_ms {int} NULL,
                note TEXT NOT NULL, created_at_ms {int} NOT NULL);
            CREATE INDEX agent_orders_technician ON agent_maintenance_orders (technician, start_ms);
            """),
        new(3, "append-only decision log",
            Fill("""
            CREATE TABLE agent_decisions (
                id {id}, order_id {int} NOT NULL, decision TEXT NOT NULL, operator TEXT NOT NULL, reason TEXT NOT NULL,
                correlation_id TEXT NOT NULL, decided_at_ms {int} NOT NULL);
            CREATE TRIGGER agent_decisions_no_update BEFORE UPDATE ON agent_decisions
            BEGIN SELECT RAISE(ABORT, 'agent_decisions is append-only'); END;
            CREATE TRIGGER agent_decisions_no_delete BEFORE DELETE ON agent_decisions
            BEGIN SELECT RAISE(ABORT, 'agent_decisions is append-only'); END;
            """, AgentDbEngine.Sqlite),
            Fill("""
            CREATE TABLE agent_decisions (
                id {id}, order_id {int} NOT NULL, decision TEXT NOT NULL, operator TEXT NOT NULL, reason TEXT NOT NULL,
                correlation_id TEXT NOT NULL, decided_at_ms {int} NOT NULL);
            CREATE FUNCTION agent_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'agent_decisions is append-only'; END $$;
            CREATE TRIGGER agent_decisions_no_change BEFORE UPDATE OR DELETE ON agent_decisions
                FOR EACH ROW EXECUTE FUNCTION agent_decisions_append_only();
            CREATE TRIGGER agent_decisions_no_truncate BEFORE TRUNCATE ON agent_decisions
                FOR EACH STATEMENT EXECUTE FUNCTION agent_decisions_append_only();
            """, AgentDbEngine.Postgres)),
        Both(4, "notifications, knowledge base and reports", """
            CREATE TABLE agent_notifications (
                id {id}, event_id TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, device_id TEXT NOT NULL,
                correlation_id TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT NULL,
                message TEXT NOT NULL, created_at_ms {int} NOT NULL, UNIQUE (event_id, channel));
            CREATE INDEX agent_notifications_time ON agent_notifications (created_at_ms);
            CREATE TABLE agent_incidents (
                id {id}, sensor_type TEXT NOT NULL, signature TEXT NOT NULL, symptoms TEXT NOT NULL, cause TEXT NOT NULL,
                fix TEXT NOT NULL, resolved_at_ms {int} NOT NULL);
            CREATE TABLE agent_reports (
                id {id}, correlation_id TEXT NOT NULL, from_ms {int} NOT NULL, to_ms {int} NOT NULL,
                created_at_ms {int} NOT NULL, body TEXT NOT NULL);
            """),
        // agent_incidents (4) is the knowledge base of resolved cases; machine incidents are the live queue. Decisions on
        // an incident go to the same append-only log (order_id 0 there: the column predates incidents and is NOT NULL).
        Both(5, "machine incidents and incident decisions", """
            CREATE TABLE agent_machine_incidents (
                id {id}, open_event_id TEXT NOT NULL UNIQUE, machine_id TEXT NOT NULL, device_id TEXT NOT NULL,
                correlation_id TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL, severity_rank INTEGER NOT NULL,
                p_value {real} NOT NULL, evidence TEXT NOT NULL, first_abnormal_ms {int} NOT NULL, last_abnormal_ms {int} NOT NULL,
                recovered_at_ms {int} NULL, readings_in_alert {int} NOT NULL, episodes INTEGER NOT NULL,
                acknowledged_at_ms {int} NULL, acknowledged_by TEXT NULL, resolved_at_ms {int} NULL, resolved_by TEXT NULL,
                resolution TEXT NULL, resolution_note TEXT NULL, created_at_ms {int} NOT NULL);
            CREATE INDEX agent_machine_incidents_machine ON agent_machine_incidents (machine_id, state);
            CREATE INDEX agent_machine_incidents_device ON agent_machine_incidents (device_id, id);
            ALTER TABLE agent_decisions ADD COLUMN incident_id {int} NULL;
            CREATE INDEX agent_decisions_incident ON agent_decisions (incident_id);
            ALTER TABLE agent_maintenance_orders ADD COLUMN incident_id {int} NULL;
            CREATE INDEX agent_orders_incident ON agent_maintenance_orders (incident_id);
            """),
        new(6, "append-only log of decisions without an order",
            Fill("""
            CREATE TABLE agent_request_decisions (
                id {id}, request_id TEXT NOT NULL, decision TEXT NOT NULL, operator TEXT NOT NULL, reason TEXT NOT NULL,
                correlation_id TEXT NOT NULL, decided_at_ms {int} NOT NULL);
            CREATE INDEX agent_request_decisions_request ON agent_request_decisions (request_id);
            CREATE TRIGGER agent_request_decisions_no_update BEFORE UPDATE ON agent_request_decisions
            BEGIN SELECT RAISE(ABORT, 'agent_request_decisions is append-only'); END;
            CREATE TRIGGER agent_request_decisions_no_delete BEFORE DELETE ON agent_request_decisions
            BEGIN SELECT RAISE(ABORT, 'agent_request_decisions is append-only'); END;
            """, AgentDbEngine.Sqlite),
            Fill("""
            CREATE TABLE agent_request_decisions (
                id {id}, request_id TEXT NOT NULL, decision TEXT NOT NULL, operator TEXT NOT NULL, reason TEXT NOT NULL,
                correlation_id TEXT NOT NULL, decided_at_ms {int} NOT NULL);
            CREATE INDEX agent_request_decisions_request ON agent_request_decisions (request_id);
            CREATE FUNCTION agent_request_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'agent_request_decisions is append-only'; END $$;
            CREATE TRIGGER agent_request_decisions_no_change BEFORE UPDATE OR DELETE ON agent_request_decisions
                FOR EACH ROW EXECUTE FUNCTION agent_request_decisions_append_only();
            CREATE TRIGGER agent_request_decisions_no_truncate BEFORE TRUNCATE ON agent_request_decisions
                FOR EACH STATEMENT EXECUTE FUNCTION agent_request_decisions_append_only();
            """, AgentDbEngine.Postgres)),
        // Scale-out (Bus/JetStream): an event redelivered to another instance after a crash must not act twice. The
        // knowledge base remembers the IncidentResolved it came from; a machine incident remembers the last observation
        // applied to it (and the one that escalated it), so the same observation arriving again changes nothing and
        // reports what it did the first time. NULL for rows written before: a unique index allows any number of NULLs.
        Both(7, "event ids for idempotent effects across instances", """
            ALTER TABLE agent_incidents ADD COLUMN event_id TEXT NULL;
            CREATE UNIQUE INDEX agent_incidents_event ON agent_incidents (event_id);
            ALTER TABLE agent_machine_incidents ADD COLUMN last_event_id TEXT NULL;
            ALTER TABLE agent_machine_incidents ADD COLUMN escalated_event_id TEXT NULL;
            """),
        // What the technician found or did, written when the order is marked done (NULL: nothing written, or done before).
        Both(8, "maintenance order finding", """
            ALTER TABLE agent_maintenance_orders ADD COLUMN finding TEXT NULL;
            """),
    ];

    private static Migration Both(int version, string name, string ddl) =>
        new(version, name, Fill(ddl, AgentDbEngine.Sqlite), Fill(ddl, AgentDbEngine.Postgres));

    private static string Fill(string ddl, AgentDbEngine engine) => engine == AgentDbEngine.Sqlite
        ? ddl.Replace("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT").Replace("{real}", "REAL").Replace("{int}", "INTEGER")
        : ddl.Replace("{id}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY").Replace("{real}", "DOUBLE PRECISION").Replace("{int}", "BIGINT");
}
