using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

public static class CloudForwardingExtensions
{
    public static IServiceCollection AddCloudForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CloudForwarderOptions>()
            .Bind(configuration.GetSection(CloudForwarderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DurableOutbox>();
        services.AddSingleton<CloudLink>();
        services.AddSingleton<CloudEndpoints>();
        // The retry jitter's randomness; tests register their own Backoff to make it predictable.
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CloudForwarderOptions>>().Value;
            return new Backoff(o.BaseRetryDelay, o.MaxRetryDelay, new Random());
        });
        services.AddHttpClient("cloud", (sp, client) =>
        {
            // Registry sync and device events use the first instance; batches pick theirs per attempt (CloudEndpoints).
            client.BaseAddress = sp.GetRequiredService<IOptions<CloudForwarderOptions>>().Value.EffectiveBaseUrls()[0];
            // Per-request timeouts come from RequestTimeout; this one only guards against a hung connection.
            client.Timeout = TimeSpan.FromMinutes(5);
        });
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BatchSender>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("cloud")));
        services.AddSingleton<CloudForwarder>();
        services.AddHostedService(sp => sp.GetRequiredService<CloudForwarder>());
        return services;
    }
}
