using System.Text.Json;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Connection;

/// <summary>Wi-Fi drops seen through the board's LinkMonitor, and a plant network without NTP.</summary>
public sealed class LinkAndClockTests
{
    [Fact]
    public void LinkMonitor_AvailabilityEventSaysDown_IsDownAtOnceAndCountsTheDrop()
    {
        var clock = new FakeClock();
        var probe = new FakeProbe();
        var monitor = new LinkMonitor(clock, probe, 5000);
        monitor.Joined();
        Assert.True(monitor.IsUp);

        monitor.OnAvailabilityChanged(false);

        Assert.False(monitor.IsUp);
        Assert.Equal(1, monitor.Drops);
    }

    [Fact]
    public void LinkMonitor_AddressLostWithoutEvent_IsSeenAtTheNextPoll()
    {
        var clock = new FakeClock();
        var probe = new FakeProbe();
        var monitor = new LinkMonitor(clock, probe, 5000);
        monitor.Joined();
        probe.HasAddress = false;

        clock.Advance(4999);
        Assert.True(monitor.IsUp);   // not polled yet: the probe allocates on the board, so it is rate-limited
        clock.Advance(1);
        Assert.False(monitor.IsUp);
        Assert.Equal(1, probe.Polls);
    }

    [Fact]
    public void Tick_WifiDropsWhileOnline_SupervisorRejoinsWifiThenBroker()
    {
        var rig = new SupervisorRig();
        var probe = new FakeProbe();
        var wifi = new MonitoredLink(rig.Clock, probe);
        var supervisor = rig.WithLink(wifi);
        supervisor.Open();
        rig.Run(500, supervisor);
        Assert.Equal(SupervisorState.Online, supervisor.State);
        Assert.Equal(1, wifi.Connects);

        wifi.Monitor.OnAvailabilityChanged(false);   // the access point went away
        rig.Run(100, supervisor);
        Assert.NotEqual(SupervisorState.Online, supervisor.State);
        Assert.Equal(1, supervisor.Disconnects);

        rig.Run(20_000, supervisor);
        Assert.Equal(SupervisorState.Online, supervisor.State);
        Assert.Equal(2, wifi.Connects);
        Assert.Equal(2, rig.Transport.Opens);
    }

    [Fact]
    public void Tick_NoSntpAnswer_ConnectsAndMarksMessagesUnsynchronizedUntilTheClockIsValid()
    {
        var rig = new SupervisorRig();
        rig.Clock.IsUtcValid = false;   // SNTP never answered: the ESP32 still believes it is 1970
        rig.Supervisor.Open();
        rig.Run(500);
        rig.Sample(1);
        rig.Run(100);

        Assert.Equal(SupervisorState.Online, rig.Supervisor.State);
        var birth = JsonDocument.Parse(rig.Transport.Published.First(p => p.Topic.EndsWith("/status", StringComparison.Ordinal)).Payload).RootElement;
        Assert.Equal(0, birth.GetProperty("cv").GetInt32());
        Assert.False(birth.TryGetProperty("ts", out _));
        var unsynced = JsonDocument.Parse(rig.Transport.Published.Last(p => p.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Payload).RootElement;
        Assert.Equal(0, unsynced.GetProperty("cv").GetInt32());
        Assert.False(unsynced.TryGetProperty("ts", out _));
        Assert.True(unsynced.GetProperty("up").GetInt64() > 0);   // the cloud dates it from boot + uptime

        rig.Clock.IsUtcValid = true;   // SNTP answered later
        rig.Sample(1);
        rig.Run(100);
        var synced = JsonDocument.Parse(rig.Transport.Published.Last(p => p.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Payload).RootElement;
        Assert.Equal(1, synced.GetProperty("cv").GetInt32());
        Assert.InRange(synced.GetProperty("ts").GetInt64(), rig.Clock.UtcNowMs - 1000, rig.Clock.UtcNowMs);
    }

    [Fact]
    public void ReportSampleRate_FirstMeasure_RepublishesTheRetainedStatusWithTheRate()
    {
        var rig = new SupervisorRig();
        rig.Supervisor.Open();
        rig.Run(500);
        var before = rig.Transport.Published.Count(p => p.Topic.EndsWith("/status", StringComparison.Ordinal));

        rig.Supervisor.ReportSampleRate(97.5f);
        rig.Run(100);
        rig.Supervisor.ReportSampleRate(96f);   // within a tenth and inside the interval: no new status
        rig.Run(100);

        var statuses = rig.Transport.Published.Where(p => p.Topic.EndsWith("/status", StringComparison.Ordinal)).ToList();
        Assert.Equal(before + 1, statuses.Count);
        Assert.True(statuses[^1].Retain);
        Assert.Equal(97.5, JsonDocument.Parse(statuses[^1].Payload).RootElement.GetProperty("hz").GetDouble(), 2);
    }

    internal sealed class FakeProbe : ILinkProbe
    {
        public bool HasAddress { get; set; } = true;

        public int Polls { get; private set; }

        public bool IsNetworkAvailable() => true;

        public bool HasIpAddress()
        {
            Polls++;
            return HasAddress;
        }
    }

    /// <summary>The board's WifiLink without the radio: joins on Connect, reports through a real LinkMonitor.</summary>
    internal sealed class MonitoredLink(FakeClock clock, ILinkProbe probe) : INetworkLink
    {
        public LinkMonitor Monitor { get; } = new(clock, probe, 5000);

        public int Connects { get; private set; }

        public bool IsUp => Monitor.IsUp;

        public bool Connect(int timeoutMs)
        {
            Connects++;
            Monitor.Joined();
            return true;
        }

        public void Disconnect() => Monitor.Left();
    }
}
