using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Ml.Training;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// POST /api/v1/ml/predict[?explain=true]                        (read)  calibrated failure probability, modes, explanation on request
/// GET  /api/v1/ml/models                                        (read)  every version + ML status
/// GET  /api/v1/ml/models/{name}/versions                        (read)
/// GET  /api/v1/ml/decisions                                     (read)  champion/challenger decisions
/// POST /api/v1/ml/models/{name}/versions/{version}/promote      (admin)
/// POST /api/v1/ml/models/{name}/versions/{version}/enable|disable (admin)
/// POST /api/v1/ml/retrain[?profile=full|fast|plant]            (admin) 202 + job: train a challenger, promote if it wins
///                                                               (plant: on AI4I + the plant's labels, judged on held-out plant labels)
/// GET  /api/v1/ml/retrain/jobs                                  (read)  the last retraining jobs, newest first
/// GET  /api/v1/ml/retrain/jobs/{id}                             (read)  one job: state, progress, decision
/// </summary>
public static class MlApi
{
    public static IEndpointRouteBuilder MapMlApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1/ml").RequireScope(ApiScopes.Read).WithTags("ML");
        read.MapPost("/predict", PredictAsync);
        read.MapGet("/models", ListAsync);
        read.MapGet("/models/{name}/versions", VersionsAsync);
        read.MapGet("/decisions", DecisionsAsync);
        read.MapGet("/retrain/jobs", (RetrainJobs jobs) => TypedResults.Ok(jobs.List()));
        read.MapGet("/retrain/jobs/{id}", Job);

        var admin = routes.MapGroup("/api/v1/ml").RequireScope(ApiScopes.Admin).WithTags("ML");
        admin.MapPost("/models/{name}/versions/{version:int}/promote", PromoteAsync);
        admin.MapPost("/models/{name}/versions/{version:int}/enable", (string name, int version, ModelRegistry r, CancellationToken ct) => SetEnabledAsync(name, version, true, r, ct));
        admin.MapPost("/models/{name}/versions/{version:int}/disable", (string name, int version, ModelRegistry r, CancellationToken ct) => SetEnabledAsync(name, version, false, r, ct));
        admin.MapPost("/retrain", Retrain);
        return routes;
    }

    internal static async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> PredictAsync(
        PredictRequest request, bool? explain, IFailurePredictor predictor, IOptions<MlOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var reading = FeatureParser.Parse(request.Features, errors);
        var version = FeatureParser.Version(request.ModelVersion);
        if (version is null)
        {
            errors["model_version"] = ["model_version must be \"auto\" or a version number."];
        }

        if (reading is null || version is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The prediction request is invalid.");
        }

        var name = string.IsNullOrWhiteSpace(request.ModelName) ? options.Value.ModelName : request.ModelName;
        try
        {
            var p = await predictor.PredictAsync(name, version, reading, explain ?? false, cancellationToken);
            return TypedResults.Ok(new PredictResponse(p.Prediction, p.FailureProbability, p.Threshold, p.FailureModeProbabilities,
                p.TopContributions.Select(ContributionDto.Of).ToList(),
                p.ModelName, p.ModelVersion, p.LatencyMs)
            {
                Calibrated = p.Calibrated,
                Explanation = p.Explanation is { } e
                    ? new ExplanationDto(e.Space, e.BaseValue, e.Output, e.Probability, e.Contributions.Select(ContributionDto.Of).ToList())
                    : null,
            });
        }
        catch (ModelNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: e.Message);
        }
        catch (ArtifactIntegrityException e)
        {
            MlLog.ArtifactRefused(logs.CreateLogger(typeof(MlApi)), e);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model artifact failed its integrity check", detail: e.Message);
        }
    }

    internal static async Task<Ok<ModelsResponse>> ListAsync(ModelRegistry registry, MlState state, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ModelsResponse(state.Status, await registry.ListAsync(null, cancellationToken)));

    internal static async Task<Results<Ok<IReadOnlyList<ModelVersion>>, ProblemHttpResult>> VersionsAsync(string name, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var versions = await registry.ListAsync(name, cancellationToken);
        return versions.Count == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: $"no model named '{name}'.")
            : TypedResults.Ok(versions);
    }

    internal static async Task<Ok<IReadOnlyList<RetrainDecision>>> DecisionsAsync(ModelRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.DecisionsAsync(cancellationToken));

    internal static async Task<Results<Ok<ModelVersion>, ProblemHttpResult>> PromoteAsync(
        string name, int version, ModelRegistry registry, FailurePredictor predictor, RulPredictor rul, IOptions<MlOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            var target = (await registry.ListAsync(name, cancellationToken)).FirstOrDefault(v => v.Version == version)
                ?? throw new ModelNotFoundException($"model '{name}' has no version {version}.");
            // Load and verify before switching, so "auto" never points at a model that cannot serve.
            if (target.Name == options.Value.RulModelName) await rul.WarmAsync(target, cancellationToken);
            else await predictor.WarmAsync(target, cancellationToken);
            return TypedResults.Ok(await registry.PromoteAsync(name, version, cancellationToken));
        }
        catch (ModelNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: e.Message);
        }
        catch (ModelLifecycleException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Promotion refused", detail: e.Message);
        }
        catch (ArtifactIntegrityException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Model artifact failed its integrity check", detail: e.Message);
        }
    }

    private static async Task<Results<Ok<ModelVersion>, ProblemHttpResult>> SetEnabledAsync(
        string name, int version, bool enabled, ModelRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await registry.SetEnabledAsync(name, version, enabled, cancellationToken));
        }
        catch (ModelNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: e.Message);
        }
    }

    /// <summary>
    /// Starts a retraining in the background and answers 202 with the job (Location: its status route). Profile
    /// full (default) is the train command's candidate search, fast the first-start baseline alone. 409 with the
    /// running job while one runs.
    /// </summary>
    internal static Results<Accepted<RetrainJob>, ValidationProblem, ProblemHttpResult> Retrain(
        RetrainRequest? request, string? profile, RetrainJobs jobs, IOptions<MlOptions> options)
    {
        if (profile is not null && !RetrainJobs.IsKnownProfile(profile))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["profile"] = ["profile must be fast, full (default) or plant."] });
        }

        var name = string.IsNullOrWhiteSpace(request?.ModelName) ? options.Value.ModelName : request.ModelName;
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "requested through the API" : request.Reason;
        if (!jobs.TryStart(name, profile ?? TrainingProfiles.FullName, reason, out var job))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A retraining is running",
                detail: $"retraining job {job.Id} ({job.ModelName}, {job.Profile}) is running; see /api/v1/ml/retrain/jobs/{job.Id}.",
                extensions: new Dictionary<string, object?> { ["job_id"] = job.Id });
        }

        return TypedResults.Accepted($"/api/v1/ml/retrain/jobs/{job.Id}", job);
    }

    internal static Results<Ok<RetrainJob>, ProblemHttpResult> Job(string id, RetrainJobs jobs) =>
        jobs.Find(id) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Retraining job not found",
                detail: $"no retraining job '{id}' (jobs are kept in memory, the last 20).");
}

public sealed record ModelsResponse(string Status, IReadOnlyList<ModelVersion> Versions);
