using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Dashboard.Settings;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>System: health of what the cloud depends on, its configuration with secrets redacted, versions.</summary>
public sealed class SystemModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, TimeProvider time,
    IConfiguration configuration, IHostEnvironment environment, ModelRegistry registry, IArtifactStore artifacts,
    BrokerContact broker, IOptions<DashboardOptions> options, Display.PlantTime clock, PlantSettingsStore settings)
    : DashboardPage(text)
{
    private static readonly TimeSpan ArtifactCheckTimeout = TimeSpan.FromSeconds(5);
    private static readonly string[] Sections = ["Cloud", "ConnectionStrings", "Logging", "AllowedHosts", "urls", "Urls"];

    public enum BrokerState { NotReported, Ok, Silent }

    public (bool Ok, double Milliseconds, string? Error) Database { get; private set; }
    public ModelVersion? ProductionModel { get; private set; }
    public bool RegistryOk { get; private set; }
    public bool ArtifactsReachable { get; private set; }
    public BrokerState Broker { get; private set; }
    public BrokerContact BrokerContact => broker;
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Versions { get; private set; } = [];

    /// <summary>The plant time zone an admin picks (an IANA id); the form's field.</summary>
    [BindProperty] public string? TimeZone { get; set; }

    /// <summary>After a change: the zone now used, or null when the id was refused.</summary>
    public string? ZoneSaved { get; private set; }

    public string ZoneId => clock.ZoneId;
    public string ConfiguredZoneId => clock.ConfiguredZoneId;
    public IReadOnlyList<string> ZoneChoices { get; } = Display.PlantTime.KnownZoneIds();

    /// <summary>
    /// POST ?handler=TimeZone (admin): every page shows times in the chosen zone from now on; stored, so it holds
    /// after a restart. An id this machine does not know is refused next to the field and nothing changes.
    /// </summary>
    public async Task<IActionResult> OnPostTimeZoneAsync(CancellationToken cancellationToken)
    {
        if (!CanAdminister)
        {
            return NotAllowed();
        }

        var id = TimeZone?.Trim();
        if (!Display.PlantTime.TryFind(id, out _))
        {
            FieldError(nameof(TimeZone), "System.TimeZone.Unknown");
        }
        else
        {
            await settings.SetAsync(PlantSettingsStore.TimeZoneKey, id!, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!,
                time.GetUtcNow(), cancellationToken);
            clock.Use(id);
            ZoneSaved = clock.ZoneId;
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Database = await readings.ProbeAsync(time, cancellationToken);
        ArtifactsReachable = await ArtifactsReachableAsync(cancellationToken);
        try
        {
            ProductionModel = (await registry.ListAsync(null, cancellationToken)).FirstOrDefault(m => m.Stage == ModelStage.Production && m.Enabled);
            RegistryOk = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RegistryOk = false;
        }

        Broker = broker.LastContactAt is not { } contact ? BrokerState.NotReported
            : time.GetUtcNow() - contact <= options.Value.BrokerSilentAfter ? BrokerState.Ok
            : BrokerState.Silent;
        Settings = configuration.AsEnumerable()
            .Where(kv => kv.Value is not null && Sections.Any(s => kv.Key.Equals(s, StringComparison.OrdinalIgnoreCase) || kv.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
            .Select(kv => new KeyValuePair<string, string>(kv.Key, ConfigurationRedactor.Redact(kv.Key, kv.Value!)))
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var assembly = typeof(SystemModel).Assembly;
        Versions =
        [
            new("SmartMaintenance.Cloud", assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"),
            new(".NET", RuntimeInformation.FrameworkDescription),
            new("OS", RuntimeInformation.OSDescription),
            new(Text["System.Environment"], environment.EnvironmentName),
            new(Text["System.ServerTime"], clock.Format(time.GetUtcNow(), "G")),
        ];
    }

    /// <summary>The same check as /health/ready's "ml" entry, bounded so a hanging S3 endpoint cannot hold the page.</summary>
    private async Task<bool> ArtifactsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ArtifactCheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await artifacts.IsReachableAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A time as the page shows it (chosen culture, plant time zone named), or "never".</summary>
    public string When(DateTimeOffset? at) => at is { } t ? clock.Format(t, "G") : Text["Devices.Never"];
}
