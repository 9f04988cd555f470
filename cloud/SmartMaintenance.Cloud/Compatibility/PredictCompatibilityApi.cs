using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// The documents' prediction: model "ai4i_classifier_randomforest_baseline" (or "auto") is the product's failure
/// model, and "prediction" is a list (one entry per feature row, the documents send one row). The product's own
/// fields come along, plus model_info saying which model answered for which name. Reached through
/// <see cref="PredictAliasMiddleware"/>; the product's POST /api/v1/ml/predict answers every other name as before.
/// </summary>
internal static class PredictCompatibilityApi
{
    public const string Route = "/api/v1/compat/ml/predict";

    public static void MapPredictCompatibility(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, PredictAsync).RequireScope(ApiScopes.Read).WithTags("Compatibility").ExcludeFromDescription();

    private static async Task<IResult> PredictAsync(PredictRequest request, IFailurePredictor predictor, IOptions<MlOptions> options,
        ILoggerFactory logs, TimeProvider time, CancellationToken ct)
    {
        var requested = request.ModelName ?? "";
        if (DocumentModels.NotServed.Contains(requested))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not found",
                detail: $"'{requested}' is a model of the earlier prototype that this product does not have. The failure model is "
                    + $"'{options.Value.ModelName}' (also answered for 'ai4i_classifier_randomforest_baseline'); anomalies are "
                    + "detected by the agents on every stored reading (GET /api/v1/anomalies).");
        }

        var served = new PredictRequest { ModelName = options.Value.ModelName, ModelVersion = request.ModelVersion, Features = request.Features };
        var answer = (await MlApi.PredictAsync(served, null, predictor, options, logs, ct)).Result;
        if (answer is not Ok<PredictResponse> { Value: { } p })
        {
            return answer;
        }

        return TypedResults.Ok(new
        {
            prediction = new[] { p.Prediction },
            failure_probability = new[] { p.FailureProbability },
            confidence = new[] { Math.Max(p.FailureProbability, 1 - p.FailureProbability) },
            threshold = p.Threshold,
            failure_mode_probabilities = p.FailureModeProbabilities,
            top_contributions = p.TopContributions,
            model_name = p.ModelName,
            model_version = p.ModelVersion,
            model_info = new
            {
                requested_name = requested,
                requested_version = request.ModelVersion.ValueKind == JsonValueKind.Undefined ? "auto" : request.ModelVersion.ToString(),
                name = p.ModelName,
                version = p.ModelVersion,
                note = $"'{requested}' is answered by this product's failure model '{p.ModelName}' (AI4I 2020, the same five features).",
            },
            latency_ms = p.LatencyMs,
            timestamp = time.GetUtcNow(),
        });
    }
}
