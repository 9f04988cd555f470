namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>Everything one run measured; Report turns it into the lines for docs/performance.md.</summary>
public sealed record RunResult
{
    public required DateTime StartedUtc { get; init; }
    public required string LoadAtStart { get; init; }
    public required string LoadAtEnd { get; init; }
    public required TimeSpan SteadyFrom { get; init; }
    public required TimeSpan SteadyTo { get; init; }
    public required long Published { get; init; }
    public required long Acked { get; init; }
    public required long PublishErrors { get; init; }
    public string? FirstError { get; init; }
    public required double PublishedPerSecond { get; init; }
    public required double CommittedPerSecond { get; init; }
    /// <summary>Sorted publish-to-commit latencies (ms) of the readings published in the steady window.</summary>
    public required float[] LatenciesMs { get; init; }
    /// <summary>From the end of publishing to the last poll that found new rows; null if the drain timed out.</summary>
    public required TimeSpan? Drain { get; init; }
    /// <summary>Committed readings/s after publishing stopped, until the backlog was gone (the forwarder and cloud alone).</summary>
    public required double DrainPerSecond { get; init; }
    public required long Rows { get; init; }
    public required long DistinctRows { get; init; }
    public required long AckedMissing { get; init; }
    public required long Duplicates { get; init; }
    public required long SeenNotAcked { get; init; }
    public required long MaxOutboxDepth { get; init; }
    public required CpuMeter.Sample Cpu { get; init; }
    public required TimeSpan CpuWall { get; init; }
    public required Diagnostics Diagnostics { get; init; }
    /// <summary>Broker and cloud RSS / descriptors / threads: at the start of publishing, every --sample-seconds, and at its end.</summary>
    public required IReadOnlyList<ResourceMeter.Sample> Resources { get; init; }

    /// <summary>
    /// No loss, no duplicates: every acknowledged reading is exactly one row, and the only other rows are readings
    /// whose publish failed on the client side (a timeout after the broker had stored it), which may land.
    /// </summary>
    public bool Exact => Drain is not null && AckedMissing == 0 && Duplicates == 0 && Rows == DistinctRows && DistinctRows == Acked + SeenNotAcked;

    public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(p * LatenciesMs.Length))];
}

/// <summary>Where the time went during publishing, from the broker's and the cloud's own /metrics.</summary>
public sealed record Diagnostics(
    double ForwardBatches, double ForwardBusySeconds, double Forwarded, double ForwardFailures, double BrokerDuplicates, double BrokerDeadLetters,
    double Flushes, double FlushBusySeconds, double FlushRows);
