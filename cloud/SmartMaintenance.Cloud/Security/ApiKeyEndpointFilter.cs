namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// Requires an API key in `x-api-key` (as the prototype's clients send it) or `Authorization: ApiKey &lt;key&gt;`.
/// Answers 401 with ProblemDetails when it is missing or unknown.
/// </summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyValidator validator) : IEndpointFilter
{
    public const string HeaderName = "x-api-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        string? key = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(key))
        {
            string? auth = request.Headers.Authorization;
            if (auth is not null && auth.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            {
                key = auth["ApiKey ".Length..].Trim();
            }
        }

        if (validator.Validate(key) is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key missing or invalid",
                detail: $"Send a valid key in the '{HeaderName}' header or as 'Authorization: ApiKey <key>'.");
        }

        return await next(context);
    }
}
