using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Security;

public static class ApiKeyExtensions
{
    public const string CorsPolicy = "configured-origins";

    public static IServiceCollection AddCloudSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpSecurityOptions>().Bind(configuration.GetSection(HttpSecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiKeyService>();

        var origins = configuration.GetSection(HttpSecurityOptions.Section).Get<HttpSecurityOptions>()?.CorsOrigins ?? [];
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!context.Request.Path.StartsWithSegments("/api"))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var partition = context.Features.Get<PresentedApiKey>()?.Principal?.Name is { } name
                    ? "key:" + name
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    // Refill every 100 ms for a smooth rate when that is exact; otherwise once a second (a rate of
                    // 1/s used to become 1 per 100 ms, ten times the setting).
                    TokensPerPeriod = limits.PermitsPerSecond % 10 == 0 ? limits.PermitsPerSecond / 10 : limits.PermitsPerSecond,
                    ReplenishmentPeriod = limits.PermitsPerSecond % 10 == 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"The rate limit of this API key is exhausted; retry after {seconds} s.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Security headers, CORS, API key, rate limiting — in that order (limits need the key).</summary>
    public static WebApplication UseCloudSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Every endpoint of the group needs a valid key holding <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(new ApiKeyEndpointFilter(scope));
        return builder;
    }
}
