using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Storage.DeadLetters;

/// <summary>Counts dead letters by source.</summary>
public sealed class DeadLetterMetrics : IDisposable
{
    public const string MeterName = "SmartMaintenance.Cloud.DeadLetters";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _letters;

    public DeadLetterMetrics() =>
        _letters = _meter.CreateCounter<long>("sm_dead_letters", description: "Refused items written to the dead-letter table.");

    internal void DeadLettered(string source) => _letters.Add(1, new KeyValuePair<string, object?>("source", source));

    public void Dispose() => _meter.Dispose();
}
