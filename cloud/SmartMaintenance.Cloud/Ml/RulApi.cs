using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// POST /api/v1/rul/predict   (read)  remaining useful life of one engine from its cycles, with an interval
/// GET  /api/v1/rul/applies   (read)  ?sensors=a,b,c: whether the RUL model applies to a machine with these sensor ids
/// GET  /api/v1/rul/machines/{deviceId}  (read)  the machine's latest estimate by the prediction agent, with its interval
/// </summary>
public static class RulApi
{
    public static IEndpointRouteBuilder MapRulApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1/rul").RequireScope(ApiScopes.Read).WithTags("ML");
        read.MapPost("/predict", PredictAsync);
        read.MapGet("/machines/{deviceId}", LatestAsync);
        read.MapGet("/applies", (string? sensors) => TypedResults.Ok(RulApplicability.For((sensors ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
        return routes;
    }

    internal static async Task<Results<Ok<MachineRul>, ProblemHttpResult>> LatestAsync(string deviceId, RulEstimateStore store, CancellationToken cancellationToken) =>
        await store.LatestAsync(deviceId, cancellationToken) is { } estimate
            ? TypedResults.Ok(estimate)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No RUL estimate",
                detail: $"no RUL estimate for '{deviceId}': the RUL model applies only to a machine reporting the C-MAPSS sensors "
                    + $"{string.Join(", ", RulApplicability.RequiredSensors)} once per cycle, and needs {RulModel.MinimumCycles} cycles.");

    internal static async Task<Results<Ok<RulResponse>, ValidationProblem, ProblemHttpResult>> PredictAsync(
        RulRequest request, RulPredictor predictor, IOptions<MlOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var version = FeatureParser.Version(request.ModelVersion);
        var errors = new Dictionary<string, string[]>();
        if (version is null) errors["model_version"] = ["model_version must be \"auto\" or a version number."];
        var cycles = request.Cycles ?? [];
        try
        {
            RulPredictor.Validate(cycles);
        }
        catch (ArgumentException e)
        {
            errors["cycles"] = [e.Message];
        }

        if (errors.Count > 0)
        {
            MlLog.RulRefused(logs.CreateLogger(typeof(RulApi)), string.Join("; ", errors.SelectMany(kv => kv.Value)));
            return TypedResults.ValidationProblem(errors, title: "The RUL request is invalid.");
        }

        var name = string.IsNullOrWhiteSpace(request.ModelName) ? options.Value.RulModelName : request.ModelName;
        try
        {
            var e = await predictor.PredictAsync(name, version!, cycles, cancellationToken);
            return TypedResults.Ok(new RulResponse(e.Rul, e.Low, e.High, e.IntervalCoverage, e.Cap, e.CyclesSeen, e.ModelName, e.ModelVersion));
        }
        catch (ModelNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found", detail: e.Message);
        }
        catch (ArtifactIntegrityException e)
        {
            MlLog.ArtifactRefused(logs.CreateLogger(typeof(RulApi)), e);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model artifact failed its integrity check", detail: e.Message);
        }
    }
}

/// <summary>{"model_name": "cmapss-rul", "model_version": "auto", "cycles": [[s1..s21], ...]} oldest cycle first.</summary>
public sealed class RulRequest
{
    [JsonPropertyName("model_name")]
    public string? ModelName { get; set; }

    [JsonPropertyName("model_version")]
    public JsonElement ModelVersion { get; set; }

    [JsonPropertyName("cycles")]
    public List<float[]>? Cycles { get; set; }
}

/// <summary>Estimate and interval in cycles; rul is capped at cap (the model's target cap).</summary>
public sealed record RulResponse(
    [property: JsonPropertyName("rul")] double Rul,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High,
    [property: JsonPropertyName("interval_coverage")] double IntervalCoverage,
    [property: JsonPropertyName("cap")] int Cap,
    [property: JsonPropertyName("cycles_seen")] int CyclesSeen,
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] int ModelVersion);
