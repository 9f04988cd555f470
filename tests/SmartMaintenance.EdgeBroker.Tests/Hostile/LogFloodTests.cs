using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MQTTnet;
using MQTTnet.Formatter;
using SmartMaintenance.EdgeBroker.Mqtt.Limits;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13: a client that repeats a refused action cannot flood the broker's log (Broker:LogFlood). Real clients
/// (MQTTnet, raw sockets) against the real broker host: every refusal still gets its reason code and is counted,
/// the log holds the client's first line of each kind and then one summary per window whose counts add up to the
/// refusals.
/// </summary>
public sealed class LogFloodTests : BrokerUnderAttack
{
    private const int Publishes = 500;

    [Fact]
    public async Task DeniedPublishes_EachRefusedAndCountedOneLogLine()
    {
        await Broker.StartInProcessAsync(Cloud.Url);
        using var client = await Broker.ConnectAsync("dev-1");

        for (var i = 0; i < Publishes; i++)
        {
            var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-2"), BrokerFixture.Reading("dev-1", i + 1)));
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        }

        Assert.True(client.IsConnected);
        Assert.Equal(Publishes, Broker.Metrics.AclDenied);
        Assert.Single(Logs.Lines, line => line.Contains("ACL denied device dev-1 publishing to sm/v1/plant-1/dev-2/telemetry", StringComparison.Ordinal));
        Assert.Equal(Publishes - 1, Broker.Metrics.LogLinesSuppressed);
        Assert.Contains($"sm_broker_log_lines_suppressed_total {Publishes - 1}\n", Broker.Metrics.ToPrometheusText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidTelemetryFlood_ShortWindow_LinesStayBoundedAndTheirCountsAddUpToEveryDeadLetter()
    {
        var window = TimeSpan.FromSeconds(1);
        var clock = Stopwatch.StartNew();
        await Broker.StartInProcessAsync(Cloud.Url, "--Broker:LogFlood:Window=00:00:01");
        using var client = await Broker.ConnectAsync("dev-1");

        for (var i = 0; i < Publishes; i++)
        {
            var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), "{\"v\":1,\"not\":\"a reading\"}"));
            Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        }

        Assert.Equal(Publishes, Broker.Metrics.DeadLetters);
        // Nothing disappears: the full lines plus what the summaries say they left out is every dead letter.
        await Eventually.WaitForAsync(() => Task.FromResult(Logged("Dead letter from dev-1", "DeadLetter", "dev-1")), n => n == Publishes,
            TimeSpan.FromSeconds(30), "the summaries to account for every dead letter");
        // At most one full line and one summary per window since the broker started (500 without the bound).
        var lines = Logs.Lines.Count(line => line.Contains("Dead letter from dev-1", StringComparison.Ordinal) || line.Contains("kind DeadLetter for dev-1", StringComparison.Ordinal));
        var bound = 2 * ((int)(clock.Elapsed / window) + 1);
        Assert.True(lines <= bound, $"{lines} log lines for {Publishes} dead letters in {clock.Elapsed.TotalSeconds:F1} s (bound {bound})");
    }

    [Fact]
    public async Task WrongSecretsAndOversizedPackets_FromOneAddress_OneLineEachEveryOneCounted()
    {
        const int WrongLogins = 8; // under the failed-login budgets (10 per device, 20 per address a minute)
        const int Oversized = 20;
        await Broker.StartInProcessAsync(Cloud.Url);

        for (var i = 0; i < WrongLogins; i++)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
                await Broker.ConnectResultAsync("dev-1", MqttProtocolVersion.V500, "dev-1", $"wrong-secret-{i}"));
        }

        for (var i = 0; i < Oversized; i++)
        {
            using var hostile = await ConnectRawAsync();
            await LoginAsync(hostile, "dev-2");
            await hostile.SendAsync(RawMqtt.Header(0x32, 1024 * 1024), SocketFlags.None);
            Assert.True(await RawMqtt.ClosedByPeerAsync(hostile, TimeSpan.FromSeconds(10)), "an oversized publish was kept");
        }

        Assert.Equal(WrongLogins, Broker.Metrics.ConnectionsRefused);
        Assert.Equal(Oversized, Broker.Metrics.ConnectionsLimited(ConnectionLimit.PacketSize));
        Assert.Single(Logs.Lines, line => line.Contains("Connection refused from 127.0.0.1", StringComparison.Ordinal));
        Assert.Single(Logs.Lines, line => line.Contains("closed by limit PacketSize", StringComparison.Ordinal));
        await AnotherDeviceDeliversAsync(1);
    }

    /// <summary>Full lines containing <paramref name="fullLine"/> plus the counts in the summaries of that kind and client.</summary>
    private long Logged(string fullLine, string kind, string client) =>
        Logs.Lines.Sum(line => line.Contains(fullLine, StringComparison.Ordinal) ? 1
            : Regex.Match(line, $"Suppressed (\\d+) more log lines of kind {kind} for {Regex.Escape(client)} ") is { Success: true } m
                ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : 0);
}
