using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Memory and connection gauges: what an attack costs and whether it is given back (docs/limits-and-abuse.md,
/// bench/broker-abuse.sh). RSS alone cannot tell a leak from a heap the GC keeps for reuse, so the managed heap after
/// the last collection and the memory the GC has committed are shown beside it.
/// </summary>
public sealed partial class BrokerMetrics
{
    private long _openConnections, _memoryReclaims;

    /// <summary>TCP connections the MQTT listener holds now, logged in or not (accepted and not yet closed).</summary>
    public long OpenConnections => Interlocked.Read(ref _openConnections);

    /// <summary>Aggressive collections run after an attack ended (MemoryReclaimer).</summary>
    public long MemoryReclaims => Interlocked.Read(ref _memoryReclaims);

    /// <summary>Connections closed or refused by any limit so far (Broker:Mqtt:Limits).</summary>
    public long ConnectionsLimitedTotal
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _connectionLimits.Length; i++)
            {
                sum += Interlocked.Read(ref _connectionLimits[i]);
            }

            return sum;
        }
    }

    public void ConnectionOpened() => Interlocked.Increment(ref _openConnections);
    public void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);
    public void MemoryReclaimed() => Interlocked.Increment(ref _memoryReclaims);

    private void WriteMemory(StringBuilder t)
    {
        var gc = GC.GetGCMemoryInfo();
        Metric(t, "sm_broker_open_connections", "gauge", "TCP connections the MQTT listener holds now, logged in or not.", OpenConnections);
        Metric(t, "process_resident_memory_bytes", "gauge", "Resident set size (RSS) of the broker process.", Environment.WorkingSet);
        Metric(t, "sm_broker_gc_heap_bytes", "gauge", "Managed heap size after the last garbage collection (live objects plus fragmentation).", gc.HeapSizeBytes);
        Metric(t, "sm_broker_gc_committed_bytes", "gauge", "Memory the garbage collector has committed from the OS (heap, free space kept for reuse, bookkeeping).", gc.TotalCommittedBytes);
        Metric(t, "sm_broker_gc_allocated_bytes", "gauge", "Managed bytes allocated now, garbage not yet collected included.", GC.GetTotalMemory(false));
        Metric(t, "sm_broker_gc_full_collections_total", "counter", "Full (generation 2) garbage collections.", GC.CollectionCount(2));
        Metric(t, "sm_broker_memory_reclaims_total", "counter", "Aggressive collections run once an attack had ended, to give its memory back to the OS (Broker:Memory:ReclaimAfterAttack).", MemoryReclaims);
    }
}
