using System.Data.Common;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>System: health of what the cloud depends on, its configuration with secrets redacted, versions.</summary>
public sealed partial class SystemModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, TimeProvider time,
    IConfiguration configuration, IHostEnvironment environment, ModelRegistry registry) : DashboardPage(text)
{
    public const string Redacted = "••••••";
    private static readonly string[] Sections = ["Cloud", "ConnectionStrings", "Logging", "AllowedHosts", "urls", "Urls"];

    public (bool Ok, double Milliseconds, string? Error) Database { get; private set; }
    public ModelVersion? ProductionModel { get; private set; }
    public bool RegistryOk { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Versions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Database = await readings.ProbeAsync(time, cancellationToken);
        try
        {
            ProductionModel = (await registry.ListAsync(null, cancellationToken)).FirstOrDefault(m => m.Stage == ModelStage.Production && m.Enabled);
            RegistryOk = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RegistryOk = false;
        }
        Settings = configuration.AsEnumerable()
            .Where(kv => kv.Value is not null && Sections.Any(s => kv.Key.Equals(s, StringComparison.OrdinalIgnoreCase) || kv.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
            .Select(kv => new KeyValuePair<string, string>(kv.Key, Redact(kv.Key, kv.Value!)))
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var assembly = typeof(SystemModel).Assembly;
        Versions =
        [
            new("SmartMaintenance.Cloud", assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"),
            new(".NET", RuntimeInformation.FrameworkDescription),
            new("OS", RuntimeInformation.OSDescription),
            new(Text["System.Environment"], environment.EnvironmentName),
            new(Text["System.ServerTime"], time.GetUtcNow().UtcDateTime.ToString("G") + " UTC"),
        ];
    }

    /// <summary>Secrets never reach the page: whole values of secret-looking keys, passwords inside connection strings.</summary>
    public static string Redact(string key, string value)
    {
        if (SecretKey().IsMatch(key))
        {
            return Redacted;
        }

        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var builder = new DbConnectionStringBuilder { ConnectionString = value };
                foreach (var k in builder.Keys.Cast<string>().ToList())
                {
                    if (SecretKey().IsMatch(k) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase))
                    {
                        builder[k] = Redacted;
                    }
                }

                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return Redacted;
            }
        }

        return value;
    }

    [GeneratedRegex("password|secret|apikey|api_key|bootstrapkey|token|hash|credential|:key$|accesskey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
