using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Downlink;

/// <summary>
/// Publishes each device's desired configuration, retained, on sm/v1/{site}/{device}/config, so a device gets it
/// on subscribe even if it was offline when the cloud changed it. A version already published is not re-sent, and
/// after a restart a version already retained (reloaded from disk) counts as published.
/// </summary>
public sealed partial class ConfigDownlink(MqttBrokerService broker, BrokerMetrics metrics, ILogger<ConfigDownlink> logger)
{
    private readonly ConcurrentDictionary<string, long> _published = new(StringComparer.Ordinal);

    public async Task ApplyAsync(IEnumerable<DesiredDeviceConfig> configs, CancellationToken cancellationToken)
    {
        foreach (var desired in configs)
        {
            if (!TopicScheme.IsValidId(desired.DeviceId) || !TopicScheme.IsValidId(desired.Site))
            {
                LogInvalidConfig(desired.DeviceId);
                continue;
            }

            var topic = TopicScheme.Build(desired.Site, desired.DeviceId, TopicScheme.Config);
            if (!_published.ContainsKey(desired.DeviceId) && await RetainedVersionAsync(topic) is { } kept)
            {
                // First sync after a restart: the retained config came back from disk (RetainedMessageStore).
                // Re-publishing the same version would only send subscribed devices a duplicate.
                _published[desired.DeviceId] = kept;
            }

            if (_published.TryGetValue(desired.DeviceId, out var version) && version == desired.Config.Version)
            {
                continue;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(JsonSerializer.SerializeToUtf8Bytes(desired.Config, ContractsJsonContext.Default.DeviceConfig))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build();
            await broker.InjectAsync(new InjectedMqttApplicationMessage(message) { SenderClientId = "broker" }, cancellationToken);
            _published[desired.DeviceId] = desired.Config.Version;
            metrics.ConfigPublished();
            LogPublished(desired.DeviceId, desired.Config.Version);
        }
    }

    private async Task<long?> RetainedVersionAsync(string topic)
    {
        if (await broker.RetainedAsync(topic) is not { } retained)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(retained.Payload);
            return JsonSerializer.Deserialize(ref reader, ContractsJsonContext.Default.DeviceConfig)?.Version;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published config version {Version} (retained) to device {DeviceId}")]
    private partial void LogPublished(string deviceId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a desired config with an invalid device or site id: {DeviceId}")]
    private partial void LogInvalidConfig(string deviceId);
}
