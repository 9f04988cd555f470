using MQTTnet;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Encoding;

namespace SmartMaintenance.VirtualDevice;

/// <summary>One simulated board: connects with its credentials and publishes readings encoded by the firmware core.</summary>
internal sealed class VirtualNode(DeviceCredential credential, FleetOptions options, int seed)
{
    private readonly TelemetryEncoder _encoder = new();
    private readonly TelemetryRecord _record = new();
    private readonly SequenceStore _sequence = new(options.StateDirectory, credential.DeviceId);
    private readonly SimulatedMachine _machine = new(new Random(seed));
    private readonly long _bootTicks = Environment.TickCount64;

    public long Published { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(credential.DeviceId)
            .WithCredentials(credential.DeviceId, credential.Secret)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        var result = await client.ConnectAsync(clientOptions, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{credential.DeviceId}: broker refused the connection ({result.ResultCode})");
        }

        var topic = TopicScheme.Build(options.Site, credential.DeviceId, TopicScheme.Telemetry);
        var sensor = 0;
        while (!cancellationToken.IsCancellationRequested && (options.Count == 0 || Published < options.Count))
        {
            var (id, type, unit) = SimulatedMachine.Sensors[sensor];
            _record.ClearExtras();
            _record.DeviceId = credential.DeviceId;
            _record.Sequence = _sequence.Next();
            _record.ClockValid = true;
            _record.TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _record.UptimeMs = Environment.TickCount64 - _bootTicks;
            _record.SensorId = id;
            _record.SensorType = type;
            _record.Unit = unit;
            _record.Kind = MessageKinds.Reading;
            _record.Value = _machine.Sample(sensor);
            var length = _encoder.Encode(_record);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(_encoder.Buffer.AsSpan(0, length).ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var publish = await client.PublishAsync(message, cancellationToken);
            if (!publish.IsSuccess)
            {
                throw new InvalidOperationException($"{credential.DeviceId}: publish refused ({publish.ReasonCode} {publish.ReasonString})");
            }

            Published++;
            sensor = (sensor + 1) % SimulatedMachine.Sensors.Length;
            if (options.IntervalMs > 0)
            {
                await Task.Delay(options.IntervalMs, cancellationToken);
            }
        }

        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
    }
}
