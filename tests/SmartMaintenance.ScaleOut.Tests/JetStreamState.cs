using NATS.Client.Core;
using NATS.Client.JetStream;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// The pipeline's streams as the nats-server holds them (read with the NATS client, as an operator's tool would):
/// per stream the last sequence number (every event ever stored; a re-publish JetStream dropped as a duplicate of its
/// Nats-Msg-Id takes none), and over all partition consumers the events waiting, in flight and redelivered.
/// Streams are named {prefix}_{event}_{handler} (Bus/JetStream/JetStreamNames.cs).
/// </summary>
internal sealed record JetStreamState(IReadOnlyDictionary<string, ulong> LastSequence, long Pending, long InFlight, long Redelivered)
{
    public const string Received = "sm_ReadingReceived_ValidationAgent";
    public const string Validated = "sm_ReadingValidated_AnomalyDetectionAgent";
    public const string Rejected = "sm_ReadingRejected_NotificationAgent";

    /// <summary>Readings that entered the bus (one ReadingReceived each).</summary>
    public ulong ReceivedEvents => LastSequence.GetValueOrDefault(Received);

    /// <summary>Validation's decisions stored (one ReadingValidated or ReadingRejected per reading when exactly once).</summary>
    public ulong JudgedEvents => LastSequence.GetValueOrDefault(Validated) + LastSequence.GetValueOrDefault(Rejected);

    /// <summary>Nothing waiting and nothing being handled in any partition of any subscription.</summary>
    public bool Drained => Pending == 0 && InFlight == 0;

    public static async Task<JetStreamState> ReadAsync(NatsConnection connection)
    {
        var js = new NatsJSContext(connection);
        var last = new Dictionary<string, ulong>(StringComparer.Ordinal);
        long pending = 0, inFlight = 0, redelivered = 0;
        await foreach (var stream in js.ListStreamsAsync())
        {
            var name = stream.Info.Config.Name!;
            if (!name.StartsWith("sm_", StringComparison.Ordinal))
            {
                continue; // the lease bucket (KV_sm_leases)
            }

            last[name] = stream.Info.State.LastSeq;
            await foreach (var consumer in js.ListConsumersAsync(name))
            {
                pending += (long)consumer.Info.NumPending;
                inFlight += consumer.Info.NumAckPending;
                redelivered += consumer.Info.NumRedelivered;
            }
        }

        return new JetStreamState(last, pending, inFlight, redelivered);
    }

    public override string ToString() =>
        $"received {ReceivedEvents}, judged {JudgedEvents}, pending {Pending}, in flight {InFlight}, redelivered {Redelivered}; " +
        string.Join(", ", LastSequence.Select(s => $"{s.Key}={s.Value}"));
}
