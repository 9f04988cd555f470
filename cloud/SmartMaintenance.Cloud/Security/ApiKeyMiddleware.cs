namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// Reads `x-api-key` (as the prototype's clients send it) or `Authorization: ApiKey &lt;key&gt;` and, when valid,
/// attaches the <see cref="ApiKeyPrincipal"/> to the request before rate limiting, so limits apply per key.
/// Whether a route needs a key or a scope is decided by <see cref="ApiKeyEndpointFilter"/>.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public const string HeaderName = "x-api-key";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = PresentedKey(context.Request);
        if (key is not null)
        {
            context.Features.Set(new PresentedApiKey(await authenticator.AuthenticateAsync(key, context.RequestAborted)));
        }

        await next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        string? key = request.Headers[HeaderName];
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        string? auth = request.Headers.Authorization;
        return auth is not null && auth.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? auth["ApiKey ".Length..].Trim() : null;
    }
}

/// <summary>A key was presented; <see cref="Principal"/> is null when it was not valid.</summary>
internal sealed record PresentedApiKey(ApiKeyPrincipal? Principal);
