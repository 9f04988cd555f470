namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// 401 (ProblemDetails) without a valid key, 403 when the key lacks the route's scope.
/// </summary>
internal sealed class ApiKeyEndpointFilter(string scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var principal = context.HttpContext.Features.Get<PresentedApiKey>()?.Principal;
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
