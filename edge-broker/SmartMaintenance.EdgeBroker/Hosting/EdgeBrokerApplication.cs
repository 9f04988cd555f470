using SmartMaintenance.EdgeBroker.DeadLetters;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Hosting;

/// <summary>Builds the broker host: services first, then the small HTTP side port (health, metrics, dead letters).</summary>
public static class EdgeBrokerApplication
{
    /// <param name="args">Command line (configuration overrides).</param>
    /// <param name="overrides">Registrations applied last (tests: a predictable Backoff, a fake clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null)
    {
        // Content root = the program folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddProblemDetails();
        // Hosted services start in this order and stop in reverse: sync, MQTT (stop accepting, flush the outbox),
        // device events, forwarder (drains the outbox within Broker:Cloud:DrainTimeout).
        builder.Services.AddDeviceRegistry(builder.Configuration);
        builder.Services.AddDeadLetters(builder.Configuration);
        builder.Services.AddIngress(builder.Configuration);
        builder.Services.AddCloudForwarding(builder.Configuration);
        builder.Services.AddMqttBroker(builder.Configuration);
        builder.Services.AddRegistrySync();
        builder.Services.AddOptions<MemoryOptions>().Bind(builder.Configuration.GetSection(MemoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<MemoryReclaimer>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue($"{CloudForwarderOptions.Section}:DrainTimeout", TimeSpan.FromSeconds(10)).TotalSeconds + 10));

        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapHealth();
        app.MapGet("/metrics", (BrokerMetrics metrics) => TypedResults.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4"));
        app.MapDeadLetters();
        return app;
    }
}
