using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Bus.JetStream;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Agents.Pipeline;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Agents.Simulation;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Hosting;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the bus, the twelve agents, their stores and options. The caller provides IReadingSource and
    /// IReadingWriter (ports to the reading store), and may provide IMachineHistory (the anomaly agent's rebuild); IFailureModel, IRetrainRequester and the reports' IDeviceDirectory and
    /// IProductionModelInfo registered before this call replace the defaults.
    /// Storage: ConnectionStrings:Postgres, else the SQLite file at Cloud:Storage:SqlitePath (the cloud's own settings).
    /// </summary>
    public static IServiceCollection AddAgentPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        Bind<EventBusOptions>(services, configuration, EventBusOptions.Section, o => o.InitialBackoff > TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff,
            "Cloud:Agents:Bus: InitialBackoff must be positive and MaxBackoff at least InitialBackoff.");
        BindCollecting<AcquisitionOptions>(services, configuration, AcquisitionOptions.Section, o => o.Validate());
        BindCollecting<ValidationOptions>(services, configuration, ValidationOptions.Section, o => o.Validate());
        BindCollecting<AnomalyOptions>(services, configuration, AnomalyOptions.Section, o => o.Validate());
        BindCollecting<KnowledgeOptions>(services, configuration, KnowledgeOptions.Section, o => o.Validate());
        BindCollecting<DriftOptions>(services, configuration, DriftOptions.Section, o => o.Validate());
        BindCollecting<PredictionOptions>(services, configuration, PredictionOptions.Section, o => o.Validate());
        BindCollecting<SchedulingOptions>(services, configuration, SchedulingOptions.Section, o => o.Validate());
        BindCollecting<NotificationOptions>(services, configuration, NotificationOptions.Section, o => o.Validate());
        Bind<ReportingOptions>(services, configuration, ReportingOptions.Section, o => o.Interval >= TimeSpan.Zero,
            "Cloud:Agents:Reporting:Interval must not be negative.");
        Bind<OrchestratorOptions>(services, configuration, OrchestratorOptions.Section,
            o => o.StageTimeout > TimeSpan.Zero && o.BaselineReadings >= 0 && o.MaxEvents > 0 && o.RunsKept > 0,
            "Cloud:Agents:Orchestrator: StageTimeout, MaxEvents and RunsKept must be positive, BaselineReadings not negative.");

        // Storage: the cloud's engine choice, the agents' own tables and migrations.
        services.AddSingleton(sp =>
        {
            var postgres = configuration.GetConnectionString("Postgres");
            return string.IsNullOrWhiteSpace(postgres)
                ? AgentDatabase.ForSqlite(configuration["Cloud:Storage:SqlitePath"] is { Length: > 0 } path ? path : "data/smartmaintenance.db")
                : AgentDatabase.ForPostgres(postgres, configuration.GetValue(PostgresPoolSize.Key, PostgresPoolSize.Default));
        });
        services.AddSingleton<AgentMigrator>();
        services.AddHostedService<AgentMigrationService>();
        services.AddSingleton<IDeadLetterStore, DbDeadLetterStore>();
        services.AddSingleton<ICursorStore, DbCursorStore>();
        services.AddSingleton<IAnomalyStore, DbAnomalyStore>();
        services.AddSingleton<IIncidentStore, DbIncidentStore>();
        services.AddSingleton<IPredictionStore, DbPredictionStore>();
        services.AddSingleton<IMaintenanceOrderStore, DbMaintenanceOrderStore>();
        services.AddSingleton<IDecisionStore, DbDecisionStore>();
        services.AddSingleton<IRequestDecisionStore, DbRequestDecisionStore>();
        services.AddSingleton<RequestDecisionService>();
        services.AddSingleton<INotificationStore, DbNotificationStore>();
        services.AddSingleton<IKnowledgeBase, DbKnowledgeBase>();
        services.AddSingleton<IReportStore, DbReportStore>();

        // Bus (agent 11, the metrics collector, is inside it).
        services.AddSingleton(AgentPipeline.Define());
        if (string.Equals(configuration[$"{EventBusOptions.Section}:Transport"], EventBusOptions.JetStreamTransport, StringComparison.OrdinalIgnoreCase))
        {
            services.AddJetStreamTransport(configuration); // several instances share the pipeline (Bus/JetStream)
        }

        services.TryAddSingleton<IEventTransport, ChannelEventTransport>();
        services.TryAddSingleton<IPartitionOwnership, LocalPartitionOwnership>();
        services.AddSingleton<IEventBus, EventBus>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<DeadLetterReplayer>();
        services.AddSingleton<AgentMetrics>();

        // Agents, in data-flow order.
        services.AddSingleton<AcquisitionSignal>();
        // One reader of new readings: an advisory-lock lease on PostgreSQL (several instances), always held on SQLite.
        services.AddSingleton<IAcquisitionLease>(sp => sp.GetRequiredService<AgentDatabase>().Engine == AgentDbEngine.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresAcquisitionLease>(sp)
            : new LocalAcquisitionLease(sp.GetRequiredService<ICursorStore>()));
        services.AddSingleton<DataAcquisitionAgent>();
        services.AddSingleton<ValidationAgent>();
        services.TryAddSingleton<IMachineHistory, NoMachineHistory>();
        services.AddSingleton<AnomalyDetectionAgent>();
        services.AddSingleton<IMachineResets>(sp => sp.GetRequiredService<AnomalyDetectionAgent>());
        services.AddSingleton<IncidentService>();
        services.AddSingleton<DriftDetectionAgent>();
        services.TryAddSingleton<IRetrainRequester, RecordingRetrainRequester>();
        services.AddSingleton<PredictionAgent>();
        services.TryAddSingleton<IFailureModel, NoFailureModel>();
        services.TryAddSingleton<IPlantFindingRecorder, NoPlantFindingRecorder>();
        services.TryAddSingleton<IRulEstimator, NoRulEstimator>();
        services.AddSingleton<SchedulingAgent>();
        services.AddHttpClient(WebhookChannel.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<DashboardFeed>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<INotificationChannel>(sp => sp.GetRequiredService<DashboardFeed>());
        services.AddSingleton<NotificationAgent>();
        services.AddSingleton<ReportService>();
        services.TryAddSingleton<IDeviceDirectory, NoDeviceDirectory>();
        services.TryAddSingleton<IProductionModelInfo, NoProductionModelInfo>();
        services.AddSingleton<LearningAgent>();
        services.AddSingleton<DecisionService>();
        services.AddSingleton<OrderCompletionService>();
        services.AddSingleton<GoldenPathOrchestrator>();
        services.AddSingleton<GoldenPathTracker>();
        services.AddSingleton<Simulator>();
        services.TryAddSingleton<IDemoSite, NoDemoSite>();

        // Hosted: migrations first (registered above), then the bus consumers, then acquisition and the report schedule.
        // The agents' memory follows their partitions (dropped when one moves); listening before the bus starts.
        services.AddHostedService<PartitionStateRelease>();
        services.AddHostedService<EventBusService>();
        services.AddHostedService(sp => sp.GetRequiredService<DataAcquisitionAgent>());
        services.AddHostedService<ScheduledReporter>();
        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, bool> valid, string message)
        where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().Validate(valid, message).ValidateOnStart();

    private static void BindCollecting<T>(IServiceCollection services, IConfiguration configuration, string section,
        Func<T, IEnumerable<string>> validate) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new CollectingValidator<T>(validate));
    }

    /// <summary>Reports every problem of an options object at once (not only the first).</summary>
    private sealed class CollectingValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
