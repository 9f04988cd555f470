using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>
/// Issue 16: the forwarder given several cloud instances (Broker:Cloud:BaseUrl + BaseUrls) spreads batches over them
/// and fails over when one is down. Real broker host, real MQTT clients, real HTTP peers (RecordingCloud); two peers
/// built on one shared store stand in for two cloud instances on one database (its (device, sequence) de-duplication).
/// </summary>
public sealed class MultiCloudTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 4);
    private RecordingCloud _first = null!;
    private RecordingCloud _second = null!;

    public async Task InitializeAsync()
    {
        _first = await RecordingCloud.StartAsync(FreePort.Get());
        _second = await RecordingCloud.StartAsync(FreePort.Get(), sharesDatabaseWith: _first);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Forward_FirstOfTwoCloudsDown_EveryReadingStoredOnceThroughTheOther()
    {
        await _first.StopAsync(); // nothing listens on its port: connection refused
        await _broker.StartInProcessAsync(_first.Url, $"--Broker:Cloud:BaseUrls:0={_second.Url}", "--Broker:Cloud:BatchSize=5");

        const int perDevice = 15;
        foreach (var device in new[] { "dev-1", "dev-2", "dev-3" })
        {
            using var client = await _broker.ConnectAsync(device);
            for (var seq = 1; seq <= perDevice; seq++)
            {
                Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry(device), BrokerFixture.Reading(device, seq)))).IsSuccess);
            }
        }

        await Eventually.WaitForAsync(() => Task.FromResult(_second.Stored.Count), n => n == 3 * perDevice, TimeSpan.FromSeconds(30), "every reading stored");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(10), "an empty outbox");
        Assert.Empty(_second.Resent); // each reading arrived once: nothing was sent to the down instance and then again
        Assert.Equal(0, _broker.Metrics.DeadLetters);
        foreach (var device in new[] { "dev-1", "dev-2", "dev-3" })
        {
            Assert.Equal(Enumerable.Range(1, perDevice).Select(i => (long)i), _second.StoredOrder.Where(k => k.Device == device).Select(k => k.Sequence));
        }

        // Readiness names each instance's state; the broker is ready while one instance takes its batches.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_broker.HttpPort}") };
        using var response = await http.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var clouds = body.RootElement.GetProperty("clouds").EnumerateArray().ToDictionary(c => c.GetProperty("url").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("unreachable", clouds[_first.Url + "/"]);
        Assert.Equal("ok", clouds[_second.Url + "/"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forward_AnswerLostAfterTheFirstCloudStored_RetryOnTheOtherIsAnsweredDuplicateAndStoredOnce()
    {
        // The first instance commits the batch but its answer is a 503 (as when it died after the commit): the retry goes
        // to the second instance, whose shared store answers Duplicate. Nothing is stored twice, nothing is lost.
        _first.NextAnswers.Enqueue(new RecordingCloud.BatchAnswer(503, StoreFirst: true));
        await _broker.StartInProcessAsync(_first.Url, $"--Broker:Cloud:BaseUrls:0={_second.Url}", "--Broker:Cloud:ForwardLanes=1",
            "--Broker:Cloud:MaxBatchDelay=00:00:01");
        using var client = await _broker.ConnectAsync("dev-1");
        await Task.WhenAll(Enumerable.Range(1, 4).Select(seq =>
            client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)))));

        // The depth gauge can read 0 before the outbox counted the readings: wait for the retry's answer itself.
        await Eventually.WaitForAsync(() => Task.FromResult(_second.AnsweredDuplicate.Count), n => n >= 4, TimeSpan.FromSeconds(30), "the retry answered Duplicate");
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.QueueDepth), n => n == 0, TimeSpan.FromSeconds(30), "an empty outbox");

        Assert.Equal([1L, 2, 3, 4], _first.StoredOrder.Select(k => k.Sequence)); // one shared store: stored once, in order
        var first = Assert.Single(_first.Attempts);
        Assert.Equal(503, first.Status);
        var retried = Assert.Single(_second.Attempts);
        Assert.Equal(first.BatchId, retried.BatchId); // the same batch, not a new one
        Assert.Equal([1L, 2, 3, 4], _second.AnsweredDuplicate.Select(k => k.Sequence));
        Assert.Equal(0, _broker.Metrics.DeadLetters);
    }

    [Fact]
    public void Validate_CloudUrls_BaseUrlsAloneWorkAndEachBadEntryIsNamed()
    {
        static List<string> Errors(CloudForwarderOptions o)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true);
            return [.. results.Select(r => r.ErrorMessage!)];
        }

        const string key = "0123456789abcdef";
        Assert.Empty(Errors(new CloudForwarderOptions { ApiKey = key, BaseUrls = ["http://a:5000", "https://b/"] }));
        Assert.Contains(Errors(new CloudForwarderOptions { ApiKey = key }), e => e.Contains("BaseUrl (or Broker:Cloud:BaseUrls) is required", StringComparison.Ordinal));
        var bad = Errors(new CloudForwarderOptions { ApiKey = key, BaseUrl = "ftp://x", BaseUrls = ["http://ok:1", "not a url"] });
        Assert.Contains(bad, e => e.Contains("Broker:Cloud:BaseUrl must be", StringComparison.Ordinal));
        Assert.Contains(bad, e => e.Contains("Broker:Cloud:BaseUrls:1 must be", StringComparison.Ordinal));

        // BaseUrl first, then BaseUrls, without repeats, each ending in '/'.
        var urls = new CloudForwarderOptions { BaseUrl = "http://a:5000", BaseUrls = ["http://a:5000/", "http://b:5000/api"] }.EffectiveBaseUrls();
        Assert.Equal(["http://a:5000/", "http://b:5000/api/"], urls.Select(u => u.ToString()));
    }
}
