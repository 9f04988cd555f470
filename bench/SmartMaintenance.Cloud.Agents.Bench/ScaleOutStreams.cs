using NATS.Client.Core;
using NATS.Client.JetStream;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// The pipeline's streams on the nats-server, read as an operator's tool would: per stream the last sequence (events
/// stored; a re-publish dropped by Nats-Msg-Id takes none) and per partition consumer the events waiting, in flight
/// (delivered, not acknowledged) and redelivered. Stream names: sm_{event}_{handler} (Bus/JetStream/JetStreamNames.cs).
/// </summary>
internal sealed record ScaleOutStreams(IReadOnlyDictionary<string, ulong> LastSequence, IReadOnlyList<ScaleOutStreams.Consumer> Consumers)
{
    public const string Received = "sm_ReadingReceived_ValidationAgent";
    public const string Validated = "sm_ReadingValidated_AnomalyDetectionAgent";
    public const string Rejected = "sm_ReadingRejected_NotificationAgent";

    /// <summary>Readings that entered the bus.</summary>
    public ulong ReceivedEvents => LastSequence.GetValueOrDefault(Received);

    /// <summary>Readings validation decided on, each once (the derived event ids are deduplicated by the server).</summary>
    public ulong JudgedEvents => LastSequence.GetValueOrDefault(Validated) + LastSequence.GetValueOrDefault(Rejected);

    public long Pending => Consumers.Sum(c => c.Pending);

    public long InFlight => Consumers.Sum(c => c.InFlight);

    public static async Task<ScaleOutStreams> ReadAsync(NatsConnection connection)
    {
        var js = new NatsJSContext(connection);
        var last = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var consumers = new List<Consumer>();
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
                var info = consumer.Info;
                consumers.Add(new Consumer(name, info.Name, (long)info.NumPending, info.NumAckPending, info.NumRedelivered, info.NumWaiting));
            }
        }

        return new ScaleOutStreams(last, consumers);
    }

    /// <summary>One partition's durable consumer (p{partition}) of one stream.</summary>
    internal sealed record Consumer(string Stream, string Name, long Pending, long InFlight, long Redelivered, long PullRequests)
    {
        /// <summary>The /health key of the partition: "{event}->{handler}/{partition}" from "sm_{event}_{handler}" and "p{n}".</summary>
        public string OwnershipKey
        {
            get
            {
                var token = Stream["sm_".Length..];
                var split = token.IndexOf('_', StringComparison.Ordinal);
                return $"{token[..split]}->{token[(split + 1)..]}/{Name[1..]}";
            }
        }
    }
}
