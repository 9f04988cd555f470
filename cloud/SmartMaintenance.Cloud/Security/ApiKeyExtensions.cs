namespace SmartMaintenance.Cloud.Security;

public static class ApiKeyExtensions
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>()
            .Bind(configuration.GetSection(ApiKeyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<ApiKeyEndpointFilter>();
        return services;
    }

    /// <summary>Puts the API-key check in front of every endpoint of the group.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<ApiKeyEndpointFilter>();
        return group;
    }
}
