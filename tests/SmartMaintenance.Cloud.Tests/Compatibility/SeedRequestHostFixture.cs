using System.Net;
using SmartMaintenance.Cloud.Tests.Api;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Compatibility;

/// <summary>
/// The real cloud host on a fresh PostgreSQL database, as a plant starts it: the fast baseline model is trained on
/// first start (its own registry folder), and the requests wait until /health/ml says it serves.
/// </summary>
public sealed class SeedRequestHostFixture : IAsyncLifetime
{
    private readonly string _registry = TempFolders.Create("sm-compat-ml-");

    public CloudHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await CloudHost.StartAsync(
            "--Cloud:Ml:TrainBaselineOnStart=true", $"--Cloud:Ml:RegistryPath={_registry}",
            "--Cloud:Agents:Acquisition:PollInterval=00:00:00.050", "--Cloud:Agents:Anomaly:UseForest=false");
        using var probe = Host.Client(null);
        await Eventually.WaitForAsync(async () => (await probe.GetAsync("/health/ml")).StatusCode, s => s == HttpStatusCode.OK,
            TimeSpan.FromMinutes(4), "the baseline model to be trained and served (/health/ml)");
    }

    public async Task DisposeAsync()
    {
        // Host is null when the start itself failed: the registry folder still goes.
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        TempFolders.Delete(_registry);
    }
}
