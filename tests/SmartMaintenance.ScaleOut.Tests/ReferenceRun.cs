using SmartMaintenance.TestSupport;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// The single-instance run every cluster run is compared with: one cloud process on the default in-process Channels
/// transport (what ./run.sh runs) and a database of its own, fed the same <see cref="Workload"/>. Computed once per
/// test class; the process is stopped as soon as its outcome is read.
/// </summary>
public sealed class ReferenceRun : IAsyncLifetime
{
    internal Workload Workload { get; } = new();
    internal PipelineOutcome Outcome { get; private set; } = null!;
    internal AgentCounters Counters { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("sm_scaleout_ref");
        await using var instance = await CloudInstance.StartAsync("reference", connectionString, natsUrl: null);
        await Workload.IngestAsync([instance], 0, Workload.Observations);
        // Done when every reading was judged and the anomaly agent handled every accepted one.
        Counters = await Eventually.WaitForAsync(() => AgentCounters.SumAsync([instance]),
            c => c.Judged == Workload.Readings && c.Handled.GetValueOrDefault("AnomalyDetectionAgent") >= c.Validated,
            TimeSpan.FromSeconds(90), "the reference run to judge every reading");
        Outcome = await PipelineOutcome.ReadAsync(connectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
