using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Bounds the log lines a client can make the broker write: of each kind (ACL denial, dead letter, refused login,
/// connection limit, ...) a client's first one is logged in full; the rest within Broker:LogFlood:Window are only
/// counted, and one summary line per client and kind says how many were left out when the window ends. The refusal
/// itself (reason code, dead letter, metric) never changes. Hand-written: the logging libraries sample or drop by
/// level or probability, none keeps a count per key to report what it left out, and that count is what keeps a
/// suppressed line from disappearing silently. Memory is bounded by MaxClients; summaries still pending at shutdown
/// are written then.
/// </summary>
public sealed partial class LogFloodGuard(
    IOptions<LogFloodOptions> options,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<LogFloodGuard> logger) : BackgroundService
{
    /// <summary>The shared entry of clients beyond MaxClients.</summary>
    public const string OtherClients = "(other clients)";

    private readonly Lock _gate = new();
    private readonly Dictionary<(LoggedRefusal Kind, string Client), Entry> _entries = new();

    /// <summary>Clients (per kind) remembered now: at most MaxClients plus one shared entry per kind.</summary>
    public int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// True when this occurrence is to be logged in full (the client's first of this kind in the window); false when
    /// it was counted for the summary line instead.
    /// </summary>
    public bool ShouldLog(LoggedRefusal kind, string client)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((kind, client), out var entry)
                || (_entries.Count >= options.Value.MaxClients && _entries.TryGetValue((kind, OtherClients), out entry)))
            {
                entry.Suppressed++;
            }
            else
            {
                var key = _entries.Count >= options.Value.MaxClients ? (kind, OtherClients) : (kind, client);
                _entries.Add(key, new Entry { Since = time.GetTimestamp() });
                return true;
            }
        }

        metrics.LogLineSuppressed();
        return false;
    }

    /// <summary>
    /// Ends the windows that are over: a summary line for each entry that left lines out, and forgets the entries
    /// that left none out (that client's next line is logged in full again). <paramref name="all"/>: every entry, at
    /// shutdown. Runs on the background tick; tests call it after moving a fake clock.
    /// </summary>
    public void Sweep(bool all = false)
    {
        var window = options.Value.Window;
        List<(LoggedRefusal Kind, string Client, long Count, TimeSpan Over)>? summaries = null;
        lock (_gate)
        {
            List<(LoggedRefusal, string)>? quiet = null;
            foreach (var (key, entry) in _entries)
            {
                var over = time.GetElapsedTime(entry.Since);
                if (over < window && !all)
                {
                    continue;
                }

                if (entry.Suppressed > 0)
                {
                    (summaries ??= []).Add((key.Kind, key.Client, entry.Suppressed, over));
                    entry.Suppressed = 0;
                    entry.Since = time.GetTimestamp();
                }
                else
                {
                    (quiet ??= []).Add(key);
                }
            }

            quiet?.ForEach(key => _entries.Remove(key));
        }

        // Logged outside the lock: a slow log sink must not hold up the publish path.
        foreach (var (kind, client, count, over) in summaries ?? [])
        {
            LogSuppressed(count, kind, client, Math.Round(over.TotalSeconds));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A summary is at most a quarter window late (and at least every 15 s for long windows).
        var tick = TimeSpan.FromTicks(Math.Clamp(options.Value.Window.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 15));
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was left out so far is still reported.
            Sweep(all: true);
        }
    }

    private sealed class Entry
    {
        public long Since;
        public long Suppressed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suppressed {Count} more log lines of kind {Kind} for {Client} over the last {Seconds} s (Broker:LogFlood); each one was refused and counted as usual")]
    private partial void LogSuppressed(long count, LoggedRefusal kind, string client, double seconds);
}
