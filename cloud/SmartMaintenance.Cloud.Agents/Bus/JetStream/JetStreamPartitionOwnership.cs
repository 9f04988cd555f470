using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// Partition ownership through leases in the JetStream key-value bucket {prefix}_leases (entries expire LeaseTtl after
/// their last write). Every HeartbeatInterval each instance:
/// <list type="number">
/// <item>re-writes its registration instances.{id} (so the others count it as live);</item>
/// <item>reads the live instances and computes, by rendezvous hashing with bounded loads, who should own each partition
/// (every instance ⌊P/N⌋ or ⌈P/N⌉ partitions of each subscription: <see cref="RendezvousAssignment"/>);</item>
/// <item>renews the leases it holds (a compare-and-set on the revision: a lease someone else wrote is lost at once);</item>
/// <item>releases, after draining the event in flight, the leases the assignment gave to another instance;</item>
/// <item>creates the leases it should own that are free (never taken from a live holder: that one releases it).</item>
/// </list>
/// A killed instance stops renewing: its registration and leases expire at most LeaseTtl after its last heartbeat, and
/// the survivors take the partitions at their next heartbeat, so within LeaseTtl + HeartbeatInterval of the kill.
/// The lease keeps detector state on one instance; the order of a partition's events is kept by the server as well
/// (one durable consumer per partition with MaxAckPending 1), also in the moment two instances both think they own it.
/// </summary>
public sealed partial class JetStreamPartitionOwnership(JetStreamClient client, TimeProvider time,
    ILogger<JetStreamPartitionOwnership> logger) : IPartitionOwnership
{
    private readonly JetStreamOptions _options = client.Options;
    private readonly string _self = JetStreamNames.InstanceKey(client.Options.InstanceId)[JetStreamNames.InstancePrefix.Length..];
    private readonly ConcurrentDictionary<string, PartitionLease> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _releases = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _instances = [];
    private volatile string _state = "starting";

    public string InstanceId => _options.InstanceId;

    public string Transport => EventBusOptions.JetStreamTransport;

    public event Action<PartitionChange>? Changed;

    public int PartitionsOf(Subscription subscription) => subscription.Ordering == Ordering.Total ? 1 : _options.Partitions;

    public bool Owns(string subscription, int partition) => _held.ContainsKey(JetStreamNames.LeaseKey(subscription, partition));

    /// <summary>True while this instance holds the lease and renewed it within LeaseTtl (so nobody else can hold it).</summary>
    internal bool Valid(PartitionLease lease) =>
        _held.TryGetValue(lease.Key, out var held) && ReferenceEquals(held, lease) && time.GetUtcNow() - lease.RenewedAt < _options.LeaseTtl;

    public ScaleOutStatus Status() => new(_options.InstanceId, Transport, _state, _instances,
        _held.Values.GroupBy(l => l.Subscription.Name)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(l => l.Partition).Order()], StringComparer.Ordinal));

    /// <summary>
    /// Holds leases until cancelled; then drains and releases every lease and the registration, so a graceful stop
    /// hands the partitions over at the others' next heartbeat instead of after LeaseTtl.
    /// </summary>
    internal async Task RunAsync(IReadOnlyList<Subscription> subscriptions, IPartitionConsumers consumers, CancellationToken cancellationToken)
    {
        var partitions = subscriptions
            .SelectMany(s => Enumerable.Range(0, PartitionsOf(s)).Select(p => (Subscription: s, Partition: p, Key: JetStreamNames.LeaseKey(s.Name, p))))
            .ToList();
        var groups = AssignmentGroups(partitions);
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        try
        {
            do
            {
                await HeartbeatAsync(partitions, groups, consumers, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: release below.
        }

        await ReleaseAllAsync(consumers);
    }

    /// <summary>
    /// The lease keys balanced together: each partitioned subscription's partitions (so every instance gets its share
    /// of each agent's work), and the single-partition (Ordering.Total) subscriptions as one group (so they spread over
    /// the instances too instead of each going wherever its hash falls).
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<string>> AssignmentGroups(
        IEnumerable<(Subscription Subscription, int Partition, string Key)> partitions)
    {
        var bySubscription = partitions.GroupBy(p => p.Subscription).Select(g => g.Select(p => p.Key).ToList()).ToList();
        List<IReadOnlyList<string>> groups = [.. bySubscription.Where(keys => keys.Count > 1)];
        var single = bySubscription.Where(keys => keys.Count == 1).SelectMany(keys => keys).ToList();
        if (single.Count > 0)
        {
            groups.Add(single);
        }

        return groups;
    }

    private async Task HeartbeatAsync(IReadOnlyList<(Subscription Subscription, int Partition, string Key)> partitions,
        IReadOnlyList<IReadOnlyList<string>> groups, IPartitionConsumers consumers, CancellationToken cancellationToken)
    {
        INatsKVStore kv;
        var live = new SortedSet<string>(StringComparer.Ordinal) { _self };
        try
        {
            kv = await client.LeasesAsync(cancellationToken);
            await kv.PutAsync(JetStreamNames.InstanceKey(_options.InstanceId), _options.InstanceId, cancellationToken: cancellationToken);
            await foreach (var key in kv.GetKeysAsync(cancellationToken: cancellationToken))
            {
                if (key.StartsWith(JetStreamNames.InstancePrefix, StringComparison.Ordinal))
                {
                    live.Add(key[JetStreamNames.InstancePrefix.Length..]);
                }
            }
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            // The server is away: nothing can be consumed meanwhile; leases are renewed (or found lost) when it is back.
            if (_state != "disconnected")
            {
                LogDisconnected(logger, ex.Message);
            }

            _state = "disconnected";
            return;
        }

        _instances = [.. live];
        _state = "connected";
        var owners = new Dictionary<string, string>(partitions.Count, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var (key, owner) in RendezvousAssignment.Assign(group, live))
            {
                owners[key] = owner;
            }
        }

        var work = new List<Task>(partitions.Count);
        foreach (var (subscription, partition, key) in partitions)
        {
            var mine = owners[key] == _self;
            if (_held.TryGetValue(key, out var lease))
            {
                work.Add(Guarded(RenewAsync(kv, lease, consumers, cancellationToken), cancellationToken));
                if (!mine && !lease.Releasing)
                {
                    lease.Releasing = true;
                    StartRelease(key, () => ReleaseAsync(kv, lease, consumers, CancellationToken.None));
                }
            }
            else if (mine && !_releases.ContainsKey(key))
            {
                work.Add(Guarded(AcquireAsync(kv, subscription, partition, key, consumers, cancellationToken), cancellationToken));
            }
        }

        await Task.WhenAll(work);
    }

    /// <summary>A lease call the server did not answer (it went away mid-heartbeat) is retried at the next heartbeat.</summary>
    private async Task Guarded(Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call;
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            LogLeaseCallFailed(logger, ex.Message);
        }
    }

    private async Task RenewAsync(INatsKVStore kv, PartitionLease lease, IPartitionConsumers consumers, CancellationToken cancellationToken)
    {
        await lease.KvGate.WaitAsync(cancellationToken);
        try
        {
            if (!lease.Ended)
            {
                await RenewHeldAsync(kv, lease, consumers, cancellationToken);
            }
        }
        finally
        {
            lease.KvGate.Release();
        }
    }

    private async Task RenewHeldAsync(INatsKVStore kv, PartitionLease lease, IPartitionConsumers consumers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        ulong revision;
        lock (lease)
        {
            revision = lease.Revision;
        }

        var renewed = await kv.TryUpdateAsync(lease.Key, _options.InstanceId, revision, cancellationToken: cancellationToken);
        if (!renewed.Success && renewed.Error is NatsKVWrongLastRevisionException)
        {
            // Expired (the server was away longer than LeaseTtl, or this process stalled): still ours if nobody took it.
            renewed = await kv.TryCreateAsync(lease.Key, _options.InstanceId, cancellationToken: cancellationToken);
            if (!renewed.Success && renewed.Error is NatsKVCreateException or NatsKVWrongLastRevisionException)
            {
                LogLost(logger, lease.Subscription.Name, lease.Partition);
                if (_held.TryRemove(lease.Key, out _))
                {
                    // Not awaited here: draining the event in flight must not hold up the other leases' renewal.
                    StartRelease(lease.Key, async () =>
                    {
                        await consumers.StopAsync(lease);
                        Changed?.Invoke(new PartitionChange(lease.Subscription.Name, lease.Partition, Acquired: false));
                    });
                }

                return;
            }
        }

        if (renewed.Success)
        {
            lock (lease)
            {
                lease.Revision = renewed.Value;
                lease.RenewedAt = now;
            }
        }
        else
        {
            LogRenewFailed(logger, lease.Subscription.Name, lease.Partition, renewed.Error.Message);
        }
    }

    private async Task AcquireAsync(INatsKVStore kv, Subscription subscription, int partition, string key, IPartitionConsumers consumers,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = await kv.TryCreateAsync(key, _options.InstanceId, cancellationToken: cancellationToken);
        if (!created.Success)
        {
            return; // held by another instance until it releases it or its lease expires
        }

        var lease = new PartitionLease(subscription, partition, created.Value, now);
        _held[key] = lease;
        LogAcquired(logger, subscription.Name, partition);
        Changed?.Invoke(new PartitionChange(subscription.Name, partition, Acquired: true));
        consumers.Start(lease);
    }

    private async Task ReleaseAsync(INatsKVStore kv, PartitionLease lease, IPartitionConsumers consumers, CancellationToken cancellationToken)
    {
        try
        {
            await consumers.StopAsync(lease);
            if (!_held.TryRemove(lease.Key, out _))
            {
                return; // lost meanwhile
            }

            Changed?.Invoke(new PartitionChange(lease.Subscription.Name, lease.Partition, Acquired: false));
            bool deleted;
            await lease.KvGate.WaitAsync(cancellationToken);
            try
            {
                // After any renewal in flight (so its revision is the one deleted) and before any later one (Ended).
                lease.Ended = true;
                ulong revision;
                lock (lease)
                {
                    revision = lease.Revision;
                }

                deleted = (await kv.TryDeleteAsync(lease.Key, new NatsKVDeleteOpts { Revision = revision }, cancellationToken)).Success;
            }
            finally
            {
                lease.KvGate.Release();
            }

            LogReleased(logger, lease.Subscription.Name, lease.Partition, deleted);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or ObjectDisposedException)
        {
            LogReleaseFailed(logger, lease.Subscription.Name, lease.Partition, ex.Message); // it expires after LeaseTtl instead
        }
    }

    /// <summary>
    /// Runs a release in the background and keeps it in _releases while it runs (a partition being released is not
    /// acquired again meanwhile). The entry is added before the work starts and removed by exactly that work: when the
    /// work removed its own entry first and the entry was written after (a release that finished before the heartbeat
    /// thread got to write it, on a loaded machine), a finished release stayed in the map for ever and this instance
    /// never took that partition again, even when the assignment gave it back (nobody consumed it: a stall).
    /// </summary>
    private void StartRelease(string key, Func<Task> release)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new KeyValuePair<string, Task>(key, done.Task);
        _releases[key] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await release();
            }
            catch (Exception ex)
            {
                LogReleaseCrashed(logger, key, ex);
            }
            finally
            {
                _releases.TryRemove(entry);
                done.SetResult();
            }
        }, CancellationToken.None);
    }

    private async Task ReleaseAllAsync(IPartitionConsumers consumers)
    {
        await Task.WhenAll(_releases.Values);
        using var timeout = new CancellationTokenSource(_options.LeaseTtl);
        try
        {
            var kv = await client.LeasesAsync(timeout.Token);
            await Task.WhenAll(_held.Values.ToList().Select(l => ReleaseAsync(kv, l, consumers, timeout.Token)));
            await kv.TryDeleteAsync(JetStreamNames.InstanceKey(_options.InstanceId), cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is away: the leases expire after LeaseTtl. Stop consuming all the same.
            LogReleaseFailed(logger, "*", -1, ex.Message);
            foreach (var lease in _held.Values.ToList())
            {
                await consumers.StopAsync(lease);
            }

            _held.Clear();
        }

        _state = "stopped";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired partition {Partition} of {Subscription}")]
    private static partial void LogAcquired(ILogger logger, string subscription, int partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released partition {Partition} of {Subscription} (lease deleted: {Deleted})")]
    private static partial void LogReleased(ILogger logger, string subscription, int partition, bool deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of partition {Partition} of {Subscription}: another instance holds it; stopped consuming it")]
    private static partial void LogLost(ILogger logger, string subscription, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of partition {Partition} of {Subscription}: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string subscription, int partition, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release partition {Partition} of {Subscription} (it expires after LeaseTtl instead): {Error}")]
    private static partial void LogReleaseFailed(ILogger logger, string subscription, int partition, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Releasing {LeaseKey} failed; the lease expires after LeaseTtl")]
    private static partial void LogReleaseCrashed(ILogger logger, string leaseKey, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A lease call failed (retried at the next heartbeat): {Error}")]
    private static partial void LogLeaseCallFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS unreachable, partition leases not renewed: {Error}")]
    private static partial void LogDisconnected(ILogger logger, string error);
}
