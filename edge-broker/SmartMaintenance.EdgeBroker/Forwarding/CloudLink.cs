using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// What the broker last saw of the cloud, for /health/ready and for the forwarder's poison-pill check; and the
/// gzip JSON body every call sends. It tells "unreachable" (no HTTP answer: network, timeout) from "answering
/// errors" (an HTTP status that is not a success), because the operator's next step differs: the network or
/// the cloud's logs.
/// </summary>
public sealed class CloudLink(TimeProvider time)
{
    private long _lastSuccessTicks;
    private long _lastFailureTicks;
    // 0 when the latest failure got no HTTP answer at all.
    private int _lastFailureStatus;

    /// <summary>Last 2xx answer to any call (batch, events, sync): the cloud was healthy then.</summary>
    public DateTimeOffset? LastSuccess => Read(ref _lastSuccessTicks);
    public DateTimeOffset? LastFailure => Read(ref _lastFailureTicks);

    /// <summary>HTTP status of the latest failure; null when it got no answer (network error, timeout) or there was none.</summary>
    public int? LastFailureStatus => Volatile.Read(ref _lastFailureStatus) is var s and > 0 ? s : null;

    /// <summary>True unless the latest contact with the cloud failed.</summary>
    public bool Healthy => (LastFailure ?? DateTimeOffset.MinValue) <= (LastSuccess ?? DateTimeOffset.MinValue);

    /// <summary>True unless the latest contact failed without an HTTP answer.</summary>
    public bool Reachable => Healthy || LastFailureStatus is not null;

    public void Succeeded() => Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);

    /// <summary>No HTTP answer (connection refused, reset, timeout).</summary>
    public void Failed() => Failed(null);

    /// <summary>A failure; <paramref name="status"/> is the HTTP status when the cloud answered.</summary>
    public void Failed(int? status)
    {
        Volatile.Write(ref _lastFailureStatus, status ?? 0);
        Interlocked.Exchange(ref _lastFailureTicks, time.GetUtcNow().UtcTicks);
    }

    /// <summary>True when the cloud answered 2xx to some call after <paramref name="since"/>.</summary>
    public bool SucceededSince(DateTimeOffset since) => LastSuccess is { } last && last > since;

    /// <summary>JSON compressed with gzip (Content-Encoding: gzip); a 500-reading batch shrinks ~10x.</summary>
    public static ByteArrayContent GzipJson<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, value, type);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static DateTimeOffset? Read(ref long ticks)
    {
        var value = Interlocked.Read(ref ticks);
        return value == 0 ? null : new DateTimeOffset(value, TimeSpan.Zero);
    }
}
