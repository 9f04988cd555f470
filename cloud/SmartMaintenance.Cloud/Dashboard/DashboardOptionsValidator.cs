using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Dashboard.Display;

namespace SmartMaintenance.Cloud.Dashboard;

/// <summary>Checks every user at start and reports all problems at once (never echoing a password).</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        foreach (var (user, u) in options.Users)
        {
            var key = $"{DashboardOptions.Section}:Users:{user}";
            if (!DashboardRoles.IsKnown(u.Role))
            {
                errors.Add($"{key}:Role must be viewer, operator or admin.");
            }

            if (string.IsNullOrEmpty(u.Password) == string.IsNullOrEmpty(u.PasswordHash))
            {
                errors.Add($"{key} needs exactly one of Password (from the environment) or PasswordHash.");
            }
            else if (u.Password is { Length: < 8 })
            {
                errors.Add($"{key}:Password must be at least 8 characters.");
            }
            else if (u.PasswordHash is not null && !u.PasswordHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal))
            {
                errors.Add($"{key}:PasswordHash must be a pbkdf2-sha256$iterations$salt$hash string.");
            }
        }

        if (!PlantTime.TryFind(options.TimeZone, out _))
        {
            errors.Add($"{DashboardOptions.Section}:TimeZone '{options.TimeZone}' is not a time zone this machine knows (use an IANA id such as America/Sao_Paulo, or UTC).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
