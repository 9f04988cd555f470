using System.Globalization;
using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Broker counters and gauges, read by /metrics (Prometheus text format) and by tests. Plain interlocked longs:
/// the publish path only increments, it never allocates for a metric.
/// </summary>
public sealed partial class BrokerMetrics(TimeProvider time)
{
    public BrokerMetrics()
        : this(TimeProvider.System)
    {
    }

    private long _connectionsAccepted, _authFailures, _connected, _takeovers, _authThrottled;
    private long _readings, _anomalies, _summaries, _statusIn, _statusCleared, _configAcksIn, _duplicates;
    private long _deadLetters, _aclDenied, _sequenceRestarts, _outOfRangeSequence, _outOfRangeTimestamp, _outOfRangeUptime, _ingressErrors;
    private long _forwarded, _forwardFailures, _forwardRejected, _batches, _forwardSplits, _forwardPoisoned;
    private long _readingsOut, _anomaliesOut, _summariesOut;
    private readonly LatencyHistogram _batchLatency = new();
    private long _outboxDepth, _outboxBytes, _outboxDropped, _outboxAlarm, _outboxWriteFailures, _forwardHeadTicks;
    private long _refusedOutboxFull;
    private long _eventsSent, _eventsDropped, _syncs, _syncFailures, _configsPublished;
    private long _retained, _retainedPersisted, _retainedFileBytes, _retainedOverCap, _retainedWrites, _retainedWriteFailures, _retainedLoadFailures;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);
    /// <summary>Connections refused at login (unknown device, disabled, wrong secret, bad client id).</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _authFailures);
    /// <summary>Logins refused unchecked because the address or device id spent its failed-login budget.</summary>
    public long AuthThrottledCount => Interlocked.Read(ref _authThrottled);
    private readonly long[] _connectionLimits = new long[Enum.GetValues<Mqtt.Limits.ConnectionLimit>().Length];

    /// <summary>Connections closed or refused by a limit (Broker:Mqtt:Limits).</summary>
    public long ConnectionsLimited(Mqtt.Limits.ConnectionLimit limit) => Interlocked.Read(ref _connectionLimits[(int)limit]);
    public void ConnectionLimited(Mqtt.Limits.ConnectionLimit limit) => Interlocked.Increment(ref _connectionLimits[(int)limit]);
    public long Connected => Interlocked.Read(ref _connected);
    public long Takeovers => Interlocked.Read(ref _takeovers);
    public long MessagesIn => Interlocked.Read(ref _readings) + Interlocked.Read(ref _anomalies) + Interlocked.Read(ref _summaries);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long DeadLetters => Interlocked.Read(ref _deadLetters);
    /// <summary>Telemetry refused by ingress validation (every one of them is also a dead letter).</summary>
    public long MessagesInvalid => Interlocked.Read(ref _deadLetters);
    /// <summary>Devices that restarted their sequence counter (a new epoch began).</summary>
    public long SequenceRestarts => Interlocked.Read(ref _sequenceRestarts);
    /// <summary>Telemetry refused for a number outside its range, by field.</summary>
    public long OutOfRange(Ingress.RangeField field) => field switch
    {
        Ingress.RangeField.Sequence => Interlocked.Read(ref _outOfRangeSequence),
        Ingress.RangeField.Timestamp => Interlocked.Read(ref _outOfRangeTimestamp),
        Ingress.RangeField.Uptime => Interlocked.Read(ref _outOfRangeUptime),
        _ => 0,
    };
    /// <summary>Telemetry whose check threw (a bug): refused and dead-lettered instead of dropping the connection.</summary>
    public long IngressErrors => Interlocked.Read(ref _ingressErrors);
    public long AclDenied => Interlocked.Read(ref _aclDenied);
    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long ForwardFailures => Interlocked.Read(ref _forwardFailures);
    public long ForwardRejected => Interlocked.Read(ref _forwardRejected);
    /// <summary>Batches split to isolate a refused reading.</summary>
    public long ForwardSplits => Interlocked.Read(ref _forwardSplits);
    /// <summary>Readings dead-lettered because the cloud kept answering them with a 5xx (poison pills).</summary>
    public long ForwardPoisoned => Interlocked.Read(ref _forwardPoisoned);
    public long QueueDepth => Interlocked.Read(ref _outboxDepth);
    public long OutboxBytes => Interlocked.Read(ref _outboxBytes);
    public long OutboxDroppedReadings => Interlocked.Read(ref _outboxDropped);
    public bool OutboxAlarm => Interlocked.Read(ref _outboxAlarm) == 1;
    public long OutboxWriteFailures => Interlocked.Read(ref _outboxWriteFailures);
    public long ConfigsPublished => Interlocked.Read(ref _configsPublished);
    public long EventsSent => Interlocked.Read(ref _eventsSent);
    public long SyncFailures => Interlocked.Read(ref _syncFailures);
    public long Syncs => Interlocked.Read(ref _syncs);
    /// <summary>Retained messages the MQTT server holds now.</summary>
    public long RetainedMessages => Interlocked.Read(ref _retained);
    /// <summary>Retained messages in the file as last written (or loaded).</summary>
    public long RetainedPersisted => Interlocked.Read(ref _retainedPersisted);
    public long RetainedOverCap => Interlocked.Read(ref _retainedOverCap);
    public long RetainedWrites => Interlocked.Read(ref _retainedWrites);
    public long RetainedWriteFailures => Interlocked.Read(ref _retainedWriteFailures);
    /// <summary>Retained-message files that could not be read at start (moved aside, broker started empty).</summary>
    public long RetainedLoadFailures => Interlocked.Read(ref _retainedLoadFailures);

    public void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);
    public void ClientConnected() => Interlocked.Increment(ref _connected);
    public void ClientDisconnected() => Interlocked.Decrement(ref _connected);
    public void ConnectionRefused() => Interlocked.Increment(ref _authFailures);
    public void AuthThrottled() => Interlocked.Increment(ref _authThrottled);
    public void SessionTakenOver() => Interlocked.Increment(ref _takeovers);
    public void AclDenial() => Interlocked.Increment(ref _aclDenied);
    public void DeadLettered() => Interlocked.Increment(ref _deadLetters);
    public void SequenceRestarted() => Interlocked.Increment(ref _sequenceRestarts);
    public void IngressError() => Interlocked.Increment(ref _ingressErrors);
    public void RefusedOutboxFull() => Interlocked.Increment(ref _refusedOutboxFull);
    /// <summary>Telemetry refused with 0x97 because the outbox was at its refuse threshold (policy RefuseNew).</summary>
    public long RefusedWhileOutboxFull => Interlocked.Read(ref _refusedOutboxFull);
    public void RefusedOutOfRange(Ingress.RangeField field)
    {
        switch (field)
        {
            case Ingress.RangeField.Sequence: Interlocked.Increment(ref _outOfRangeSequence); break;
            case Ingress.RangeField.Timestamp: Interlocked.Increment(ref _outOfRangeTimestamp); break;
            case Ingress.RangeField.Uptime: Interlocked.Increment(ref _outOfRangeUptime); break;
        }
    }

    public void Duplicate() => Interlocked.Increment(ref _duplicates);
    public void StatusIn() => Interlocked.Increment(ref _statusIn);
    public void StatusCleared() => Interlocked.Increment(ref _statusCleared);
    public void ConfigAckIn() => Interlocked.Increment(ref _configAcksIn);

    public void MessageIn(string kind)
    {
        switch (kind)
        {
            case Contracts.Wire.MessageKinds.Anomaly: Interlocked.Increment(ref _anomalies); break;
            case Contracts.Wire.MessageKinds.Summary: Interlocked.Increment(ref _summaries); break;
            default: Interlocked.Increment(ref _readings); break;
        }
    }

    /// <summary>Round trips of answered batches (request sent to answer read).</summary>
    public LatencyHistogram BatchLatency => _batchLatency;

    /// <summary>Readings of this kind the cloud stored or already had.</summary>
    public long ForwardedOf(string kind) => kind switch
    {
        Contracts.Wire.MessageKinds.Anomaly => Interlocked.Read(ref _anomaliesOut),
        Contracts.Wire.MessageKinds.Summary => Interlocked.Read(ref _summariesOut),
        _ => Interlocked.Read(ref _readingsOut),
    };

    /// <summary>A batch the cloud answered: what it accepted, by kind (indexed like <see cref="OutKinds"/>), and what it rejected.</summary>
    public void BatchForwarded(ReadOnlySpan<int> acceptedByKind, int accepted, int rejected, TimeSpan latency)
    {
        Interlocked.Add(ref _forwarded, accepted);
        Interlocked.Add(ref _readingsOut, acceptedByKind[0]);
        Interlocked.Add(ref _anomaliesOut, acceptedByKind[1]);
        Interlocked.Add(ref _summariesOut, acceptedByKind[2]);
        Interlocked.Add(ref _forwardRejected, rejected);
        Interlocked.Increment(ref _batches);
        _batchLatency.Observe(latency);
    }

    /// <summary>The telemetry kinds counted out, in the order of BatchForwarded's acceptedByKind.</summary>
    public static readonly string[] OutKinds = [Contracts.Wire.MessageKinds.Reading, Contracts.Wire.MessageKinds.Anomaly, Contracts.Wire.MessageKinds.Summary];

    /// <summary>Index of <paramref name="kind"/> in <see cref="OutKinds"/>, -1 for none of them.</summary>
    public static int OutKindIndex(string? kind) => kind switch
    {
        Contracts.Wire.MessageKinds.Reading => 0,
        Contracts.Wire.MessageKinds.Anomaly => 1,
        Contracts.Wire.MessageKinds.Summary => 2,
        _ => -1,
    };

    public void ForwardSplit() => Interlocked.Increment(ref _forwardSplits);
    public void PoisonDeadLettered() => Interlocked.Increment(ref _forwardPoisoned);
    public void ForwardFailure() => Interlocked.Increment(ref _forwardFailures);
    /// <summary>When the oldest reading the cloud has not yet stored was received; null when none is on its way.</summary>
    public void SetForwardHead(DateTimeOffset? receivedAt) => Interlocked.Exchange(ref _forwardHeadTicks, receivedAt?.UtcTicks ?? 0);

    /// <summary>Age of the oldest reading not yet stored by the cloud, now: it keeps growing while the cloud is away.</summary>
    public TimeSpan ForwardLag => Interlocked.Read(ref _forwardHeadTicks) is var head and > 0
        ? TimeSpan.FromTicks(Math.Max(0, time.GetUtcNow().UtcTicks - head))
        : TimeSpan.Zero;

    public void SetOutbox(long depth, long bytes)
    {
        Interlocked.Exchange(ref _outboxDepth, depth);
        Interlocked.Exchange(ref _outboxBytes, bytes);
    }

    public void OutboxDropped(long readings) => Interlocked.Add(ref _outboxDropped, readings);
    public void SetOutboxAlarm(bool on) => Interlocked.Exchange(ref _outboxAlarm, on ? 1 : 0);
    public void OutboxWriteFailed() => Interlocked.Increment(ref _outboxWriteFailures);
    public void EventsForwarded(int count) => Interlocked.Add(ref _eventsSent, count);
    public void EventDropped() => Interlocked.Increment(ref _eventsDropped);
    public void Synced(bool ok) => Interlocked.Increment(ref ok ? ref _syncs : ref _syncFailures);
    public void ConfigPublished() => Interlocked.Increment(ref _configsPublished);
    public void SetRetained(long count) => Interlocked.Exchange(ref _retained, count);

    /// <summary>The retained-messages file now holds <paramref name="count"/> messages in <paramref name="fileBytes"/>; <paramref name="overCap"/> did not fit the cap.</summary>
    public void SetRetainedPersisted(long count, long fileBytes, long overCap)
    {
        Interlocked.Exchange(ref _retainedPersisted, count);
        Interlocked.Exchange(ref _retainedFileBytes, fileBytes);
        Interlocked.Exchange(ref _retainedOverCap, overCap);
    }

    public void RetainedWritten() => Interlocked.Increment(ref _retainedWrites);

    public void RetainedWriteFailed() => Interlocked.Increment(ref _retainedWriteFailures);
    public void RetainedLoadFailed() => Interlocked.Increment(ref _retainedLoadFailures);

    public string ToPrometheusText()
    {
        var t = new StringBuilder(4096);
        Metric(t, "sm_broker_connected_devices", "gauge", "Devices connected now.", Connected);
        Metric(t, "sm_broker_connections_accepted_total", "counter", "Logins accepted.", ConnectionsAccepted);
        Metric(t, "sm_broker_auth_failures_total", "counter", "Logins refused (unknown, disabled, wrong secret, bad client id).", ConnectionsRefused);
        Metric(t, "sm_broker_auth_throttled_total", "counter", "Logins refused (0x9F) without checking the secret: the address or device id spent its failed-login budget (also in auth_failures).", AuthThrottledCount);
        Header(t, "sm_broker_connection_limits_total", "counter", "Connections closed or refused by a limit (Broker:Mqtt:Limits), by limit.");
        foreach (var limit in Enum.GetValues<Mqtt.Limits.ConnectionLimit>())
        {
            Labeled(t, "sm_broker_connection_limits_total", "limit", LimitLabel(limit), ConnectionsLimited(limit));
        }

        Metric(t, "sm_broker_session_takeovers_total", "counter", "Connections replaced by a newer one with the same client id.", Takeovers);
        Header(t, "sm_broker_messages_in_total", "counter", "Messages accepted from devices, by kind.");
        Labeled(t, "sm_broker_messages_in_total", "kind", "reading", Interlocked.Read(ref _readings));
        Labeled(t, "sm_broker_messages_in_total", "kind", "anomaly", Interlocked.Read(ref _anomalies));
        Labeled(t, "sm_broker_messages_in_total", "kind", "summary", Interlocked.Read(ref _summaries));
        Labeled(t, "sm_broker_messages_in_total", "kind", "status", Interlocked.Read(ref _statusIn));
        Labeled(t, "sm_broker_messages_in_total", "kind", "config_ack", Interlocked.Read(ref _configAcksIn));
        Labeled(t, "sm_broker_messages_in_total", "kind", "status_clear", Interlocked.Read(ref _statusCleared));
        Metric(t, "sm_broker_duplicates_dropped_total", "counter", "Telemetry with an already accepted sequence (redeliveries), acknowledged and dropped.", Duplicates);
        Metric(t, "sm_broker_dead_letters_total", "counter", "Messages refused by ingress validation or by the cloud, kept in the dead-letter store.", DeadLetters);
        Metric(t, "sm_broker_sequence_restarts_total", "counter", "Devices that restarted their sequence counter (reflash, reset): a new epoch, stored under new cloud sequences.", SequenceRestarts);
        Header(t, "sm_broker_out_of_range_total", "counter", "Telemetry refused (reason code, dead letter) for a number outside its range, by field.");
        Labeled(t, "sm_broker_out_of_range_total", "field", "sequence", Interlocked.Read(ref _outOfRangeSequence));
        Labeled(t, "sm_broker_out_of_range_total", "field", "timestamp", Interlocked.Read(ref _outOfRangeTimestamp));
        Labeled(t, "sm_broker_out_of_range_total", "field", "uptime", Interlocked.Read(ref _outOfRangeUptime));
        Metric(t, "sm_broker_ingress_errors_total", "counter", "Telemetry whose checks threw (a bug): refused and dead-lettered, the connection kept.", IngressErrors);
        Metric(t, "sm_broker_acl_denied_total", "counter", "Publishes or subscriptions refused by the topic ACL.", AclDenied);
        Header(t, "sm_broker_messages_out_total", "counter", "Telemetry the cloud stored (or already had), by kind.");
        Labeled(t, "sm_broker_messages_out_total", "kind", "reading", Interlocked.Read(ref _readingsOut));
        Labeled(t, "sm_broker_messages_out_total", "kind", "anomaly", Interlocked.Read(ref _anomaliesOut));
        Labeled(t, "sm_broker_messages_out_total", "kind", "summary", Interlocked.Read(ref _summariesOut));
        Metric(t, "sm_broker_forward_rejected_total", "counter", "Readings the cloud rejected (dead-lettered).", ForwardRejected);
        Metric(t, "sm_broker_forward_failures_total", "counter", "Failed forward attempts (retried with backoff).", ForwardFailures);
        Metric(t, "sm_broker_forward_splits_total", "counter", "Batches split in halves to isolate a reading the cloud refused (413, 400/415/422, repeated 5xx).", ForwardSplits);
        Metric(t, "sm_broker_forward_poison_total", "counter", "Readings dead-lettered because the cloud kept failing on them with a 5xx while other calls succeeded.", ForwardPoisoned);
        Metric(t, "sm_broker_forward_batches_total", "counter", "Batches the cloud answered.", Interlocked.Read(ref _batches));
        _batchLatency.Write(t, "sm_broker_forward_batch_seconds", "Round trip of answered batches, request sent to answer read.");
        Metric(t, "sm_broker_forward_lag_seconds", "gauge", "Age of the oldest reading not yet stored by the cloud.", ForwardLag.TotalSeconds);
        Metric(t, "sm_broker_queue_depth", "gauge", "Readings in the outbox waiting for the cloud.", QueueDepth);
        Metric(t, "sm_broker_outbox_bytes", "gauge", "Bytes of outbox segments on disk.", OutboxBytes);
        Metric(t, "sm_broker_outbox_dropped_total", "counter", "Readings dropped with the oldest segments when the outbox hit its disk cap.", OutboxDroppedReadings);
        Metric(t, "sm_broker_outbox_full_alarm", "gauge", "1 when the outbox reached its refuse threshold or its disk cap and has not yet drained below half of the cap.", OutboxAlarm ? 1 : 0);
        Metric(t, "sm_broker_refused_outbox_full_total", "counter", "Telemetry refused with 0x97 (quota exceeded) while the outbox was at its refuse threshold; the device keeps and resends it.", RefusedWhileOutboxFull);
        Metric(t, "sm_broker_outbox_write_failures_total", "counter", "Outbox write failures (appends refused).", OutboxWriteFailures);
        Metric(t, "sm_broker_device_events_sent_total", "counter", "Device status and config-ack events the cloud accepted.", EventsSent);
        Metric(t, "sm_broker_device_events_dropped_total", "counter", "Device events dropped because the event buffer was full.", Interlocked.Read(ref _eventsDropped));
        Metric(t, "sm_broker_registry_syncs_total", "counter", "Successful device registry syncs from the cloud.", Interlocked.Read(ref _syncs));
        Metric(t, "sm_broker_registry_sync_failures_total", "counter", "Failed device registry syncs (local file kept).", Interlocked.Read(ref _syncFailures));
        Metric(t, "sm_broker_configs_published_total", "counter", "Desired configurations published (retained) to devices.", ConfigsPublished);
        Metric(t, "sm_broker_retained_messages", "gauge", "Retained messages (device status, desired configs) the MQTT server holds.", RetainedMessages);
        Metric(t, "sm_broker_retained_persisted_messages", "gauge", "Retained messages in the file as last written or loaded (what a restart would bring back).", RetainedPersisted);
        Metric(t, "sm_broker_retained_file_bytes", "gauge", "Size of the retained-messages file.", Interlocked.Read(ref _retainedFileBytes));
        Metric(t, "sm_broker_retained_over_cap_messages", "gauge", "Retained messages left out of the last write because of Broker:Retained:MaxMessages/MaxBytes.", RetainedOverCap);
        Metric(t, "sm_broker_retained_writes_total", "counter", "Writes of the retained-messages file.", RetainedWrites);
        Metric(t, "sm_broker_retained_write_failures_total", "counter", "Failed writes of the retained-messages file (retried each flush interval).", RetainedWriteFailures);
        Metric(t, "sm_broker_retained_load_failures_total", "counter", "Retained-messages files unreadable at start (moved aside; the broker started without them).", RetainedLoadFailures);
        WriteMemory(t);
        return t.ToString();
    }

    private static string LimitLabel(Mqtt.Limits.ConnectionLimit limit) => limit switch
    {
        Mqtt.Limits.ConnectionLimit.PacketSize => "packet_size",
        Mqtt.Limits.ConnectionLimit.ConnectTimeout => "connect_timeout",
        Mqtt.Limits.ConnectionLimit.IdleTimeout => "idle_timeout",
        Mqtt.Limits.ConnectionLimit.WriteTimeout => "write_timeout",
        Mqtt.Limits.ConnectionLimit.Unacknowledged => "unacknowledged",
        Mqtt.Limits.ConnectionLimit.AddressRate => "address_rate",
        _ => "max_connections",
    };

    private static void Header(StringBuilder t, string name, string type, string help) =>
        t.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Metric(StringBuilder t, string name, string type, string help, double value)
    {
        Header(t, name, type, help);
        t.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void Labeled(StringBuilder t, string name, string label, string labelValue, long value) =>
        t.Append(name).Append('{').Append(label).Append("=\"").Append(labelValue).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
