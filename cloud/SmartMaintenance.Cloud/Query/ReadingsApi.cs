using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Query;

/// <summary>
/// GET /api/v1/sensors/readings?sensor_id=&amp;sensor_type=&amp;device_id=&amp;from=&amp;to=&amp;limit=&amp;cursor=
/// Keyset pagination by reading id: stable while new readings arrive.
/// </summary>
public static class ReadingsApi
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/sensors").RequireApiKey();
        api.MapGet("/readings", GetReadingsAsync);
        return routes;
    }

    internal static async Task<Results<Ok<ReadingPage>, ValidationProblem>> GetReadingsAsync(
        HttpRequest request, IReadingStore store, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var errors = new Dictionary<string, string[]>();
        var limit = ParseInt(q["limit"], "limit", 100, 1, MaxLimit, errors);
        var after = ParseLong(q["cursor"], "cursor", errors);
        var from = ParseTime(q["from"], "from", errors);
        var to = ParseTime(q["to"], "to", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is invalid.");
        }

        var query = new ReadingQuery(
            SensorId: NullIfEmpty(q["sensor_id"]),
            SensorType: NullIfEmpty(q["sensor_type"]),
            DeviceId: NullIfEmpty(q["device_id"]),
            From: from,
            To: to,
            AfterId: after,
            Limit: limit);
        var items = await store.QueryAsync(query, cancellationToken);
        var next = items.Count == limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new ReadingPage(items, next));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParseInt(string? text, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be an integer from {min} to {max}."];
        return fallback;
    }

    private static long ParseLong(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        errors[name] = [$"{name} must be a cursor returned by a previous page."];
        return 0;
    }

    private static DateTimeOffset? ParseTime(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors[name] = [$"{name} must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z."];
        return null;
    }
}
