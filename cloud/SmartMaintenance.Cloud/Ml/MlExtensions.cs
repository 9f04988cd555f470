using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Plant;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml;

public static class MlExtensions
{
    public static IServiceCollection AddMl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MlOptions>()
            .Bind(configuration.GetSection(MlOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MlOptions>, MlOptionsValidator>();
        services.AddSingleton<MlState>();
        services.AddSingleton<MlDataSource>();
        services.AddSingleton<IArtifactStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<MlOptions>>().Value;
            return o.ArtifactStore == "s3"
                ? new S3ArtifactStore(o.S3)
                : new FolderArtifactStore(Path.Combine(RegistryFolder(o, configuration), "artifacts"));
        });
        services.AddSingleton<IModelRegistryStore>(sp =>
            new FileModelRegistryStore(Path.Combine(RegistryFolder(sp.GetRequiredService<IOptions<MlOptions>>().Value, configuration), "registry.json")));
        services.AddSingleton(sp => new ModelRegistry(sp.GetRequiredService<IModelRegistryStore>(), sp.GetRequiredService<IArtifactStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RetrainingService(sp.GetRequiredService<ModelRegistry>(), sp.GetRequiredService<IOptions<MlOptions>>().Value.Retraining, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RetrainJobs>();
        services.AddSingleton<FailurePredictor>();
        services.AddSingleton<IFailurePredictor>(sp => sp.GetRequiredService<FailurePredictor>());
        services.AddHostedService<BaselineTrainingService>();
        services.AddSingleton<RulPredictor>();
        services.AddSingleton<CmapssSamples>();
        // The plant's labels beside the registry; incident resolution and order completion record through IPlantLabelSink.
        services.AddSingleton(sp => new FilePlantLabelStore(Path.Combine(RegistryFolder(sp.GetRequiredService<IOptions<MlOptions>>().Value, configuration), "plant-labels.json")));
        services.AddSingleton<IPlantLabelSink>(sp => sp.GetRequiredService<FilePlantLabelStore>());
        services.AddSingleton<PlantWindow>();
        // Each turbofan's latest RUL estimate beside the registry; the prediction agent estimates through IRulEstimator.
        services.AddSingleton(sp => new RulEstimateStore(Path.Combine(RegistryFolder(sp.GetRequiredService<IOptions<MlOptions>>().Value, configuration), "rul-estimates.json")));
        services.AddSingleton<RulEstimator>();
        services.AddSingleton<SmartMaintenance.Cloud.Agents.Prediction.IRulEstimator>(sp => sp.GetRequiredService<RulEstimator>());
        services.AddSingleton<SmartMaintenance.Cloud.Agents.Incidents.IPlantFindingRecorder, PlantFindingRecorder>();
        services.AddHostedService<RulTrainingService>();
        services.AddHostedService<PlantRetrainSchedule>();
        services.AddHealthChecks().AddCheck<MlReadyCheck>("ml", tags: ["ready"]);
        return services;
    }

    /// <summary>RegistryPath, or an "ml" folder beside the embedded database, so each cloud instance has its own.</summary>
    internal static string RegistryFolder(MlOptions o, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(o.RegistryPath))
        {
            return Path.GetFullPath(o.RegistryPath, AppContext.BaseDirectory);
        }

        var sqlite = configuration["Cloud:Storage:SqlitePath"];
        var dbFolder = string.IsNullOrWhiteSpace(sqlite) ? "data" : Path.GetDirectoryName(sqlite) ?? "data";
        return Path.GetFullPath(Path.Combine(dbFolder, "ml"), AppContext.BaseDirectory);
    }

    /// <summary>Collects every Cloud:Ml error into one start-up failure message.</summary>
    private sealed class MlOptionsValidator : IValidateOptions<MlOptions>
    {
        public ValidateOptionsResult Validate(string? name, MlOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
