using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Bench;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// One MQTTnet 5 client per virtual device, each publishing valid Wire-contract telemetry (one temperature sensor,
/// sequences 1, 2, 3, ...). Open loop: every 10 ms a device sends what its share of the offered rate makes due, as
/// long as fewer than InFlight of its QoS 1 publishes are unacknowledged — when that cap binds, the device falls
/// behind the schedule and the achieved rate shows it. Rate 0: each device keeps InFlight publishes outstanding.
/// QoS 0 publishes count as accepted once written; a QoS 1 fence per device at the end proves the broker read them.
/// </summary>
public sealed class PublisherFleet : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly List<IMqttClient> _clients;
    private readonly PublishLog _log;
    private readonly E2eOptions _options;
    private long _acked;
    private long _errors;
    private string? _firstError;

    private PublisherFleet(List<IMqttClient> clients, PublishLog log, E2eOptions options)
    {
        _clients = clients;
        _log = log;
        _options = options;
    }

    public long Acked => Interlocked.Read(ref _acked);
    public long Errors => Interlocked.Read(ref _errors);
    public string? FirstError => _firstError;

    public static async Task<PublisherFleet> ConnectAsync(BrokerTarget target, E2eOptions options, PublishLog log)
    {
        var clients = new List<IMqttClient>(options.Devices);
        for (var device = 1; device <= options.Devices; device++)
        {
            clients.Add(await LoadRunner.ConnectAsync(target, device));
        }

        return new PublisherFleet(clients, log, options);
    }

    /// <summary>Publishes until <paramref name="duration"/> after <paramref name="start"/>, then waits for every acknowledgement.</summary>
    public Task RunAsync(long start, TimeSpan duration, RateSeries published) =>
        Task.WhenAll(_clients.Select((client, i) => Task.Run(() => DeviceAsync(client, i + 1, start, duration, published))));

    private async Task DeviceAsync(IMqttClient client, int device, long start, TimeSpan duration, RateSeries published)
    {
        var topic = TopicScheme.Build("plant-1", $"dev-{device}", TopicScheme.Telemetry);
        var perSecond = (double)_options.Rate / _options.Devices;
        var qos = _options.Qos == 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;
        using var window = new SemaphoreSlim(_options.InFlight);
        long sequence = 0;
        while (Stopwatch.GetElapsedTime(start) is var elapsed && elapsed < duration)
        {
            var due = _options.AsFastAsPossible ? sequence + _options.InFlight : (long)(elapsed.TotalSeconds * perSecond) + 1;
            while (sequence < due && Stopwatch.GetElapsedTime(start) < duration)
            {
                await window.WaitAsync();
                var message = Message(topic, device, ++sequence, qos);
                var now = Stopwatch.GetTimestamp();
                _log.Published(device, sequence, now);
                published.Add(now);
                if (qos == MqttQualityOfServiceLevel.AtLeastOnce)
                {
                    _ = AcknowledgedAsync(client, message, device, sequence, window);
                }
                else
                {
                    await AcknowledgedAsync(client, message, device, sequence, window);
                }
            }

            if (!_options.AsFastAsPossible)
            {
                await Task.Delay(Tick);
            }
        }

        // Every outstanding publish has its answer (or its MQTT timeout) once the whole window is free again.
        for (var i = 0; i < _options.InFlight; i++)
        {
            await window.WaitAsync();
        }

        if (qos == MqttQualityOfServiceLevel.AtMostOnce)
        {
            var now = Stopwatch.GetTimestamp();
            _log.Published(device, ++sequence, now);
            published.Add(now);
            window.Release();
            await AcknowledgedAsync(client, Message(topic, device, sequence, MqttQualityOfServiceLevel.AtLeastOnce), device, sequence, window);
        }
    }

    private async Task AcknowledgedAsync(IMqttClient client, MqttApplicationMessage message, int device, long sequence, SemaphoreSlim window)
    {
        try
        {
            var result = await client.PublishAsync(message);
            if (result.IsSuccess)
            {
                _log.Acknowledged(device, sequence);
                Interlocked.Increment(ref _acked);
            }
            else
            {
                Failed($"dev-{device} seq {sequence}: {result.ReasonCode} {result.ReasonString}");
            }
        }
        catch (MqttCommunicationException ex)
        {
            Failed($"dev-{device} seq {sequence}: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            window.Release();
        }
    }

    private void Failed(string reason)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, reason, null);
    }

    /// <summary>A reading as the firmware sends it: device clock valid, one temperature sensor per device.</summary>
    private static MqttApplicationMessage Message(string topic, int device, long sequence, MqttQualityOfServiceLevel qos)
    {
        var reading = new DeviceMessage
        {
            DeviceId = $"dev-{device}", Sequence = sequence, TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            SensorId = $"dev-{device}-temp", SensorType = "temperature", Unit = "K", Kind = MessageKinds.Reading,
            Value = 300 + (sequence % 100) * 0.01,
        };
        return new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(reading, ContractsJsonContext.Default.DeviceMessage))
            .WithQualityOfServiceLevel(qos).Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions());
            }

            client.Dispose();
        }
    }
}
