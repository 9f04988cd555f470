using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Hosting;

/// <summary>Builds the broker host: services first, then the small HTTP surface (health, metrics).</summary>
public static class EdgeBrokerApplication
{
    public static WebApplication Build(string[] args)
    {
        // Content root = the program folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddDeviceRegistry(builder.Configuration);
        builder.Services.AddIngress();
        builder.Services.AddCloudForwarding(builder.Configuration);
        builder.Services.AddMqttBroker(builder.Configuration);

        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/metrics", (BrokerMetrics metrics) => TypedResults.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4"));
        return app;
    }
}
