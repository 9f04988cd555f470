using System.Globalization;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// 401 (ProblemDetails) without a valid key, 403 when the key lacks the route's scope, 503 with Retry-After when the
/// key could not be checked because the key store was unreachable (ApiKeyLookupFailures).
/// </summary>
internal sealed class ApiKeyEndpointFilter(string scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Features.Get<PresentedApiKey>();
        if (presented is { LookupFailed: true })
        {
            var seconds = (int)Math.Ceiling(context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.RetryAfterUnavailable.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "API key could not be checked",
                detail: $"The key store is unreachable right now; the key was neither accepted nor refused. Retry after {seconds} s.");
        }

        var principal = presented?.Principal;
        if (principal is null)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key missing or invalid",
                detail: $"Send a valid key in the '{ApiKeyMiddleware.HeaderName}' header or as 'Authorization: ApiKey <key>'.");
        }

        if (!principal.Has(scope))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "API key lacks a scope",
                detail: $"This operation needs the '{scope}' scope; the key '{principal.Name}' has: {string.Join(", ", principal.Scopes.Order())}.");
        }

        return await next(context);
    }
}
