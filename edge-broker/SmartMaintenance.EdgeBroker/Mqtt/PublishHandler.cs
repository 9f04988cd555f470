using System.Buffers;
using System.Text.Json;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.DeadLetters;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;
using SmartMaintenance.EdgeBroker.Status;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Every device publish, in order: topic ACL -> per channel: telemetry is validated and appended to the durable
/// outbox (the PUBACK waits for the disk, see AckGate); status and config acks become device events for the cloud.
/// Invalid input is dead-lettered with its reason and refused with PayloadFormatInvalid (MQTT 5); nothing throws.
/// </summary>
public sealed partial class PublishHandler(
    IngressValidator validator,
    SequenceTracker sequences,
    DurableOutbox outbox,
    DeadLetterStore deadLetters,
    DeviceEventReporter events,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<PublishHandler> logger)
{
    public async Task InterceptAsync(InterceptingPublishEventArgs e)
    {
        if (e.SessionItems?[MqttBrokerService.SessionKey] is not DeviceSession session)
        {
            // Messages the broker injects itself (downlink) carry no device session.
            return;
        }

        // The ACL: a device's own three publish topics, compared as whole strings (built once at login).
        var topic = e.ApplicationMessage.Topic;
        if (string.Equals(topic, session.Telemetry, StringComparison.Ordinal))
        {
            await TelemetryAsync(e, session);
        }
        else if (string.Equals(topic, session.Status, StringComparison.Ordinal))
        {
            Status(e, session.Device);
        }
        else if (string.Equals(topic, session.ConfigAck, StringComparison.Ordinal))
        {
            ConfigAck(e, session.Device);
        }
        else
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            metrics.AclDenial();
            LogAclDenied(session.Device.DeviceId, topic);
        }
    }

    private async Task TelemetryAsync(InterceptingPublishEventArgs e, DeviceSession session)
    {
        var device = session.Device;
        // Telemetry is consumed by the broker itself; nobody subscribes to other devices' telemetry.
        e.ProcessPublish = false;
        if (session.ReasonCodes && outbox.RefusingNew)
        {
            // Back-pressure before any check or sequence bookkeeping: not acknowledged, so the device keeps the reading
            // and resends it later. Not a dead letter: nothing is wrong with it, and nothing is lost.
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            metrics.RefusedOutboxFull();
            return;
        }

        var payload = e.ApplicationMessage.Payload;
        var sequence = session.Sequence;
        IngressOutcome outcome;
        DeviceMessage? reading;
        bool verbatim;
        long cloudSequence;
        string? error;
        try
        {
            outcome = validator.Validate(sequence, payload, session.Strings, out reading, out verbatim, out cloudSequence, out var outOfRange, out error);
            if (outOfRange != RangeField.None)
            {
                metrics.RefusedOutOfRange(outOfRange);
                LogOutOfRange(device.DeviceId, outOfRange.ToString(), error ?? "");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in a check must cost this message, not the connection (MQTTnet drops a connection whose
            // interceptor throws, and a persistent session would resend the same message in a loop).
            metrics.IngressError();
            LogIngressError(ex, device.DeviceId);
            Refuse(e, device, $"message could not be checked ({ex.GetType().Name}): {ex.Message}");
            return;
        }

        if (outcome == IngressOutcome.Invalid)
        {
            Refuse(e, device, error ?? "invalid");
            return;
        }

        if (outcome == IngressOutcome.Duplicate)
        {
            // A redelivery of a sequence already admitted: acknowledge so the device stops resending; store nothing.
            // If the original is still on its way to the disk, this PUBACK waits for it too.
            metrics.Duplicate();
            if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce
                && sequence.RedeliveryDurable(reading!.Sequence) is { } original)
            {
                session.Gate.Hold(session.Gate.Current, original);
            }

            return;
        }

        if (outcome == IngressOutcome.Restarted)
        {
            // Saved (fsynced) before the reading is appended, so no reading keyed by the new base is acknowledged
            // before the base itself is on disk.
            metrics.SequenceRestarted();
            sequences.EpochStarted(sequence, reading!.Sequence, cloudSequence);
        }

        metrics.MessageIn(reading!.Kind);
        Task durable;
        try
        {
            // A failed write reaches the device's sequence state from the writer itself (it is the listener), so the
            // resend is admitted even if this connection is gone before its PUBACK would have been sent.
            var record = session.Record.Write(reading, cloudSequence, payload, verbatim, time.GetUtcNow());
            durable = await outbox.AppendAsync(record, sequence, reading.Sequence, e.CancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Shutting down: refuse, the device keeps the reading and resends it to the next broker run.
            sequence.Forget(reading.Sequence);
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            durable = Task.FromException(ex);
        }

        sequence.Appended(durable);
        if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce)
        {
            session.Gate.Hold(session.Gate.Current, durable);
        }
    }

    private void Status(InterceptingPublishEventArgs e, DeviceRecord device)
    {
        var payload = e.ApplicationMessage.Payload;
        if (payload.IsEmpty && e.ApplicationMessage.Retain)
        {
            // A zero-byte retained publish deletes the retained status (MQTT-3.3.1-10), e.g. when a board is
            // decommissioned. It says nothing about online or offline, so no device event.
            metrics.StatusCleared();
            return;
        }

        var online = ReadOnline(payload);
        if (online is null)
        {
            Refuse(e, device, $"status payload must be a JSON object with \"{WireFields.Online}\": 0 or 1");
            return;
        }

        // Kept (retained birth message / last will) for anyone allowed to read it; reported to the cloud with what
        // the device says it runs (firmware, configuration), which the cloud shows beside the desired config.
        metrics.StatusIn();
        var (firmware, reported) = online.Value ? ReadReported(payload) : (null, null);
        events.Report(new DeviceEvent
        {
            DeviceId = device.DeviceId,
            Site = device.Site,
            Kind = online.Value ? DeviceEventKinds.Online : DeviceEventKinds.Offline,
            At = time.GetUtcNow(),
            FirmwareVersion = firmware,
            ReportedConfig = reported,
        });
    }

    /// <summary>
    /// The firmware version ("fw") and the running configuration (the config message's fields, "cfg" first among
    /// them) of a birth message; each null when absent (older firmware) or malformed, which never refuses the
    /// status itself: being online is what the message is for.
    /// </summary>
    private static (string? Firmware, DeviceConfig? Config) ReadReported(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            var status = JsonSerializer.Deserialize(ref reader, ContractsJsonContext.Default.DeviceStatusReport);
            if (status is null)
            {
                return (null, null);
            }

            var firmware = status.FirmwareVersion is { Length: > 0 and <= DeviceStatusReport.MaxFirmwareLength } fw && fw.All(c => c is >= ' ' and <= '~') ? fw : null;
            return (firmware, status.ConfigVersion is >= 0 ? status.ToConfig() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private void ConfigAck(InterceptingPublishEventArgs e, DeviceRecord device)
    {
        e.ProcessPublish = false;
        var payload = e.ApplicationMessage.Payload;
        DeviceConfigAck? ack = null;
        if (payload.Length <= WireLimits.MaxPayloadBytes)
        {
            try
            {
                var reader = new Utf8JsonReader(payload);
                ack = JsonSerializer.Deserialize(ref reader, ContractsJsonContext.Default.DeviceConfigAck);
            }
            catch (JsonException)
            {
                ack = null;
            }
        }

        if (ack is null || ack.Version < 0)
        {
            Refuse(e, device, "config acknowledgement is not a valid DeviceConfigAck");
            return;
        }

        metrics.ConfigAckIn();
        events.Report(new DeviceEvent
        {
            DeviceId = device.DeviceId,
            Site = device.Site,
            Kind = DeviceEventKinds.ConfigAck,
            At = time.GetUtcNow(),
            ConfigVersion = ack.Version,
            Applied = ack.Applied,
            Error = ack.Error,
        });
    }

    private void Refuse(InterceptingPublishEventArgs e, DeviceRecord device, string reason)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
        deadLetters.Add(reason, e.ApplicationMessage.Topic, device.DeviceId, e.ApplicationMessage.Payload);
    }

    private static bool? ReadOnline(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > WireLimits.MaxPayloadBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(WireFields.Online))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var on) && on is 0 or 1 ? on == 1 : null;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Falls through to "not a status".
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} sent a {Field} out of range; refused: {Reason}")]
    private partial void LogOutOfRange(string deviceId, string field, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking a telemetry message of device {DeviceId} failed; refused and dead-lettered")]
    private partial void LogIngressError(Exception ex, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACL denied device {DeviceId} publishing to {Topic}")]
    private partial void LogAclDenied(string deviceId, string topic);
}
