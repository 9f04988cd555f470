using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Query;

/// <summary>
/// GET /api/v1/sensors                                   sensors: type, unit, last value, first/last seen
/// GET /api/v1/sensors/readings?sensor_id=&amp;sensor_type=&amp;device_id=&amp;from=&amp;to=&amp;limit=&amp;cursor=&amp;include_total=
///                                                       keyset pages by id (stable while readings arrive)
/// GET /api/v1/sensors/readings.csv?(same filters)       streamed CSV export of every matching reading
/// GET /api/v1/sensors/{id}/aggregates?bucket=1m|1h|1d&amp;from=&amp;to=   count/min/max/avg per bucket
/// All need the "read" scope.
/// </summary>
public static class ReadingsApi
{
    public const int MaxLimit = 1000;
    public const int MaxBuckets = 10_000;
    private const int ExportPage = 5_000;

    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/sensors").RequireScope(ApiScopes.Read).WithTags("Query");
        api.MapGet("", ListSensorsAsync).Produces<IReadOnlyList<SensorView>>();
        api.MapGet("/readings", GetReadingsAsync).Produces<ReadingPage>().ProducesValidationProblem();
        api.MapGet("/readings.csv", ExportCsvAsync).Produces<string>(contentType: "text/csv").ProducesValidationProblem();
        api.MapGet("/{id}/aggregates", GetAggregatesAsync).Produces<IReadOnlyList<AggregateView>>().ProducesValidationProblem();
        return routes;
    }

    internal static async Task<IResult> ListSensorsAsync(IReadingStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListSensorsAsync(cancellationToken))
            .Select(s => new SensorView(s.SensorId, s.SensorType, s.Unit, s.DeviceId, s.LastValue, s.FirstSeen, s.LastSeen)).ToList());

    internal static async Task<IResult> GetReadingsAsync(HttpRequest request, IReadingStore store, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var limit = q.Int("limit", 100, 1, MaxLimit);
        var query = Filters(q) with { AfterId = q.Cursor("cursor"), Limit = limit };
        var includeTotal = q.Flag("include_total");
        if (q.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(q.Errors, title: "The query is invalid.");
        }

        var items = await store.QueryAsync(query, cancellationToken);
        long? total = includeTotal ? await store.CountAsync(query, cancellationToken) : null;
        var next = items.Count == limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new ReadingPage(items, next) { Total = total });
    }

    internal static async Task ExportCsvAsync(HttpContext context, IReadingStore store)
    {
        var q = new QueryParameters(context.Request.Query);
        var query = Filters(q) with { Limit = ExportPage };
        if (q.Errors.Count > 0)
        {
            await TypedResults.ValidationProblem(q.Errors, title: "The query is invalid.").ExecuteAsync(context);
            return;
        }

        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"readings.csv\"";
        // Page by page: the export never holds more than one page, whatever the number of rows.
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(ReadingsCsv.Header);
        var line = new StringBuilder(256);
        while (true)
        {
            var page = await store.QueryAsync(query, cancellationToken);
            foreach (var r in page)
            {
                ReadingsCsv.AppendRow(line.Clear(), r);
                await writer.WriteAsync(line, cancellationToken);
            }

            if (page.Count < query.Limit)
            {
                break;
            }

            query = query with { AfterId = page[^1].Id };
            await writer.FlushAsync(cancellationToken);
        }
    }

    internal static async Task<IResult> GetAggregatesAsync(string id, HttpRequest request, IReadingStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        TimeSpan? bucket = q.Text("bucket") switch
        {
            null or "1h" => TimeSpan.FromHours(1),
            "1m" => TimeSpan.FromMinutes(1),
            "1d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (bucket is null)
        {
            q.Errors["bucket"] = ["bucket must be 1m, 1h or 1d."];
        }

        var to = q.Time("to") ?? time.GetUtcNow();
        var from = q.Time("from") ?? to.AddDays(-1);
        if (from >= to)
        {
            q.Errors["from"] = ["from must be before to."];
        }
        else if (bucket is { } b && (to - from) / b > MaxBuckets)
        {
            q.Errors["bucket"] = [$"the range holds more than {MaxBuckets} buckets; use a larger bucket or a shorter range."];
        }

        if (q.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(q.Errors, title: "The query is invalid.");
        }

        var rows = await store.AggregateAsync(new AggregateQuery(id, bucket!.Value, from, to), cancellationToken);
        return TypedResults.Ok(rows.Select(a => new AggregateView(a.BucketStart, a.Count, a.Min, a.Max, a.Avg)).ToList());
    }

    private static ReadingQuery Filters(QueryParameters q) => new(
        SensorId: q.Text("sensor_id"),
        SensorType: q.Text("sensor_type"),
        DeviceId: q.Text("device_id"),
        From: q.Time("from"),
        To: q.Time("to"));
}

public sealed record SensorView(
    [property: JsonPropertyName("sensor_id")] string SensorId,
    [property: JsonPropertyName("sensor_type")] string SensorType,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("device_id")] string? DeviceId,
    [property: JsonPropertyName("last_value")] double LastValue,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset LastSeen);

public sealed record AggregateView(
    [property: JsonPropertyName("bucket_start")] DateTimeOffset BucketStart,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("avg")] double Avg);
