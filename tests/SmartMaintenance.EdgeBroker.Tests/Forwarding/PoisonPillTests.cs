using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using SmartMaintenance.EdgeBroker.DeadLetters;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>
/// Issue 13, finding 1: one reading the cloud fails on (HTTP 500 for every batch holding it) used to be retried
/// forever and stop every lane. Now the batch is split until that one reading is alone, it becomes a dead letter
/// with the cloud's status and problem, and everything else is stored, in order. A lane held back does not stop
/// the others, and readiness tells "answering errors" from "unreachable". Real MQTT clients, real broker host,
/// real HTTP peer (RecordingCloud) answering 500 for batches that hold the marked reading.
/// </summary>
public sealed class PoisonPillTests : IAsyncLifetime
{
    private const string PoisonSensor = "poison";
    private readonly BrokerFixture _broker = new(devices: 8);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await RecordingCloud.StartAsync(FreePort.Get());

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Forward_OneReadingTheCloudAlwaysFailsOn_IsIsolatedAndDeadLetteredTheRestIsStored()
    {
        _cloud.FailBatchWith = item => item.Message.SensorId == PoisonSensor ? 500 : null;
        // A long fill window: the six readings travel as one batch, so the poison has neighbours to split from.
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Cloud:MaxBatchDelay=00:00:01", "--Broker:Cloud:PoisonAfterAttempts=3");
        using var client = await _broker.ConnectAsync("dev-1");

        var published = await Task.WhenAll(Enumerable.Range(1, 6).Select(seq => client.PublishAsync(BrokerFixture.Message(
            BrokerFixture.Telemetry("dev-1"),
            seq == 4 ? PoisonReading("dev-1", seq) : BrokerFixture.Reading("dev-1", seq)))));

        // The broker acknowledged all six: each must end stored or dead-lettered.
        Assert.All(published, r => Assert.True(r.IsSuccess));
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.ForwardPoisoned), n => n == 1, TimeSpan.FromSeconds(30), "the poison dead-lettered");
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n == 5, TimeSpan.FromSeconds(10), "the five good readings stored");
        Assert.Equal([1L, 2, 3, 5, 6], _cloud.StoredOrder.Select(k => k.Sequence));
        var letter = Assert.Single(_broker.App.Services.GetRequiredService<DeadLetterStore>().Recent(10));
        Assert.Contains("cloud refused the reading with HTTP 500", letter.Reason);
        Assert.Contains("cannot handle dev-1 sequence 4", letter.Reason);
        Assert.Contains("\"seq\":4", letter.Payload);
        Assert.Equal(1, _broker.Metrics.DeadLetters);
        Assert.True(_broker.Metrics.ForwardSplits >= 2, $"{_broker.Metrics.ForwardSplits} splits");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");

        // The lane goes on with the device's next reading.
        Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 7)))).IsSuccess);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", 7))), ok => ok, TimeSpan.FromSeconds(10), "the next reading stored");
    }

    [Fact]
    public async Task Forward_CloudFailsEveryCall_NothingIsDeadLetteredAndReadinessSaysAnsweringErrors()
    {
        // A cloud failing on everything is down, not poisoned: the reading waits, however long.
        _cloud.FailBatchWith = _ => 500;
        _cloud.FailAll = 500;
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Cloud:PoisonAfterAttempts=1", "--Broker:Cloud:SplitAttempts=1");
        using var client = await _broker.ConnectAsync("dev-1");
        Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 1)))).IsSuccess);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_broker.HttpPort}") };

        var problem = await Eventually.WaitForAsync(() => ReadyAsync(http), r => r.Status == HttpStatusCode.ServiceUnavailable
            && r.Body.RootElement.GetProperty("cloud").GetString() == "answering_errors", TimeSpan.FromSeconds(15), "readiness: answering errors");
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Attempts.Count), n => n >= 5, TimeSpan.FromSeconds(15), "five attempts");

        Assert.Equal(500, problem.Body.RootElement.GetProperty("cloudLastErrorStatus").GetInt32());
        Assert.Equal(1, problem.Body.RootElement.GetProperty("outboxDepth").GetInt64());
        Assert.Contains("answering errors (HTTP 500)", problem.Body.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, _broker.Metrics.DeadLetters);
        Assert.Equal(0, _broker.Metrics.ForwardPoisoned);

        // Unreachable is a different state.
        await _cloud.StopAsync();
        var down = await Eventually.WaitForAsync(() => ReadyAsync(http), r => r.Status == HttpStatusCode.ServiceUnavailable
            && r.Body.RootElement.GetProperty("cloud").GetString() == "unreachable", TimeSpan.FromSeconds(15), "readiness: unreachable");
        Assert.Equal(JsonValueKind.Null, down.Body.RootElement.GetProperty("cloudLastErrorStatus").ValueKind);
        Assert.Equal(0, _broker.Metrics.DeadLetters);
    }

    [Fact]
    public async Task Forward_OneLaneHeldBack_OtherLanesKeepForwardingPastTheOldWindow()
    {
        // dev-1's lane gets 503 (transient, never a poison suspect) until released. Batches of 2 and 4 lanes: the
        // old read-ahead window (2 x lanes x batch = 16 records) would stop every lane after 16 readings.
        var held = true;
        _cloud.FailBatchWith = item => item.DeviceId == "dev-1" && Volatile.Read(ref held) ? 503 : null;
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Cloud:ForwardLanes=4", "--Broker:Cloud:BatchSize=2");
        var stuck = await _broker.ConnectAsync("dev-1");
        Assert.True((await stuck.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 1)))).IsSuccess);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Attempts.Count(a => a.Status == 503)), n => n >= 1, TimeSpan.FromSeconds(10), "dev-1's lane refused");
        var lane = LaneOf("dev-1", 4);
        var others = Enumerable.Range(2, 7).Select(d => $"dev-{d}").Where(d => LaneOf(d, 4) != lane).ToList();
        Assert.NotEmpty(others);

        const int perDevice = 40;
        foreach (var device in others)
        {
            using var client = await _broker.ConnectAsync(device);
            for (var seq = 1; seq <= perDevice; seq++)
            {
                Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry(device), BrokerFixture.Reading(device, seq)))).IsSuccess);
            }
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n == others.Count * perDevice, TimeSpan.FromSeconds(30),
            "every reading of the other lanes stored while dev-1's lane is held");
        Assert.False(_cloud.Stored.ContainsKey(("dev-1", 1)));

        Volatile.Write(ref held, false);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", 1))), ok => ok, TimeSpan.FromSeconds(15), "dev-1 stored once released");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");
        Assert.Equal(0, _broker.Metrics.DeadLetters);
        stuck.Dispose();
    }

    private static string PoisonReading(string device, long sequence) =>
        BrokerFixture.Reading(device, sequence).Replace("\"sid\":\"air-temp\"", $"\"sid\":\"{PoisonSensor}\"", StringComparison.Ordinal);

    /// <summary>The forwarder's lane of a device (the same hash the broker uses on its records).</summary>
    private static int LaneOf(string device, int lanes) =>
        SmartMaintenance.EdgeBroker.Forwarding.OutboxRecords.Lane(new SmartMaintenance.EdgeBroker.Outbox.OutboxEntry(default,
            System.Text.Encoding.UTF8.GetBytes($$"""{"site":"s","device_id":"{{device}}"}""")), lanes);

    private static async Task<(HttpStatusCode Status, JsonDocument Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }
}
