using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents;
using SmartMaintenance.Cloud.Compatibility;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Observability;
using SmartMaintenance.Cloud.Query;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Hosting;

/// <summary>Service registration and the endpoint table of the cloud host, in one place.</summary>
public static class CloudHostExtensions
{
    public static WebApplicationBuilder AddCloudServices(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, CloudJsonContext.Default);
        });
        builder.Services.AddProblemDetails();
        // Brokers send gzip-compressed batches (Content-Encoding: gzip).
        builder.Services.AddRequestDecompression();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCloudSecurity(builder.Configuration);
        builder.Services.AddCloudStorage(builder.Configuration);
        builder.Services.AddCloudObservability();
        builder.Services.AddOptions<IngestionOptions>().Bind(builder.Configuration.GetSection(IngestionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SensorCatalog(sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        builder.Services.AddSingleton<DeviceClocks>();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<BrokerContact>();
        builder.Services.AddSingleton<BrokerManagedDevices>();
        builder.Services.AddMl(builder.Configuration);
        builder.AddAgents();
        builder.AddDashboard();
        return builder;
    }

    /// <summary>The request pipeline, in order, then the route table.</summary>
    public static WebApplication MapCloudEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCloudSecurity();
        app.UseCompatibilityApi();
        app.UseRouting();
        app.UseRequestDecompression();
        app.UseDashboard();

        app.MapCloudObservability();
        app.MapIngestionApi();
        app.MapReadingsApi();
        app.MapDevicesApi();
        app.MapBrokerApi();
        app.MapAdminApi();
        app.MapMlApi();
        app.MapRulApi();
        app.MapPlantLabelApi();
        app.MapAgentsApi();
        app.MapDashboard();
        return app;
    }
}
