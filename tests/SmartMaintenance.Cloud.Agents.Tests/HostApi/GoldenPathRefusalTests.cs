using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// Issue 16: a Golden Path run lives in the memory of the instance that started it, while on the JetStream bus its
/// tracker's events are handled by whichever instances hold their partitions and a poll may reach another instance.
/// Rather than a run that stalls or a 404 nobody can explain, the real cloud host on the JetStream bus (a real
/// nats-server) refuses the run with a ProblemDetails before it writes anything, and says why a run is not found.
/// </summary>
public sealed class GoldenPathRefusalTests
{
    [Fact]
    public async Task StartRun_JetStreamTransport_409ProblemDetailsAndNothingWritten()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var cloud = await AgentsCloud.StartAsync(false, "--Cloud:Agents:Bus:Transport=JetStream",
            $"--Cloud:Agents:Bus:JetStream:Url={nats.Url}", "--Cloud:Agents:Bus:JetStream:InstanceId=cloud-gp",
            "--Cloud:Agents:Bus:JetStream:Partitions=2", "--Cloud:Agents:Bus:JetStream:HeartbeatInterval=00:00:00.3",
            "--Cloud:Agents:Bus:JetStream:LeaseTtl=00:00:01.5");

        using var start = await cloud.Http.PostAsJsonAsync("/api/v1/demo/golden-path", new { events = 10, auto_decide = true });
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        Assert.Equal("application/problem+json", start.Content.Headers.ContentType?.MediaType);
        var problem = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("The Golden Path demo runs on a single cloud instance only.", problem.GetProperty("title").GetString());
        Assert.Equal(GoldenPathOrchestrator.ScaleOutRefusal, problem.GetProperty("detail").GetString());
        // Refused before anything was written: no demo device readings, no run.
        Assert.Equal(0, await cloud.Get<IReadingStore>().CountAsync(new ReadingQuery(DeviceId: DemoSite.GoldenPathDevice), CancellationToken.None));

        using var poll = await cloud.Http.GetAsync("/api/v1/demo/golden-path/20261205120000-1");
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        var missing = await poll.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(GoldenPathOrchestrator.ScaleOutRefusal, missing.GetProperty("detail").GetString());
        // Any other caller of the orchestrator is refused too.
        await Assert.ThrowsAsync<InvalidOperationException>(() => cloud.Get<GoldenPathOrchestrator>().StartAsync(10, autoDecide: true, CancellationToken.None));
    }

    [Fact]
    public async Task StartRun_DefaultTransport_Accepted()
    {
        // The control: one instance on the in-process bus (./run.sh) still runs the demo.
        await using var cloud = await AgentsCloud.StartAsync();

        using var start = await cloud.Http.PostAsJsonAsync("/api/v1/demo/golden-path", new { events = 5, auto_decide = true });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.True(cloud.Get<GoldenPathOrchestrator>().Available);
        using var poll = await cloud.Http.GetAsync("/api/v1/demo/golden-path/none");
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        Assert.False((await poll.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("detail", out _));
    }
}
