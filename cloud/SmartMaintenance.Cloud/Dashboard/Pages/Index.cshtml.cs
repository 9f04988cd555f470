using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Resources;
using NotificationFeed = SmartMaintenance.Cloud.Agents.Notification.DashboardFeed;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Overview: is the plant talking to us (fleet online, live readings), what needs attention (alerts, the
/// notification agent's latest messages, maintenance). The fleet and alert cards re-render when the server pushes
/// a device or alert change.
/// </summary>
public sealed class IndexModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, IAnomalyStore anomalies, IIncidentStore incidents,
    IMaintenanceOrderStore orders, IDeviceStore devices, NotificationFeed notifications, TimeProvider time) : DashboardPage(text)
{
    private const int NotificationsShown = 5;
    private const int UpcomingShown = 5;

    /// <summary>Rows of the latest readings table (the live script keeps the same number).</summary>
    public const int ReadingsShown = 15;

    public bool DatabaseOk { get; private set; }
    public double DatabaseMs { get; private set; }
    public int DevicesOnline { get; private set; }
    public int DevicesTotal { get; private set; }
    public IReadOnlyList<StoredAnomaly> RecentAlerts { get; private set; } = [];

    /// <summary>Machine incidents not yet resolved by a person: the queue someone has to work through.</summary>
    public long OpenIncidents { get; private set; }
    public IReadOnlyList<MaintenanceOrder> Upcoming { get; private set; } = [];

    /// <summary>
    /// The newest readings (demo site's left out while hidden), written by the server so the table is not empty until
    /// the next reading arrives and a reload shows the rows the stream added, in the same words.
    /// </summary>
    public IReadOnlyList<SmartMaintenance.Contracts.StoredReading> LatestReadings { get; private set; } = [];

    /// <summary>Newest first, from the notification agent's dashboard channel (in memory, the last 200).</summary>
    public IReadOnlyList<NotificationMessage> Notifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Notifications = notifications.Recent().Take(NotificationsShown).ToList();
        (DatabaseOk, DatabaseMs, _) = await readings.ProbeAsync(time, cancellationToken);
        if (!DatabaseOk)
        {
            return;
        }

        var now = time.GetUtcNow();
        var hidden = await HiddenDevicesAsync(cancellationToken);
        (LatestReadings, _) = await readings.NewestAsync(new ReadingFilter(null, null, null, null, null, hidden.Count > 0 ? hidden : null),
            now, ReadingsShown, cancellationToken);
        var registry = (await devices.ListAsync(cancellationToken)).Where(d => d.Enabled && !hidden.Contains(d.DeviceId)).ToList();
        DevicesTotal = registry.Count;
        DevicesOnline = registry.Count(d => d.Online);
        RecentAlerts = (await anomalies.ListAsync(now.AddDays(-1), now.AddMinutes(5), 100 + (hidden.Count > 0 ? 400 : 0), cancellationToken))
            .Where(a => !hidden.Contains(a.DeviceId)).OrderByDescending(a => a.DetectedAt).Take(100).ToList();
        // A machine has at most one unresolved incident, so listing them to leave the demo site's out stays small.
        OpenIncidents = hidden.Count == 0
            ? await incidents.CountUnresolvedAsync(cancellationToken)
            : (await incidents.ListAsync(new IncidentFilter(UnresolvedOnly: true, Limit: 10_000), cancellationToken)).Items
                .LongCount(i => !hidden.Contains(i.DeviceId));
        // By slot, not by creation: an order created yesterday for tomorrow is upcoming (issue 15: filtering on
        // created_at >= now left this card always empty).
        Upcoming = (await orders.UpcomingAsync(now, null, UpcomingShown + (hidden.Count > 0 ? 200 : 0), cancellationToken))
            .Where(o => !hidden.Contains(o.DeviceId)).Take(UpcomingShown).ToList();
    }

    /// <summary>The notification's kind in the chosen language (anomaly, maintenance, drift); an unknown kind as sent.</summary>
    public string KindLabel(string kind) => Text["Index.NotificationKind." + kind] is { ResourceNotFound: false } label ? label : kind;
}
