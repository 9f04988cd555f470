using System.Globalization;

namespace SmartMaintenance.Cloud.Query;

/// <summary>Parses query-string values, collecting a field message for each bad one.</summary>
internal sealed class QueryParameters(IQueryCollection query)
{
    public Dictionary<string, string[]> Errors { get; } = new();

    public string? Text(string name) => string.IsNullOrWhiteSpace(query[name]) ? null : query[name].ToString();

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Errors[name] = [$"{name} must be an integer from {min} to {max}."];
        return fallback;
    }

    public long Cursor(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return 0;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        Errors[name] = [$"{name} must be a cursor returned by a previous page."];
        return 0;
    }

    public DateTimeOffset? Time(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        Errors[name] = [$"{name} must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z."];
        return null;
    }

    public bool Flag(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Errors[name] = [$"{name} must be true or false."];
        return false;
    }
}
