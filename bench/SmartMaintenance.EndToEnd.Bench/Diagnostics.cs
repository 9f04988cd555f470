using System.Globalization;
using SmartMaintenance.EdgeBroker.Bench;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>Reads the counters behind <see cref="Diagnostics"/>; the difference of two reads covers what ran between.</summary>
internal static class DiagnosticsReader
{
    public static async Task<Diagnostics> ReadAsync(EdgeBrokerUnderTest broker, HttpClient cloud)
    {
        var text = await cloud.GetStringAsync("/metrics");
        return new Diagnostics(
            await broker.MetricAsync("sm_broker_forward_batches_total"),
            await broker.MetricAsync("sm_broker_forward_batch_seconds_sum"),
            await broker.MetricAsync("sm_broker_messages_out_total"),
            await broker.MetricAsync("sm_broker_forward_failures_total"),
            await broker.MetricAsync("sm_broker_duplicates_dropped_total"),
            await broker.MetricAsync("sm_broker_dead_letters_total"),
            Sum(text, "sm_db_write_duration_seconds_count"),
            Sum(text, "sm_db_write_duration_seconds_sum"),
            Sum(text, "sm_db_flush_rows_sum"));
    }

    public static Diagnostics Delta(Diagnostics a, Diagnostics b) => new(
        b.ForwardBatches - a.ForwardBatches, b.ForwardBusySeconds - a.ForwardBusySeconds, b.Forwarded - a.Forwarded,
        b.ForwardFailures - a.ForwardFailures, b.BrokerDuplicates - a.BrokerDuplicates, b.BrokerDeadLetters - a.BrokerDeadLetters,
        b.Flushes - a.Flushes, b.FlushBusySeconds - a.FlushBusySeconds, b.FlushRows - a.FlushRows);

    /// <summary>Sum of every series of a metric in Prometheus text ("name{labels} value").</summary>
    private static double Sum(string text, string name) => text.Split('\n')
        .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && l[name.Length] is ' ' or '{')
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>An ingest + broker scoped key for the broker, made through the admin API with the bench's bootstrap key.</summary>
    public static async Task<string> CreateBrokerKeyAsync(HttpClient cloud)
    {
        using var response = await cloud.PostAsync("/api/v1/admin/api-keys",
            new StringContent("""{"name":"e2e-bench-broker","scopes":["ingest","broker"]}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating the broker's API key failed: HTTP {(int)response.StatusCode} {body}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("key").GetString()!;
    }
}
