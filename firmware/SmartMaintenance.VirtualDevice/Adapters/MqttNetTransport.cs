using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.VirtualDevice.Adapters;

/// <summary>
/// MQTTnet 5 as the core's IMqttTransport: client id = user name = device id, MQTT 5, QoS 1, last will on the
/// status topic. The core is synchronous (as on the board), so calls wait on MQTTnet's tasks; acknowledgements,
/// received messages and disconnects are queued and handed to the supervisor by <see cref="Deliver"/> on the
/// device's own thread, which keeps the core single-threaded and avoids re-entering it from MQTTnet's threads.
/// </summary>
internal sealed class MqttNetTransport : IMqttTransport, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ConcurrentQueue<(int Session, int Token)> _acks = new();
    private readonly ConcurrentQueue<(int Session, string Topic, byte[] Payload)> _received = new();
    private IMqttTransportListener? _listener;
    private int _nextToken;
    private volatile bool _closedByBroker;
    private int _session;

    /// <summary>When set, every acknowledged telemetry payload is written to it as one line (shared by the fleet, synchronized).</summary>
    public TextWriter? PublishedLog { get; init; }

    public MqttNetTransport(string host, int port, string deviceId, string secret, string statusTopic, byte[] lastWill)
    {
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .WithTimeout(Timeout)
            .WithWillTopic(statusTopic)
            .WithWillPayload(lastWill)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true)
            .Build();
        _client.DisconnectedAsync += e =>
        {
            _closedByBroker = true;
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Enqueue((Volatile.Read(ref _session), e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    /// <summary>Why the last Open failed (broker reason code or exception message), for the log.</summary>
    public string? LastError { get; private set; }

    /// <summary>True when the broker refused the credentials (retrying will not help).</summary>
    public bool Unauthorized { get; private set; }

    /// <summary>Publishes the broker answered with an error reason code (released, not retried).</summary>
    public long Refused { get; private set; }

    public string? LastRefusal { get; private set; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>One number per Open, so queued events of an earlier connection are recognised as stale.</summary>
    public int Session => Volatile.Read(ref _session);

    public bool Open()
    {
        Interlocked.Increment(ref _session);
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            _closedByBroker = false;
            var result = _client.ConnectAsync(_options, cts.Token).GetAwaiter().GetResult();
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                LastError = null;
                return true;
            }

            LastError = result.ResultCode.ToString();
            Unauthorized = result.ResultCode is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword;
            return false;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            LastError = ex.Message;
            if (ex is MqttConnectingFailedException)
            {
                // MQTTnet 5 throws when the broker answers CONNACK with an error; the reason code is in the message.
                Unauthorized = ex.Message.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal)
                    || ex.Message.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), StringComparison.Ordinal);
            }

            return false;
        }
    }

    public bool Subscribe(string topic)
    {
        try
        {
            var options = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var result = _client.SubscribeAsync(options).GetAwaiter().GetResult();
            var code = result.Items.Count > 0 ? result.Items.First().ResultCode : MqttClientSubscribeResultCode.UnspecifiedError;
            if (code > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                // A broker without the config downlink refuses the subscription; telemetry must still flow.
                Console.Error.WriteLine($"{_options.ClientId}: config subscription refused ({code}); running without remote config");
            }

            return _client.IsConnected;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            LastError = ex.Message;
            return false;
        }
    }

    public int Publish(string topic, byte[] payload, int length, bool retain)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(0, length).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            var result = _client.PublishAsync(message, cts.Token).GetAwaiter().GetResult();
            var token = _nextToken++ & 0x7FFFFFFF;
            if (!result.IsSuccess)
            {
                // The broker received it and said no (e.g. failed validation): resending would get the same answer.
                Refused++;
                LastRefusal = $"{result.ReasonCode} {result.ReasonString}";
            }
            else if (PublishedLog is { } log && topic.EndsWith("/" + TopicScheme.Telemetry, StringComparison.Ordinal))
            {
                log.WriteLine(System.Text.Encoding.UTF8.GetString(payload, 0, length));
            }

            _acks.Enqueue((Session, token));
            return token;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            LastError = ex.Message;
            return -1;
        }
    }

    public void Close()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            _client.DisconnectAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            LastError = ex.Message;
        }
    }

    public void SetListener(IMqttTransportListener listener) => _listener = listener;

    /// <summary>Hands queued acknowledgements, messages and a broker-side disconnect to the supervisor.</summary>
    public void Deliver()
    {
        var listener = _listener;
        if (listener is null)
        {
            return;
        }

        while (_acks.TryDequeue(out var ack))
        {
            listener.OnPublishAcknowledged(ack.Session, ack.Token);
        }

        while (_received.TryDequeue(out var message))
        {
            listener.OnMessageReceived(message.Session, message.Topic, message.Payload, message.Payload.Length);
        }

        if (_closedByBroker && !_client.IsConnected)
        {
            _closedByBroker = false;
            listener.OnConnectionClosed(Session);
        }
    }

    public void Dispose() => _client.Dispose();
}
