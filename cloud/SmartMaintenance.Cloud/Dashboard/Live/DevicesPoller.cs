using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Devices;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// Pushes device state changes to open pages (topic "devices"): online / offline and acknowledgements as the edge
/// broker reports them (POST /api/v1/broker/events), provisioning, enabling and configuration pushes. It compares
/// the registry with what it saw on the previous tick, and does nothing while no page listens. On the first tick
/// after pages start listening it also sends the devices that changed in the last minute, so a change made
/// between a page's render and its subscription still reaches it.
/// </summary>
internal sealed partial class DevicesPoller(
    IDeviceStore store, DashboardFeed feed, IOptions<DashboardOptions> options, TimeProvider time,
    ILogger<DevicesPoller> logger) : BackgroundService
{
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Dictionary<string, DeviceState>? seen = null;
        using var timer = new PeriodicTimer(options.Value.LivePollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!feed.HasSubscribers(LiveTopics.Devices))
            {
                seen = null;
                continue;
            }

            try
            {
                var now = time.GetUtcNow();
                var current = (await store.ListAsync(stoppingToken)).ToDictionary(d => d.DeviceId, DeviceState.Of, StringComparer.Ordinal);
                foreach (var (id, state) in current)
                {
                    var changed = seen is null
                        ? state.ChangedAt >= now - Recent
                        : !seen.TryGetValue(id, out var before) || before != state;
                    if (changed)
                    {
                        feed.Publish(new LiveEvent(LiveTopics.Devices, JsonSerializer.Serialize(state, Json)));
                    }
                }

                seen = current;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex);
            }
        }
    }

    /// <summary>What the Devices page and the Overview show of a device; a difference is a change worth pushing.</summary>
    private sealed record DeviceState(string DeviceId, bool Online, bool Enabled, DateTimeOffset? LastSeen, long? ConfigVersion,
        long? AckVersion, bool? AckApplied, DateTimeOffset ChangedAt)
    {
        public static DeviceState Of(DeviceRecord d) => new(d.DeviceId, d.Online, d.Enabled, d.LastSeen, d.Config?.Desired.Version,
            d.Config?.AckVersion, d.Config?.AckApplied,
            new[] { d.CreatedAt, d.LastSeen ?? default, d.Config?.UpdatedAt ?? default, d.Config?.AckAt ?? default }.Max());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard live devices: reading the device registry failed; retrying on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
