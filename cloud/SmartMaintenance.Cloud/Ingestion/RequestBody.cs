using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IO;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Reads request bodies so every failure has a ProblemDetails answer: 415 for a wrong media type, 413 for a body
/// over the limit (after decompression), 400 with the offending field for malformed or mistyped JSON.
/// </summary>
internal static class RequestBody
{
    public static IResult? CheckMediaType(HttpRequest request, string mediaType)
    {
        var contentType = request.ContentType;
        var ok = contentType is not null &&
                 (mediaType == "application/json" ? request.HasJsonContentType() : contentType.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase));
        return ok ? null : TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type", detail: $"Send the body as {mediaType}.");
    }

    /// <summary>Lowers (or raises) the body limit of this request before anything reads it.</summary>
    public static void Limit(HttpContext context, long maxBytes)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type, long maxBytes)
    {
        if (CheckMediaType(context.Request, "application/json") is { } unsupported)
        {
            return (default, unsupported);
        }

        Limit(context, maxBytes);
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            return value is null ? (default, JsonProblem("$", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (default, JsonProblem(ex.Path, ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            return (default, TooLargeOrBad(ex));
        }
        catch (InvalidDataException ex)
        {
            return (default, Undecodable(ex));
        }
    }

    /// <summary>
    /// Pooled buffers for whole request bodies. Why a pool: a forwarded batch decompresses to 40-130 KB, and a
    /// growing MemoryStream put each of its doublings above 85 KB on the large-object heap, which only a full
    /// collection frees. The one-hour soak showed 1.6 MB/s of such garbage from here, the largest share of the
    /// cloud's large-object allocations, and the cloud's RSS rising with it (docs/performance.md, "Soak").
    /// RecyclableMemoryStream (Microsoft's pooled MemoryStream) reuses the blocks; the free pools are capped so
    /// the pool itself stays bounded.
    /// </summary>
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 64 * 1024,
        LargeBufferMultiple = 256 * 1024,
        MaximumBufferSize = 16 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 32 * 1024 * 1024,
    });

    /// <summary>
    /// The whole body in one pooled buffer, valid until the response has been sent (the buffer goes back to the
    /// pool then, through <see cref="HttpResponse.RegisterForDispose"/>): nothing may keep the memory past the request.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> ReadPooledAsync(HttpContext context, long maxBytes)
    {
        if (CheckMediaType(context.Request, "application/json") is { } unsupported)
        {
            return (default, unsupported);
        }

        Limit(context, maxBytes);
        var buffer = Buffers.GetStream("request-body");
        context.Response.RegisterForDispose(buffer);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return (new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Length)), null);
        }
        catch (BadHttpRequestException ex)
        {
            return (default, TooLargeOrBad(ex));
        }
        catch (InvalidDataException ex)
        {
            return (default, Undecodable(ex));
        }
    }

    public static IResult TooLargeOrBad(BadHttpRequestException ex) => ex.StatusCode == StatusCodes.Status413PayloadTooLarge
        ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: ex.Message)
        : TypedResults.Problem(statusCode: ex.StatusCode, title: "Bad request", detail: ex.Message);

    /// <summary>A body whose Content-Encoding does not decode (gzip that is not gzip): 400, not a server error.</summary>
    public static IResult Undecodable(InvalidDataException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body does not decode", detail: ex.Message);

    /// <summary>A 400 naming the field a JSON error happened at ("$.value" -> "value").</summary>
    public static IResult JsonProblem(string? path, string message)
    {
        var field = FieldOf(path);
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [Describe(field, message)] },
            title: "The body is not valid JSON of the expected shape.");
    }

    public static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Describe(string field, string message)
    {
        // System.Text.Json's message names CLR types; keep the first sentence and say it in the API's terms.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var detail = cut > 0 ? message[..cut] : message;
        // "could not be converted to <CLR type>" says nothing to an API client: name the field only.
        return field == "body" ? detail
            : detail.Contains("could not be converted", StringComparison.Ordinal) ? $"{field} has the wrong type or format."
            : $"{field} has the wrong type or format. {detail}";
    }
}
