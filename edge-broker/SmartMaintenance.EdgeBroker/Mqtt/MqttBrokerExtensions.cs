using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Downlink;
using SmartMaintenance.EdgeBroker.Outbox;
using SmartMaintenance.EdgeBroker.Retained;
using SmartMaintenance.EdgeBroker.Status;

namespace SmartMaintenance.EdgeBroker.Mqtt;

public static class MqttBrokerExtensions
{
    public static IServiceCollection AddMqttBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MqttBrokerOptions>()
            .Bind(configuration.GetSection(MqttBrokerOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.TryGetBindAddress(out _), "Broker:Mqtt:BindAddress must be an IP address.")
            .Validate(o => o.Port > 0 || o.Tls.Enabled, "Broker:Mqtt:Port is 0 and TLS is off: the broker would listen nowhere.")
            .Validate(o => o.Tls.Port is > 0 and <= 65535, "Broker:Mqtt:Tls:Port must be 1-65535.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttBrokerOptions>, TlsOptionsValidator>();
        services.AddOptions<AuthThrottleOptions>()
            .Bind(configuration.GetSection(AuthThrottleOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuthThrottle>();
        services.AddOptions<Limits.ConnectionLimitsOptions>()
            .Bind(configuration.GetSection(Limits.ConnectionLimitsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ConnectTimeout <= o.IdleTimeout, "Broker:Mqtt:Limits:ConnectTimeout must not exceed IdleTimeout.")
            .ValidateOnStart();
        services.AddOptions<RetainedOptions>()
            .Bind(configuration.GetSection(RetainedOptions.Section))
            .PostConfigure<IOptions<OutboxOptions>>((retained, outbox) => retained.Directory ??= BesideOutbox(outbox.Value.Directory))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Directory), "Broker:Retained:Directory must name a folder.")
            .ValidateOnStart();
        services.AddSingleton<RetainedMessageStore>();
        services.AddSingleton<DeviceEventReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceEventReporter>());
        services.AddSingleton<PublishHandler>();
        services.AddSingleton<MqttBrokerService>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttBrokerService>());
        return services;
    }

    /// <summary>data/outbox -> data/retained: the broker's data folder is wherever its outbox is.</summary>
    private static string? BesideOutbox(string? outbox) =>
        string.IsNullOrWhiteSpace(outbox) ? null : Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(outbox)) ?? "", "retained");

    public static IServiceCollection AddRegistrySync(this IServiceCollection services)
    {
        services.AddSingleton<ConfigDownlink>();
        services.AddSingleton<RegistrySync>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrySync>());
        return services;
    }
}

/// <summary>Loads the TLS certificate at start, so a wrong path or password fails the start with the reason.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<MqttBrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttBrokerOptions options) =>
        TlsCertificateLoader.Problem(options.Tls) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
