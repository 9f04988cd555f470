using Microsoft.Extensions.Options;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Hosts the MQTTnet server and hooks the broker's rules into its extension points:
/// ValidatingConnectionAsync (device login), InterceptingPublishAsync (ACL, validation, forwarding),
/// InterceptingSubscriptionAsync (a device may subscribe only to its own config topic).
/// </summary>
internal sealed partial class MqttBrokerService(
    IOptions<MqttBrokerOptions> options,
    DeviceRegistry devices,
    IngressValidator validator,
    ForwardQueue queue,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<MqttBrokerService> logger) : IHostedService, IAsyncDisposable
{
    private const string DeviceKey = "sm.device";
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        o.TryGetBindAddress(out var address);
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointPort(o.Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientDisconnectedAsync += _ =>
        {
            metrics.Disconnected();
            return Task.CompletedTask;
        };
        await _server.StartAsync();
        LogListening(address.ToString(), o.Port, devices.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }

        queue.Complete();
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        // The device id is the username; the client id must be the same (or empty on MQTT 5, where we assign it),
        // so one device cannot take over another's session by reusing its client id.
        var result = devices.Authenticate(e.UserName, e.Password, out var device);
        if (result != DeviceAuthResult.Accepted)
        {
            e.ReasonCode = result switch
            {
                DeviceAuthResult.Disabled => MqttConnectReasonCode.NotAuthorized,
                _ => MqttConnectReasonCode.BadUserNameOrPassword,
            };
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
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            metrics.ConnectionRefused();
            LogConnectionRefused(e.ClientId, e.UserName, "client id differs from device id");
            return Task.CompletedTask;
        }

        e.SessionItems[DeviceKey] = device;
        metrics.ConnectionAccepted();
        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.SessionItems[DeviceKey] is not DeviceRecord device)
        {
            // Messages the broker injects itself (downlink) carry no device session.
            return;
        }

        metrics.MessageIn();
        var message = e.ApplicationMessage;
        var address = TopicScheme.Parse(message.Topic);
        if (address is null || address.Device != device.DeviceId || address.Site != device.Site
            || address.Channel == TopicScheme.Config)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            metrics.AclDenial();
            LogAclDenied(device.DeviceId, message.Topic);
            return;
        }

        if (address.Channel != TopicScheme.Telemetry)
        {
            // Status and config acknowledgements are accepted; their handling comes with the device registry sync.
            return;
        }

        var reading = validator.Validate(device.DeviceId, message.Payload, out var error);
        if (reading is null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            metrics.MessageInvalid();
            LogInvalidMessage(device.DeviceId, message.Topic, error ?? "invalid");
            return;
        }

        await queue.EnqueueAsync(new IngestBatchItem
        {
            Site = device.Site,
            DeviceId = device.DeviceId,
            Sequence = reading.Sequence,
            ReceivedAt = time.GetUtcNow(),
            CorrelationId = $"{device.DeviceId}-{reading.Sequence}",
            Message = reading,
        }, e.CancellationToken);

        // Telemetry is consumed by the broker itself; nobody subscribes to other devices' telemetry.
        e.ProcessPublish = false;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[DeviceKey] is DeviceRecord device
            && e.TopicFilter.Topic != TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.Config))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            metrics.AclDenial();
            LogAclDenied(device.DeviceId, e.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT listening on {Address}:{Port} with {Devices} provisioned devices")]
    private partial void LogListening(string address, int port, int devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection refused: client {ClientId}, user {UserName}: {Reason}")]
    private partial void LogConnectionRefused(string clientId, string? userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACL denied device {DeviceId} on topic {Topic}")]
    private partial void LogAclDenied(string deviceId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid message from {DeviceId} on {Topic}: {Reason}")]
    private partial void LogInvalidMessage(string deviceId, string topic, string reason);
}

public static class MqttBrokerExtensions
{
    public static IServiceCollection AddMqttBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MqttBrokerOptions>()
            .Bind(configuration.GetSection(MqttBrokerOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.TryGetBindAddress(out _), "Broker:Mqtt:BindAddress must be an IP address.")
            .ValidateOnStart();
        services.AddSingleton<MqttBrokerService>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttBrokerService>());
        return services;
    }
}
