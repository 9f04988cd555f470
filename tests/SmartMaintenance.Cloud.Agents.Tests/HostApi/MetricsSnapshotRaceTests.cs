using System.Net;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// The symptom the scale-out test hit in CI (issue 16): GET /api/v1/metrics/snapshot answered 500 while the instance's
/// agents were counted for the first time (its first events). On the real host, agents and partitions keep appearing in
/// the host's own AgentMetrics (as on a starting instance, only many more of them) while the snapshot is read over
/// HTTP, JSON and Prometheus text: every answer must be 200.
/// </summary>
public sealed class MetricsSnapshotRaceTests
{
    [Fact]
    public async Task GetSnapshot_WhileAgentsAndPartitionsAreCountedForTheFirstTime_Always200()
    {
        await using var cloud = await AgentsCloud.StartAsync();
        var metrics = cloud.Get<AgentMetrics>();
        using var stop = new CancellationTokenSource();
        var adder = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                metrics.Handled($"FirstSeenAgent{i:D6}", TimeSpan.FromMilliseconds(1));
                metrics.PartitionLag("ReadingReceived->ValidationAgent", 100 + i, 1);
                // Pacing (nothing is awaited): about a thousand new keys a second, so the snapshot stays a few thousand long.
                Thread.Sleep(1);
            }
        });

        var failures = new List<string>();
        try
        {
            for (var request = 0; request < 120; request++)
            {
                using var response = await cloud.Http.GetAsync(request % 2 == 0 ? "/api/v1/metrics/snapshot" : "/api/v1/metrics/snapshot?format=prometheus");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"request {request}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await adder;
        }

        Assert.Empty(failures);
    }
}
