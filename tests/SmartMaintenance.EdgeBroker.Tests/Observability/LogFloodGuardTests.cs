using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Observability;

/// <summary>
/// The per-client bound on repeated log lines, on a fake clock: the first line of a kind in full, then one summary
/// per window with the count left out, nothing lost from the count, memory bounded by MaxClients.
/// </summary>
public sealed class LogFloodGuardTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new();
    private readonly LogCapture _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly BrokerMetrics _metrics = new();

    public LogFloodGuardTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public void Flood_FirstLoggedThenOneSummaryPerWindow_SummariesAddUpToWhatWasLeftOut()
    {
        var guard = Guard();

        Assert.True(guard.ShouldLog(LoggedRefusal.AclDeniedPublish, "dev-1"));
        for (var i = 0; i < 99; i++)
        {
            Assert.False(guard.ShouldLog(LoggedRefusal.AclDeniedPublish, "dev-1"));
        }

        guard.Sweep();
        Assert.Empty(_logs.Lines);
        _time.Advance(Window);
        guard.Sweep();
        guard.Sweep();

        Assert.Equal("Suppressed 99 more log lines of kind AclDeniedPublish for dev-1 over the last 60 s", Summary(Assert.Single(_logs.Lines)));
        Assert.Equal(99, _metrics.LogLinesSuppressed);

        // The flood goes on: still no full line, the next window's summary counts the rest.
        Assert.False(guard.ShouldLog(LoggedRefusal.AclDeniedPublish, "dev-1"));
        _time.Advance(Window);
        guard.Sweep();
        Assert.Equal(2, _logs.Lines.Count);
        Assert.Equal(100, SuppressedInSummaries());

        // A whole window without one: forgotten, so the next is logged in full again.
        _time.Advance(Window);
        guard.Sweep();
        Assert.Equal(0, guard.Tracked);
        Assert.True(guard.ShouldLog(LoggedRefusal.AclDeniedPublish, "dev-1"));
    }

    [Fact]
    public void Kinds_AndClients_AreCountedApart()
    {
        var guard = Guard();

        Assert.True(guard.ShouldLog(LoggedRefusal.DeadLetter, "dev-1"));
        Assert.True(guard.ShouldLog(LoggedRefusal.DeadLetter, "dev-2"));
        Assert.True(guard.ShouldLog(LoggedRefusal.AclDeniedPublish, "dev-1"));
        Assert.False(guard.ShouldLog(LoggedRefusal.DeadLetter, "dev-1"));

        Assert.Equal(3, guard.Tracked);
        Assert.Equal(1, _metrics.LogLinesSuppressed);
    }

    [Fact]
    public void ManyClients_BeyondMaxClients_ShareOneEntryAndMemoryStaysBounded()
    {
        var guard = Guard(maxClients: 3);

        var logged = Enumerable.Range(0, 1000).Count(i => guard.ShouldLog(LoggedRefusal.LoginRefused, $"10.0.{i / 256}.{i % 256}"));

        // Three clients of their own, then the first of the rest in full; 996 counted under "(other clients)".
        Assert.Equal(4, logged);
        Assert.Equal(4, guard.Tracked);
        _time.Advance(Window);
        guard.Sweep();
        Assert.Equal($"Suppressed 996 more log lines of kind LoginRefused for {LogFloodGuard.OtherClients} over the last 60 s", Summary(Assert.Single(_logs.Lines)));
    }

    [Fact]
    public void Shutdown_PendingCountsAreWrittenBeforeTheWindowEnds()
    {
        var guard = Guard();
        guard.ShouldLog(LoggedRefusal.ConnectionLimit, "192.0.2.7");
        guard.ShouldLog(LoggedRefusal.ConnectionLimit, "192.0.2.7");
        _time.Advance(TimeSpan.FromSeconds(10));

        guard.Sweep(all: true);

        Assert.Equal("Suppressed 1 more log lines of kind ConnectionLimit for 192.0.2.7 over the last 10 s", Summary(Assert.Single(_logs.Lines)));
    }

    private LogFloodGuard Guard(int maxClients = 10_000) =>
        new(Options.Create(new LogFloodOptions { Window = Window, MaxClients = maxClients }), _metrics, _time, _loggers.CreateLogger<LogFloodGuard>());

    /// <summary>The summary line up to the figures (the rest explains the setting).</summary>
    private static string Summary(string line) => Regex.Match(line, "Suppressed .* over the last \\d+ s").Value;

    private long SuppressedInSummaries() =>
        _logs.Lines.Sum(line => Regex.Match(line, "Suppressed (\\d+) more") is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
}
