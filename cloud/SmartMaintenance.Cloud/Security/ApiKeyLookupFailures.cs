using System.Data.Common;
using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// API key lookups that could not reach the key store (the database down, refusing connections or timing out). The
/// request is answered 503 with Retry-After (ApiKeyEndpointFilter), never 500: the key may be fine and the client
/// may retry. Each failure is counted (sm_api_key_lookup_failures_total); the log gets the first failure with its
/// exception and then at most one line per <see cref="LogEvery"/> with the count since, so an outage under load is
/// not one log line per request.
/// </summary>
public sealed partial class ApiKeyLookupFailures(TimeProvider time, ILogger<ApiKeyLookupFailures> logger) : IDisposable
{
    public static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);

    private readonly Meter _meter = new(SignInThrottle.MeterName);
    private readonly Lock _gate = new();
    private Counter<long>? _failures;
    private long? _lastLogged;
    private long _notLogged;

    private Counter<long> Failures => _failures ??= _meter.CreateCounter<long>("sm_api_key_lookup_failures", "{lookup}",
        "API key lookups that could not reach the key store; the request was answered 503 with Retry-After.");

    /// <summary>
    /// True for the failures of the key store itself (any ADO.NET provider error: connection refused or broken,
    /// server shutting down, SQLite busy) and timeouts; a bug in the lookup stays a 500.
    /// </summary>
    public static bool IsUnavailable(Exception ex) => ex is DbException or TimeoutException;

    public void Record(Exception ex)
    {
        Failures.Add(1);
        long notLogged;
        lock (_gate)
        {
            if (_lastLogged is { } last && time.GetElapsedTime(last) < LogEvery)
            {
                _notLogged++;
                return;
            }

            notLogged = _notLogged;
            _notLogged = 0;
            _lastLogged = time.GetTimestamp();
        }

        LogUnavailable(ex, notLogged, (int)LogEvery.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key lookup failed, the key store is unreachable: answering 503 with Retry-After ({NotLogged} more such failures in the last {Seconds} s were counted, not logged)")]
    private partial void LogUnavailable(Exception ex, long notLogged, int seconds);
}
