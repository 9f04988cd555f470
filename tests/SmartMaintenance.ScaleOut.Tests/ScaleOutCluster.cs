using NATS.Client.Core;
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
    private readonly NatsConnection _client;
    private string[] _extraArguments = [];

    private ScaleOutCluster(NatsServer nats, string connectionString)
    {
        Nats = nats;
        ConnectionString = connectionString;
        _client = new NatsConnection(new NatsOpts { Url = nats.Url, Name = "scale-out-test" });
    }

    public NatsServer Nats { get; }
    public string ConnectionString { get; }
    public IReadOnlyList<CloudInstance> Instances => _instances;
    public IReadOnlyList<CloudInstance> Live => _instances.Where(i => !i.HasExited).ToList();

    /// <param name="extraArguments">More settings of every instance (given after the defaults: they win).</param>
    public static async Task<ScaleOutCluster> StartAsync(int instances, params string[] extraArguments)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("sm_scaleout");
        var cluster = new ScaleOutCluster(await NatsServer.StartAsync(), connectionString) { _extraArguments = extraArguments };
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

    /// <summary>
    /// Starts <paramref name="count"/> more instances on the same database and nats-server: they register, and at the
    /// next heartbeats the running instances hand over the partitions the new ones win (a rebalance).
    /// </summary>
    public async Task JoinAsync(int count)
    {
        var joined = await Task.WhenAll(Enumerable.Range(_instances.Count + 1, count).Select(StartInstanceAsync));
        _instances.AddRange(joined);
    }

    /// <summary>Starts one more instance, cloud-{n + 1}, with the cluster's settings (a join); disposed with the cluster.</summary>
    public async Task<CloudInstance> AddInstanceAsync()
    {
        var instance = await StartInstanceAsync(_instances.Count + 1);
        _instances.Add(instance);
        return instance;
    }

    private Task<CloudInstance> StartInstanceAsync(int number) =>
        CloudInstance.StartAsync($"cloud-{number}", ConnectionString, Nats.Url, _extraArguments);

    public Task<JetStreamState> StreamsAsync() => JetStreamState.ReadAsync(_client);

    /// <summary>
    /// Waits until every reading of the workload entered the bus and was judged, and nothing waits or is in flight in
    /// any partition: then every decision is stored.
    /// </summary>
    public Task<JetStreamState> WaitForAllJudgedAsync(TimeSpan timeout) =>
        WaitAsync(StreamsAsync, s => s.ReceivedEvents >= (ulong)Workload.Readings && s.JudgedEvents >= (ulong)Workload.Readings && s.Drained,
            timeout, "every reading to be judged and every partition drained");

    /// <summary><see cref="Eventually.WaitForAsync"/> whose timeout carries every process's log (<see cref="Diagnostics"/>).</summary>
    public async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        try
        {
            return await Eventually.WaitForAsync(probe, done, timeout, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + Diagnostics(), e);
        }
    }

    /// <summary>Which live instance owns each partition, from their /health (subscription/partition -> instance ids).</summary>
    public async Task<Ownership> OwnershipAsync()
    {
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var instance in Live)
        {
            var health = await instance.HealthAsync();
            foreach (var subscription in health.GetProperty("scaleOut").GetProperty("ownedPartitions").EnumerateObject())
            {
                foreach (var partition in subscription.Value.EnumerateArray())
                {
                    var key = $"{subscription.Name}/{partition.GetInt32()}";
                    if (!owners.TryGetValue(key, out var list))
                    {
                        owners[key] = list = [];
                    }

                    list.Add(instance.InstanceId);
                }
            }
        }

        return new Ownership(owners);
    }

    /// <summary>Everything the processes wrote lately, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join("\n", _instances.Select(i => $"--- {i.InstanceId} ({(i.HasExited ? "exited" : "live")}) ---\n{i.Output}"))
        + "\n--- nats-server ---\n" + Nats.Log;

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Nats.DisposeAsync();
    }
}
