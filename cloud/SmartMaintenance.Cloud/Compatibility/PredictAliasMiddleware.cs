using System.Text.Json;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// POST /api/v1/ml/predict naming one of the documents' models goes to the compatible handler
/// (<see cref="PredictCompatibilityApi.Route"/>); every other predict request, and every other route, is left alone.
/// The two share one path, so the choice is made by the body, before routing: the body is buffered in memory and
/// rewound for whichever handler reads it. Only a body with a Content-Length of at most 64 KiB is looked at (a
/// prediction request is a few hundred bytes); anything else, or a body that is not JSON, goes on unchanged and the
/// product's route answers it as before.
/// </summary>
internal sealed class PredictAliasMiddleware(RequestDelegate next)
{
    private const int MaxPeekBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/v1/ml/predict", StringComparison.OrdinalIgnoreCase)
            && request.ContentLength is > 0 and <= MaxPeekBytes
            && await NamesDocumentModelAsync(request, context.RequestAborted))
        {
            request.Path = PredictCompatibilityApi.Route;
        }

        await next(context);
    }

    private static async Task<bool> NamesDocumentModelAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering(bufferThreshold: MaxPeekBytes, bufferLimit: MaxPeekBytes);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("model_name", out var name)
                && name.ValueKind == JsonValueKind.String
                && DocumentModels.IsDocumentName(name.GetString());
        }
        catch (Exception e) when (e is JsonException or IOException or BadHttpRequestException)
        {
            // Not ours to judge: the product's route reports it.
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
