using System.Data.Common;
using System.Globalization;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>What clearing the demo site removed, per kind of row.</summary>
public sealed record DemoClearResult(long Devices, long Readings, long Alerts, long Incidents, long Orders, long Predictions,
    long Notifications, long Reports, long DecisionId);

/// <summary>
/// Clears the demo site: every row of its devices (readings, sensors, alerts, predictions, machine incidents, orders,
/// notifications), the demo runs' own reports and the devices themselves, in one transaction, then records who did it
/// in the decision log (a request decision, <see cref="RequestId"/>). Decisions already taken on demo orders stay: the
/// decision log is append-only on purpose (its tables refuse deletes).
/// </summary>
/// <remarks>
/// Plain SQL on the host's data source: the agents' tables live in the same database as the readings and the registry
/// (AgentDatabase), and no store has a "delete a device's rows" operation, which nothing but this needs.
/// </remarks>
public sealed class DemoDataCleaner(DbDataSource dataSource, IDemoSite demo, IRequestDecisionStore decisions, TimeProvider time)
{
    public const string RequestId = "demo-site:clear";

    private static readonly (string Table, string Column)[] DeviceTables =
    [
        ("readings", "device_id"), ("sensors", "device_id"), ("agent_anomalies", "device_id"), ("agent_predictions", "device_id"),
        ("agent_machine_incidents", "device_id"), ("agent_maintenance_orders", "device_id"), ("agent_notifications", "device_id"),
        ("device_configs", "device_id"),
    ];

    public async Task<DemoClearResult> ClearAsync(string @operator, CancellationToken cancellationToken)
    {
        var ids = (await demo.DeviceIdsAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var names = string.Join(", ", ids.Select((_, i) => "@d" + i.ToString(CultureInfo.InvariantCulture)));
            var parameters = ids.Select((id, i) => ("d" + i.ToString(CultureInfo.InvariantCulture), (object?)id)).ToArray();
            foreach (var (table, column) in DeviceTables)
            {
                counts[table] = await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {column} IN ({names})", parameters,
                    cancellationToken);
            }

            counts["agent_reports"] = await ExecuteAsync(connection, transaction,
                "DELETE FROM agent_reports WHERE correlation_id LIKE 'golden-path:%' OR correlation_id LIKE 'sim-%'", [], cancellationToken);
            counts["devices"] = await ExecuteAsync(connection, transaction, "DELETE FROM devices WHERE site = @site",
                [("site", DemoSite.Name)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // The dashboard recognises this sentence and writes it in the reader's language (Dashboard/Localization/DecisionReasonText.cs).
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"cleared the demo site: {counts["devices"]} devices, {counts["readings"]} readings, {counts["agent_anomalies"]} alerts, " +
            $"{counts["agent_machine_incidents"]} incidents, {counts["agent_maintenance_orders"]} orders, {counts["agent_reports"]} reports");
        var decision = await decisions.AppendAsync(new RequestDecision(0, RequestId, DecisionKind.Approve, @operator, reason,
            $"request:{RequestId}", time.GetUtcNow()), cancellationToken);
        return new DemoClearResult(counts["devices"], counts["readings"], counts["agent_anomalies"], counts["agent_machine_incidents"],
            counts["agent_maintenance_orders"], counts["agent_predictions"], counts["agent_notifications"], counts["agent_reports"], decision.Id);
    }

    /// <summary>The last clears, newest first (the decision log's request decisions under <see cref="RequestId"/>).</summary>
    public async Task<IReadOnlyList<RequestDecision>> HistoryAsync(int limit, CancellationToken cancellationToken) =>
        await decisions.QueryAsync(new RequestDecisionFilter(RequestId: RequestId, Limit: limit, NewestFirst: true), cancellationToken);

    private static async Task<long> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql,
        (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, sql, parameters);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
