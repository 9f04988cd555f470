using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// The instance's one NATS connection, shared by the transport and the partition leases. The client reconnects by
/// itself after a server restart; callers retry what failed meanwhile.
/// </summary>
public sealed class JetStreamClient : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly SemaphoreSlim _kvGate = new(1, 1);
    private INatsKVStore? _leases;

    public JetStreamClient(IOptions<JetStreamOptions> options, ILoggerFactory loggerFactory)
    {
        Options = options.Value;
        _connection = new NatsConnection(new NatsOpts
        {
            Url = Options.Url,
            Name = Options.InstanceId,
            LoggerFactory = loggerFactory,
            MaxReconnectRetry = -1, // never give up: the bus is useless without the server, and it comes back
        });
        JetStream = new NatsJSContext(_connection);
        Names = new JetStreamNames(Options.StreamPrefix);
    }

    public JetStreamOptions Options { get; }

    internal JetStreamNames Names { get; }

    internal NatsJSContext JetStream { get; }

    public bool Connected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>The lease bucket: history 1, entries expire LeaseTtl after their last write (a lease not renewed ends).</summary>
    internal async ValueTask<INatsKVStore> LeasesAsync(CancellationToken cancellationToken)
    {
        if (_leases is { } leases)
        {
            return leases;
        }

        await _kvGate.WaitAsync(cancellationToken);
        try
        {
            return _leases ??= await new NatsKVContext(JetStream).CreateOrUpdateStoreAsync(
                new NatsKVConfig(Names.Bucket) { History = 1, MaxAge = Options.LeaseTtl, Storage = NatsKVStorageType.File },
                cancellationToken);
        }
        finally
        {
            _kvGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _kvGate.Dispose();
    }
}
