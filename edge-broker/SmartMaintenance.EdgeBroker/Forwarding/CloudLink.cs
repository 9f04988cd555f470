using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>What the broker last saw of the cloud, for /health/ready; and the gzip JSON body every call sends.</summary>
public sealed class CloudLink(TimeProvider time)
{
    private long _lastSuccessTicks;
    private long _lastFailureTicks;

    public DateTimeOffset? LastSuccess => Read(ref _lastSuccessTicks);
    public DateTimeOffset? LastFailure => Read(ref _lastFailureTicks);

    /// <summary>True unless the latest contact with the cloud failed.</summary>
    public bool Reachable => (LastFailure ?? DateTimeOffset.MinValue) <= (LastSuccess ?? DateTimeOffset.MinValue);

    public void Succeeded() => Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
    public void Failed() => Interlocked.Exchange(ref _lastFailureTicks, time.GetUtcNow().UtcTicks);

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
