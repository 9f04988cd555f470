using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Hosting;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Incidents;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>The agent pipeline in the cloud host: services (AddAgents) and routes (MapAgentsApi).</summary>
public static class AgentsHostExtensions
{
    /// <summary>Needs AddMl first: the prediction agent uses its production model, drift its retraining, reports its metrics.</summary>
    public static WebApplicationBuilder AddAgents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFailureModel, MlFailureModel>();
        builder.Services.AddSingleton<IRetrainRequester, MlRetrainRequester>();
        builder.Services.AddSingleton<IProductionModelInfo, MlProductionModelInfo>();
        builder.Services.AddSingleton<IDeviceDirectory, CloudDeviceDirectory>();
        builder.Services.AddAgentPipeline(builder.Configuration);
        builder.Services.AddSingleton<ReadingStorePorts>();
        builder.Services.AddSingleton<IReadingSource>(sp => sp.GetRequiredService<ReadingStorePorts>());
        builder.Services.AddSingleton<IReadingWriter>(sp => sp.GetRequiredService<ReadingStorePorts>());
        builder.Services.AddSingleton<IMachineHistory>(sp => sp.GetRequiredService<ReadingStorePorts>());
        builder.Services.AddHealthChecks().AddCheck<AcquisitionReadyCheck>("acquisition", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapAgentsApi(this WebApplication app)
    {
        app.MapOperationsApi();
        app.MapIncidentsApi();
        app.MapDemoApi();
        return app;
    }
}
