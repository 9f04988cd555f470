using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;
using SmartMaintenance.EdgeBroker.Retained;
using SmartMaintenance.EdgeBroker.Status;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Hosts the MQTTnet server (TCP and optional TLS, MQTT 3.1.1 and 5) and hooks the broker's rules into its
/// extension points: ValidatingConnectionAsync (device login), InterceptingPublishAsync (see PublishHandler),
/// InterceptingSubscriptionAsync (a device subscribes only to its own config topic), the packet interceptors
/// (PUBACK after durability, see AckGate), and connect/disconnect events (status, takeovers).
/// </summary>
public sealed partial class MqttBrokerService(
    IOptions<MqttBrokerOptions> options,
    IOptions<Limits.ConnectionLimitsOptions> limits,
    DeviceRegistry devices,
    AuthThrottle throttle,
    SequenceTracker sequences,
    PublishHandler publishes,
    DurableOutbox outbox,
    RetainedMessageStore retained,
    DeviceEventReporter events,
    BrokerMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<MqttBrokerService> logger) : IHostedService, IAsyncDisposable
{
    internal const string SessionKey = "sm.device";
    private MqttServer? _server;

    public bool IsStarted => _server?.IsStarted == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        o.TryGetBindAddress(out var address);
        // The listeners are the broker's own (Limits/GuardedTcpServerAdapter): packet size, connect and idle
        // deadlines, unread acknowledgements and per-address rates are enforced below MQTTnet.
        var listener = new Limits.GuardedTcpServerAdapter(o, limits.Value, o.Tls.Enabled ? TlsCertificateLoader.Load(o.Tls) : null,
            metrics, time, loggers.CreateLogger<Limits.GuardedTcpServerAdapter>());
        _server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().Build(), [listener]);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.ClientConnectedAsync += ClientConnectedAsync;
        _server.ClientDisconnectedAsync += ClientDisconnectedAsync;
        _server.InterceptingInboundPacketAsync += InterceptInboundAsync;
        _server.InterceptingOutboundPacketAsync += InterceptOutboundAsync;
        _server.InterceptingPublishAsync += publishes.InterceptAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        retained.Attach(_server);
        await _server.StartAsync();
        retained.StartFlushing();
        LogListening(address.ToString(), o.Port, o.Tls.Enabled ? o.Tls.Port : 0, devices.Count);
    }

    /// <summary>Stop accepting (closes listeners and sessions), then let the outbox and the retained store write what they hold.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }

        await outbox.CompleteAsync();
        await retained.StopAsync();
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Publishes a message from the broker itself (downlink configs).</summary>
    public Task InjectAsync(InjectedMqttApplicationMessage message, CancellationToken cancellationToken) =>
        _server is { IsStarted: true } server
            ? server.InjectApplicationMessage(message, cancellationToken)
            : throw new InvalidOperationException("The MQTT server is not running.");

    /// <summary>The retained message on <paramref name="topic"/>, null when there is none or the server is not running.</summary>
    internal async Task<MqttApplicationMessage?> RetainedAsync(string topic) =>
        _server is { IsStarted: true } server ? await server.GetRetainedMessageAsync(topic) : null;

    /// <summary>Every retained message the server holds (tests, operators).</summary>
    internal async Task<IList<MqttApplicationMessage>> RetainedMessagesAsync() =>
        _server is { IsStarted: true } server ? await server.GetRetainedMessagesAsync() : [];

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        // The device id is the username; the client id must be the same (or empty on MQTT 5, where we assign it),
        // so one device cannot take over another's session by reusing its client id.
        var address = (e.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? e.RemoteEndPoint?.ToString() ?? "";
        if (throttle.IsThrottled(address, e.UserName))
        {
            // Refused before the secret is checked: no PBKDF2 time for a guesser. MQTT 5: 0x9F; 3.1.1 has no such
            // code and MQTTnet would map 0x9F to 1 (bad protocol version), so 3 "server unavailable".
            e.ReasonCode = e.ProtocolVersion == MqttProtocolVersion.V500
                ? MqttConnectReasonCode.ConnectionRateExceeded
                : MqttConnectReasonCode.ServerUnavailable;
            metrics.ConnectionRefused();
            metrics.AuthThrottled();
            return Task.CompletedTask;
        }

        var result = devices.Authenticate(e.UserName, e.Password, out var device);
        if (result != DeviceAuthResult.Accepted)
        {
            throttle.Failed(address, e.UserName);
            // MQTT 5 §3.2.2.2: 0x86 Bad User Name or Password, 0x87 Not authorized; MQTTnet maps them to the
            // 3.1.1 return codes 4 and 5.
            e.ReasonCode = result == DeviceAuthResult.Disabled ? MqttConnectReasonCode.NotAuthorized : MqttConnectReasonCode.BadUserNameOrPassword;
            metrics.ConnectionRefused();
            LogConnectionRefused(e.ClientId, e.UserName, result.ToString());
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(e.ClientId) && e.ProtocolVersion == MqttProtocolVersion.V500)
        {
            e.AssignedClientIdentifier = device!.DeviceId;
        }
        else if (e.ClientId != device!.DeviceId)
        {
            // 3.1.1 return code 2 "identifier rejected" / MQTT 5 0x85.
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            throttle.Failed(address, e.UserName);
            metrics.ConnectionRefused();
            LogConnectionRefused(e.ClientId, e.UserName, "client id differs from device id");
            return Task.CompletedTask;
        }

        e.SessionItems[SessionKey] = new DeviceSession(device, sequences.For(device.DeviceId), e.ProtocolVersion == MqttProtocolVersion.V500);
        metrics.ConnectionAccepted();
        return Task.CompletedTask;
    }

    private Task ClientConnectedAsync(ClientConnectedEventArgs e)
    {
        metrics.ClientConnected();
        if (e.SessionItems[SessionKey] is DeviceSession { Device: var device })
        {
            events.Report(new DeviceEvent { DeviceId = device.DeviceId, Site = device.Site, Kind = DeviceEventKinds.Online, At = time.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    private Task ClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        metrics.ClientDisconnected();
        if (e.DisconnectType == MqttClientDisconnectType.Takeover)
        {
            // MQTT-3.1.4-3: the newer connection with the same client id wins; the device stays online.
            metrics.SessionTakenOver();
            LogTakenOver(e.ClientId);
            return Task.CompletedTask;
        }

        if (e.SessionItems?[SessionKey] is DeviceSession { Device: var device })
        {
            events.Report(new DeviceEvent { DeviceId = device.DeviceId, Site = device.Site, Kind = DeviceEventKinds.Offline, At = time.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    private static Task InterceptInboundAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtLeastOnce } publish
            && e.SessionItems?[SessionKey] is DeviceSession session)
        {
            session.Gate.Current = publish.PacketIdentifier;
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs for every outbound packet: stays synchronous unless a PUBACK still waits for the disk.</summary>
    private Task InterceptOutboundAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPubAckPacket ack || e.SessionItems?[SessionKey] is not DeviceSession session
            || !session.Gate.TryTake(ack.PacketIdentifier, out var durable) || durable.IsCompletedSuccessfully)
        {
            return Task.CompletedTask;
        }

        return HoldUntilDurableAsync(e, durable);
    }

    private static async Task HoldUntilDurableAsync(InterceptingPacketEventArgs e, Task durable)
    {
        try
        {
            await durable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Not durable: no PUBACK, so the device keeps the message and resends it. The outbox has already told
            // the device's DeviceSequence, so the resend is admitted, not taken for a duplicate.
            e.ProcessPacket = false;
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[SessionKey] is DeviceSession session && e.TopicFilter.Topic != session.Config)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            metrics.AclDenial();
            LogAclDenied(session.Device.DeviceId, e.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT listening on {Address}:{Port} (TLS port {TlsPort}, 0 = off) with {Devices} provisioned devices")]
    private partial void LogListening(string address, int port, int tlsPort, int devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection refused: client {ClientId}, user {UserName}: {Reason}")]
    private partial void LogConnectionRefused(string clientId, string? userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACL denied device {DeviceId} subscribing to {Topic}")]
    private partial void LogAclDenied(string deviceId, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} was replaced by a newer connection with the same client id")]
    private partial void LogTakenOver(string clientId);
}
