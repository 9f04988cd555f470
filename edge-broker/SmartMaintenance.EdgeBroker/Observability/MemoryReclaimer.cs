using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Gives the memory a hostile client made the broker use back to the OS once the attack is over. Why: the .NET GC
/// keeps a heap it has grown for reuse, and an idle broker allocates too little to trigger a full collection, so after
/// an attack the RSS stayed at its peak for as long as anyone watched (bench/broker-abuse.sh). Once connections were
/// closed or refused by a limit (Broker:Mqtt:Limits) and then none for ReclaimAfterAttack, one aggressive full
/// collection compacts the heap and decommits its free space (GCCollectionMode.Aggressive exists for this: a process
/// going idle that should give memory back). Never during an attack (the next connections would only grow it again),
/// at most once per quiet period and once per MinInterval (a device flapping against a limit does not buy a full
/// collection every few seconds); a blocking collection of the broker's small heap pauses it for milliseconds
/// (logged with the figures).
/// </summary>
internal sealed partial class MemoryReclaimer(
    IOptions<MemoryOptions> options,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<MemoryReclaimer> logger) : BackgroundService
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quiet = options.Value.ReclaimAfterAttack;
        if (quiet <= TimeSpan.Zero)
        {
            return;
        }

        var tick = TimeSpan.FromTicks(Math.Clamp(quiet.Ticks / 5, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(tick, time);
        var seen = metrics.ConnectionsLimitedTotal;
        var cutSince = 0L;
        var lastChange = time.GetTimestamp();
        long? lastReclaim = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = metrics.ConnectionsLimitedTotal;
                if (now != seen)
                {
                    cutSince += now - seen;
                    seen = now;
                    lastChange = time.GetTimestamp();
                }
                else if (cutSince > 0 && time.GetElapsedTime(lastChange) >= quiet
                    && (lastReclaim is not { } last || time.GetElapsedTime(last) >= MinInterval))
                {
                    Reclaim(cutSince);
                    cutSince = 0;
                    lastReclaim = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Reclaim(long connections)
    {
        var heapBefore = GC.GetTotalMemory(false);
        var rssBefore = Environment.WorkingSet;
        var started = time.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = time.GetElapsedTime(started);
        LogReclaimed(connections, heapBefore >> 20, GC.GetTotalMemory(false) >> 20, rssBefore >> 20, Environment.WorkingSet >> 20, pause.TotalMilliseconds);
        // Counted after the log line, so whoever sees the count also finds the line.
        metrics.MemoryReclaimed();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attack over: {Connections} connection(s) cut or refused by limits; memory returned to the OS, managed {HeapBeforeMb} -> {HeapAfterMb} MB, RSS {RssBeforeMb} -> {RssAfterMb} MB, pause {PauseMs:F0} ms")]
    private partial void LogReclaimed(long connections, long heapBeforeMb, long heapAfterMb, long rssBeforeMb, long rssAfterMb, double pauseMs);
}
