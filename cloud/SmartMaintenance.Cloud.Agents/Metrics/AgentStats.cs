namespace SmartMaintenance.Cloud.Agents.Metrics;

/// <summary>Counters of one agent plus a ring of its last 1024 durations (for p50/p99 in the snapshot).</summary>
internal sealed class AgentStats
{
    private const int Ring = 1024;
    private readonly double[] _durations = new double[Ring];
    private long _handled;
    private long _failures;
    public long DeadLetters;
    public long Duplicates;

    public void Record(double milliseconds, bool failed)
    {
        long n;
        if (failed)
        {
            n = Interlocked.Increment(ref _failures);
        }
        else
        {
            n = Interlocked.Increment(ref _handled);
            _durations[(n - 1) % Ring] = milliseconds; // n starts at 1: slots 0..handled-1 are the ones filled
        }
    }

    public AgentSnapshot ToSnapshot(string agent)
    {
        var handled = Interlocked.Read(ref _handled);
        var sample = _durations.Take((int)Math.Min(handled, Ring)).Order().ToArray();
        return new AgentSnapshot(agent, handled, Interlocked.Read(ref _failures), Interlocked.Read(ref DeadLetters),
            Interlocked.Read(ref Duplicates), Percentile(sample, 0.50), Percentile(sample, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
