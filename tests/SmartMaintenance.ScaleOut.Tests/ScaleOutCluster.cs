using SmartMaintenance.TestSupport;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// N cloud instances (real processes) on one fresh PostgreSQL database and one real nats-server, the agent bus on
/// JetStream. The first instance starts alone (it migrates the database), the others then start together. Disposing
/// kills every process and removes the server's store, also when the test failed.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly List<CloudInstance> _instances = [];

    private ScaleOutCluster(NatsServer nats, string connectionString)
    {
        Nats = nats;
        ConnectionString = connectionString;
    }

    public NatsServer Nats { get; }
    public string ConnectionString { get; }
    public IReadOnlyList<CloudInstance> Instances => _instances;
    public IReadOnlyList<CloudInstance> Live => _instances.Where(i => !i.HasExited).ToList();

    public static async Task<ScaleOutCluster> StartAsync(int instances)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("sm_scaleout");
        var cluster = new ScaleOutCluster(await NatsServer.StartAsync(), connectionString);
        try
        {
            cluster._instances.Add(await cluster.StartInstanceAsync(1));
            cluster._instances.AddRange(await Task.WhenAll(Enumerable.Range(2, instances - 1).Select(cluster.StartInstanceAsync)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private Task<CloudInstance> StartInstanceAsync(int number) =>
        CloudInstance.StartAsync($"cloud-{number}", ConnectionString, Nats.Url);

    /// <summary>Everything the processes wrote lately, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join("\n", _instances.Select(i => $"--- {i.InstanceId} ({(i.HasExited ? "exited" : "live")}) ---\n{i.Output}"))
        + "\n--- nats-server ---\n" + Nats.Output;

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Nats.DisposeAsync();
    }
}
