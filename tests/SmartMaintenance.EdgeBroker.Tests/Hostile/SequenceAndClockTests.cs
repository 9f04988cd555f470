using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.DeadLetters;
using SmartMaintenance.EdgeBroker.Ingress;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, findings 2 and 3, with real clients (MQTTnet 3.1.1 and 5, mosquitto_pub) against the real broker host
/// and a real HTTP peer for the cloud: a sequence out of range and a timestamp or uptime outside its range are
/// refused (PUBACK 0x99 on MQTT 5), dead-lettered and counted, the connection stays up, and the device's next
/// reading is stored; a device whose counter restarts is stored under new cloud sequences, also across a broker
/// restart. Nothing acknowledged is dropped.
/// </summary>
public sealed class SequenceAndClockTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 2);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await RecordingCloud.StartAsync(FreePort.Get());

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Publish_SequenceAboveTheMaximum_IsRefusedAndLaterReadingsAreStillStored(MqttProtocolVersion version)
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        using var client = await _broker.ConnectAsync("dev-1", version);

        var refused = await client.PublishAsync(Message(BrokerFixture.Reading("dev-1", long.MaxValue)));
        var next = await client.PublishAsync(Message(BrokerFixture.Reading("dev-1", 5)));

        if (version == MqttProtocolVersion.V500)
        {
            Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
        }

        Assert.True(next.IsSuccess);
        Assert.True(client.IsConnected);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", 5))), ok => ok, TimeSpan.FromSeconds(10), "the next reading stored");
        Assert.Equal(1, _broker.Metrics.OutOfRange(RangeField.Sequence));
        var letter = Assert.Single(DeadLetters());
        Assert.Contains($"above the maximum {WireLimits.MaxSequence}", letter.Reason);
    }

    public static TheoryData<string, string, RangeField> OutOfRangeClocks => new()
    {
        { "year 10000", "\"ts\":253402300800000,\"cv\":1", RangeField.Timestamp },
        { "before year 1", "\"ts\":-62135596800001,\"cv\":1", RangeField.Timestamp },
        { "1970", "\"ts\":0,\"cv\":1", RangeField.Timestamp },
        { "uptime 2^63-1", "\"cv\":0,\"up\":9223372036854775807", RangeField.Uptime },
        { "negative uptime", "\"cv\":0,\"up\":-1", RangeField.Uptime },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeClocks))]
    public async Task Publish_ClockOutsideItsRange_IsRefusedWithAReasonCodeNotADroppedConnection(string what, string clock, RangeField field)
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        foreach (var version in new[] { MqttProtocolVersion.V500, MqttProtocolVersion.V311 })
        {
            var device = version == MqttProtocolVersion.V500 ? "dev-1" : "dev-2";
            using var client = await _broker.ConnectAsync(device, version);

            var refused = await client.PublishAsync(Message(Clocked(device, 1, clock), device));
            var next = await client.PublishAsync(Message(BrokerFixture.Reading(device, 2), device));

            if (version == MqttProtocolVersion.V500)
            {
                Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
            }

            Assert.True(next.IsSuccess, what);
            Assert.True(client.IsConnected, $"{what}: {version} connection dropped");
            await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey((device, 2))), ok => ok, TimeSpan.FromSeconds(10), $"{device}'s next reading stored");
            Assert.False(_cloud.Stored.ContainsKey((device, 1)));
        }

        Assert.Equal(2, _broker.Metrics.OutOfRange(field));
        Assert.Equal(2, DeadLetters().Count);
        Assert.All(DeadLetters(), l => Assert.Contains(field == RangeField.Timestamp ? "timestamp" : "uptime", l.Reason));
        Assert.Equal(0, _broker.Metrics.IngressErrors);
    }

    [Theory]
    [InlineData("mqttv5")]
    [InlineData("mqttv311")]
    public async Task MosquittoPub_TimestampInYear10000_IsRefusedAndDeadLettered(string protocol)
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", _broker.MqttPort.ToString(), "-V", protocol, "-i", "dev-1", "-u", "dev-1", "-P", _broker.Secrets["dev-1"],
            "-q", "1", "-t", BrokerFixture.Telemetry("dev-1"), "-m", Clocked("dev-1", 1, "\"ts\":253402300800000,\"cv\":1"),
        ], TimeSpan.FromSeconds(20));

        // MQTT 3.1.1 has no PUBACK reason: the publish completes; MQTT 5 reports 0x99. Neither loses the connection
        // before the PUBACK (mosquitto_pub would then fail with a connection error).
        Assert.DoesNotContain("onnection", result.Error + result.Output);
        if (protocol == "mqttv5")
        {
            Assert.Contains("Payload format invalid", result.Error + result.Output, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.True(result.ExitCode == 0, result.Error);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.OutOfRange(RangeField.Timestamp)), n => n == 1, TimeSpan.FromSeconds(10), "the refusal counted");
        Assert.Contains("timestamp", Assert.Single(DeadLetters()).Reason);
    }

    [Fact]
    public async Task Publish_DeviceCounterRestarts_EveryAcknowledgedReadingIsStoredAlsoAcrossABrokerRestart()
    {
        string[] args = ["--Broker:Sequences:ReplayWindow=10"];
        await _broker.StartInProcessAsync(_cloud.Url, args);
        using (var client = await _broker.ConnectAsync("dev-1"))
        {
            for (var seq = 1; seq <= 30; seq++)
            {
                Assert.True((await client.PublishAsync(Message(BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
            }

            // Reflashed: the counter starts again at 0.
            for (var seq = 0; seq <= 2; seq++)
            {
                Assert.True((await client.PublishAsync(Message(BrokerFixture.Reading("dev-1", seq, value: 280 + seq)))).IsSuccess);
            }
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n == 33, TimeSpan.FromSeconds(10), "33 readings stored");
        Assert.Equal(1, _broker.Metrics.SequenceRestarts);
        // The new epoch's cloud sequences follow the old epoch's highest (30): 31, 32, 33; the device's own seq is kept.
        var epoch = _cloud.Received.Where(i => i.Sequence > 30).OrderBy(i => i.Sequence).ToList();
        Assert.Equal([31L, 32, 33], epoch.Select(i => i.Sequence));
        Assert.Equal([0L, 1, 2], epoch.Select(i => i.Message.Sequence));

        // A broker restart keeps the epoch base (sequences.json): seq 3 is not taken for the old epoch's 3.
        await _broker.StopInProcessAsync();
        await _broker.StartInProcessAsync(_cloud.Url, args);
        using (var client = await _broker.ConnectAsync("dev-1"))
        {
            Assert.True((await client.PublishAsync(Message(BrokerFixture.Reading("dev-1", 3)))).IsSuccess);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", 34))), ok => ok, TimeSpan.FromSeconds(10), "seq 3 of the new epoch stored as 34");
        Assert.Equal(0, _broker.Metrics.Duplicates);
        Assert.Empty(DeadLetters());
    }

    private List<DeadLetter> DeadLetters() => _broker.App.Services.GetRequiredService<DeadLetterStore>().Recent(100);

    private static MqttApplicationMessage Message(string payload, string device = "dev-1") =>
        BrokerFixture.Message(BrokerFixture.Telemetry(device), payload);

    private static string Clocked(string device, long sequence, string clock) =>
        BrokerFixture.Reading(device, sequence).Replace("\"cv\":0,\"up\":10", clock, StringComparison.Ordinal);
}
