namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// One cloud instance the forwarder may send to, and what it last did: the batch forwarder skips it for
/// Broker:Cloud:EndpointBackoff after it failed (no answer, or an error status other than a refusal of the readings).
/// </summary>
public sealed class CloudEndpoint(Uri baseUri)
{
    private long _backoffUntilTicks;
    private long _lastSuccessTicks;
    private long _lastFailureTicks;
    // 0 when the latest failure got no HTTP answer at all.
    private int _lastFailureStatus;

    /// <summary>The base address, ending in '/' so relative API paths resolve under it.</summary>
    public Uri BaseUri { get; } = baseUri;

    /// <summary>The address as shown in readiness and logs: scheme, host, port and path, never user info.</summary>
    public string Display { get; } = baseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    public DateTimeOffset? LastSuccess => Read(ref _lastSuccessTicks);

    public DateTimeOffset? LastFailure => Read(ref _lastFailureTicks);

    /// <summary>Until when the forwarder skips this endpoint (while another is usable); null when it is not backing off.</summary>
    public DateTimeOffset? BackoffUntil => Read(ref _backoffUntilTicks);

    /// <summary>HTTP status of the latest failure; null when it got no answer or there was none.</summary>
    public int? LastFailureStatus => Volatile.Read(ref _lastFailureStatus) is var s and > 0 ? s : null;

    /// <summary>"ok", "answering_errors" or "unreachable", like the broker's overall cloud state; "unknown" before the first call.</summary>
    public string State =>
        LastSuccess is null && LastFailure is null ? "unknown"
        : (LastFailure ?? DateTimeOffset.MinValue) <= (LastSuccess ?? DateTimeOffset.MinValue) ? "ok"
        : LastFailureStatus is null ? "unreachable"
        : "answering_errors";

    public bool IsBackingOff(DateTimeOffset now) => Interlocked.Read(ref _backoffUntilTicks) > now.UtcTicks;

    internal void Succeeded(DateTimeOffset now)
    {
        Interlocked.Exchange(ref _backoffUntilTicks, 0);
        Interlocked.Exchange(ref _lastSuccessTicks, now.UtcTicks);
    }

    internal void Failed(int? status, DateTimeOffset now, TimeSpan backoff)
    {
        Volatile.Write(ref _lastFailureStatus, status ?? 0);
        Interlocked.Exchange(ref _lastFailureTicks, now.UtcTicks);
        Interlocked.Exchange(ref _backoffUntilTicks, (now + backoff).UtcTicks);
    }

    private static DateTimeOffset? Read(ref long ticks)
    {
        var value = Interlocked.Read(ref ticks);
        return value == 0 ? null : new DateTimeOffset(value, TimeSpan.Zero);
    }
}
