using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>Cloud:Agents:Bus:Transport = JetStream: the NATS connection, the leases and the transport.</summary>
internal static class JetStreamRegistration
{
    public static IServiceCollection AddJetStreamTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JetStreamOptions>().Bind(configuration.GetSection(JetStreamOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JetStreamOptions>>(new ValidateJetStream());
        services.AddSingleton<JetStreamClient>();
        services.AddSingleton<JetStreamPartitionOwnership>();
        services.AddSingleton<IPartitionOwnership>(sp => sp.GetRequiredService<JetStreamPartitionOwnership>());
        services.AddSingleton<JetStreamEventTransport>();
        services.AddSingleton<IEventTransport>(sp => sp.GetRequiredService<JetStreamEventTransport>());
        return services;
    }

    private sealed class ValidateJetStream : IValidateOptions<JetStreamOptions>
    {
        public ValidateOptionsResult Validate(string? name, JetStreamOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
