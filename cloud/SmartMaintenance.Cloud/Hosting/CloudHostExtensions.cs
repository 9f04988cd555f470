using Microsoft.AspNetCore.Http.Json;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Ingestion;
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
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
        builder.Services.AddProblemDetails();
        // Brokers send gzip-compressed batches (Content-Encoding: gzip).
        builder.Services.AddRequestDecompression();
        builder.Services.AddApiKeys(builder.Configuration);
        builder.Services.AddReadingStorage(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestMetrics>();
        builder.AddDashboard();
        return builder;
    }

    public static WebApplication MapCloudEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestDecompression();
        app.UseDashboard();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "live" }));
        app.MapIngestionApi();
        app.MapReadingsApi();
        app.MapDashboard();
        return app;
    }
}
