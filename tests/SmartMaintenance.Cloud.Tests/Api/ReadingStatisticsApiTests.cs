using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// What a device computed travels through the batch endpoint into storage and back out of the query API and the CSV
/// export unchanged: a summary's count/std/min/max, a deviation's baseline, the device's stuck flag (on both engines).
/// </summary>
public abstract class ReadingStatisticsApiTests(CloudHost host)
{
    // Numbers a lossy path would change: a count past the int range, doubles that need 17 significant digits,
    // the largest double and a subnormal. The JSON text and the C# literal are the same number.
    private const string Summary = "\"k\":\"s\",\"val\":301.15000000000003,\"n\":4000000001,\"sd\":0.3333333333333333,\"min\":0.30000000000000004,\"max\":1.7976931348623157e308";
    private const string Deviation = "\"k\":\"a\",\"val\":312.5,\"z\":-4.000000000000001,\"bm\":299.97999999999996,\"bs\":5e-324";
    private const string Plain = "\"k\":\"r\",\"val\":300.25";
    // The anomaly a device's filter sends once when the sensor has not changed over its stuck window.
    private const string Stuck = "\"k\":\"a\",\"val\":300.5,\"z\":0,\"bm\":300.5,\"bs\":0.01,\"stk\":1";

    private static readonly (long? N, double? Sd, double? Min, double? Max) SummaryStats = (4_000_000_001, 0.3333333333333333, 0.30000000000000004, double.MaxValue);
    private static readonly (double? Z, double? Bm, double? Bs) DeviationStats = (-4.000000000000001, 299.97999999999996, double.Epsilon);

    // °F has no plausibility range (ReadingPlausibility), so the extreme statistics below reach storage: this class
    // proves their exact round trip, not the ranges (HostileBatchTests does that).
    private static string Batch(string device, params string[] bodies) => DeviceBatch.Json(device, "temperature", "°F", bodies);

    private async Task PostBatchAsync(string device, params string[] bodies)
    {
        var response = await host.Admin.PostAsync("/api/v1/data/ingest/batch", CloudHost.Json(Batch(device, bodies)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal(bodies.Length, result!.Stored);
    }

    [Fact]
    public async Task IngestBatch_SummaryAndDeviation_ReadingsApiReturnsEveryStatisticExactly()
    {
        await PostBatchAsync("st-json", Summary, Deviation);

        var items = (await host.ReadingsAsync("&device_id=st-json")).Items;

        Assert.Equal(2, items.Count);
        var (summary, deviation) = (items[0], items[1]);
        Assert.Equal((MessageKinds.Summary, 301.15000000000003), (summary.Kind, summary.Value));
        Assert.Equal(SummaryStats, (summary.SummaryCount, summary.SummaryStd, summary.SummaryMin, summary.SummaryMax));
        Assert.Equal(((double?)null, (double?)null, (double?)null), (summary.ZScore, summary.BaselineMean, summary.BaselineStd));
        Assert.Equal((MessageKinds.Anomaly, 312.5), (deviation.Kind, deviation.Value));
        Assert.Equal(DeviationStats, (deviation.ZScore, deviation.BaselineMean, deviation.BaselineStd));
        Assert.Equal(((long?)null, (double?)null, (double?)null, (double?)null),
            (deviation.SummaryCount, deviation.SummaryStd, deviation.SummaryMin, deviation.SummaryMax));
    }

    [Fact]
    public async Task GetReadings_PlainReading_JsonLeavesTheStatisticsOut()
    {
        await PostBatchAsync("st-plain", Plain);

        using var page = JsonDocument.Parse(await host.Admin.GetStringAsync("/api/v1/sensors/readings?device_id=st-plain"));

        var item = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray().ToList());
        var names = item.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("value", names);
        Assert.DoesNotContain(names, n => n.StartsWith("summary_", StringComparison.Ordinal) || n.StartsWith("baseline_", StringComparison.Ordinal));
        Assert.DoesNotContain("stuck", names);
    }

    [Fact]
    public async Task GetReadings_DeviceReportedStuck_ReturnsStuckTrueOnThatReadingOnly()
    {
        await PostBatchAsync("st-stuck", Deviation, Stuck);

        var items = (await host.ReadingsAsync("&device_id=st-stuck")).Items;

        Assert.Equal([null, true], items.Select(r => r.Stuck));
    }

    [Fact]
    public async Task IngestBatch_StuckFlagNotZeroOrOne_ItemRejectedAndNeighbourStored()
    {
        var response = await host.Admin.PostAsync("/api/v1/data/ingest/batch",
            CloudHost.Json(Batch("st-stk2", Stuck.Replace("\"stk\":1", "\"stk\":2", StringComparison.Ordinal), Plain)));

        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult);
        Assert.Equal((1, 1), (result!.Stored, result.Rejected));
        Assert.Equal(IngestItemStatus.Rejected, result.Items[0].Status);
        Assert.Contains("stk", result.Items[0].Error);
    }

    [Fact]
    public async Task ExportCsv_SummaryAndDeviation_StatisticsColumnsParseBackExactly()
    {
        await PostBatchAsync("st-csv", Summary, Deviation, Plain, Stuck);

        var lines = (await host.Admin.GetStringAsync("/api/v1/sensors/readings.csv?device_id=st-csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, lines.Length);
        var header = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        long? Long(string[] row, string column) => row[header[column]] is { Length: > 0 } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;
        double? Double(string[] row, string column) => row[header[column]] is { Length: > 0 } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
        Assert.Equal(SummaryStats, (Long(rows[0], "summary_count"), Double(rows[0], "summary_std"), Double(rows[0], "summary_min"), Double(rows[0], "summary_max")));
        Assert.Equal(DeviationStats, (Double(rows[1], "z_score"), Double(rows[1], "baseline_mean"), Double(rows[1], "baseline_std")));
        Assert.All(new[] { "summary_count", "summary_std", "summary_min", "summary_max", "baseline_mean", "baseline_std" },
            column => Assert.Equal("", rows[2][header[column]]));
        Assert.Equal(["", "", "", "true"], rows.Select(r => r[header["stuck"]]));
    }
}

public sealed class PostgresReadingStatisticsApiTests(CloudHostFixture fixture)
    : ReadingStatisticsApiTests(fixture.Host), IClassFixture<CloudHostFixture>;

public sealed class SqliteReadingStatisticsApiTests(SqliteCloudHostFixture fixture)
    : ReadingStatisticsApiTests(fixture.Host), IClassFixture<SqliteCloudHostFixture>;
