namespace SmartMaintenance.Cloud.Ml;

internal static partial class MlLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "ML: registry has no production version of {ModelName}; training the baseline in the background")]
    public static partial void TrainingBaseline(ILogger logger, string modelName);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "ML training: {Step}")]
    public static partial void Progress(ILogger logger, string step);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "ML: {ModelName} version {Version} is production (F1 {F1:F3}, ROC-AUC {RocAuc:F3}) after {Seconds:F1} s")]
    public static partial void BaselineReady(ILogger logger, string modelName, int version, double f1, double rocAuc, double seconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "ML: baseline training failed")]
    public static partial void BaselineFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "ML retrain of {ModelName} ({Reason}): promoted={Promoted}; {Explanation}")]
    public static partial void RetrainDecided(ILogger logger, string modelName, string reason, bool promoted, string explanation);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "ML: model artifact refused")]
    public static partial void ArtifactRefused(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "ML: retraining job {JobId} failed")]
    public static partial void RetrainFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "ML: baseline not promoted ({Explanation}) after {Seconds:F1} s")]
    public static partial void BaselineNotPromoted(ILogger logger, string explanation, double seconds);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "ML: RUL model {ModelName} version {Version} is production (test RMSE {Rmse:F2} cycles) after {Seconds:F1} s")]
    public static partial void RulReady(ILogger logger, string modelName, int version, double rmse, double seconds);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "ML: RUL model training failed")]
    public static partial void RulFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "ML: RUL request refused: {Reason}")]
    public static partial void RulRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "ML: plant label refused: {Reason}")]
    public static partial void PlantLabelRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning, Message = "ML: production version {Version} of {ModelName} was trained on another feature schema (an earlier release); training this release's baseline")]
    public static partial void OutdatedSchema(ILogger logger, string modelName, int version);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "ML: plant label {LabelId} recorded ({Finding}, {Rows} readings of {DeviceId}) by {Operator}")]
    public static partial void PlantLabelRecorded(ILogger logger, string labelId, string finding, int rows, string deviceId, string @operator);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Information, Message = "ML: scheduled plant retraining of {ModelName}: job {JobId} started (every {Interval})")]
    public static partial void PlantScheduleStarted(ILogger logger, string modelName, string jobId, TimeSpan interval);

    [LoggerMessage(EventId = 6017, Level = LogLevel.Warning, Message = "ML: scheduled plant retraining of {ModelName} skipped: job {JobId} ({Profile}) is running; next in {Interval}")]
    public static partial void PlantScheduleSkipped(ILogger logger, string modelName, string jobId, string profile, TimeSpan interval);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning, Message = "ML: finding {Finding} on incident {IncidentId} did not become a training label: {Reason}")]
    public static partial void PlantFindingNotLabelled(ILogger logger, string finding, long incidentId, string reason);
}
