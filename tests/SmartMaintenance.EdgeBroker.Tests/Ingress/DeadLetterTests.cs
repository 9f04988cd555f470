using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Ingress;

/// <summary>Each kind of bad telemetry is refused (PayloadFormatInvalid), dead-lettered with its reason, and the broker keeps serving.</summary>
public sealed class DeadLetterTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 1);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await _broker.StartInProcessAsync(_cloud.Url);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    public static TheoryData<string, string, string> BadPayloads => new()
    {
        { "malformed", """{"v":1,"dev":"dev-1","seq":""", "malformed JSON" },
        { "oversized", BrokerFixture.Reading("dev-1", 1, extra: ",\"pad\":\"" + new string('x', 1200) + "\""), "exceeds the 1024-byte limit" },
        { "nan", """{"v":1,"dev":"dev-1","seq":1,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":NaN}""", "malformed JSON" },
        { "null-value", """{"v":1,"dev":"dev-1","seq":1,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":null}""", "missing or not a number" },
        { "future", """{"v":1,"dev":"dev-1","seq":1,"ts":4102444800000,"cv":1,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300}""", "future" },
        { "schema", """{"v":99,"dev":"dev-1","seq":1,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300}""", "schema version 99" },
        { "range", BrokerFixture.Reading("dev-1", 1, value: 5000), "plausible range" },
        { "unit", """{"v":1,"dev":"dev-1","seq":1,"cv":0,"sid":"air-temp","st":"temperature","u":"furlong","k":"r","val":300}""", "not valid for sensor type" },
        { "other-device", BrokerFixture.Reading("dev-2", 1), "published by 'dev-1'" },
        { "binary", "(bytes 01 FF 00 C3 28 7B, see the test)", "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task Publish_InvalidTelemetry_IsDeadLetteredWithReasonAndBrokerKeepsServing(string kind, string payload, string reason)
    {
        using var client = await _broker.ConnectAsync("dev-1");
        var bytes = kind == "binary" ? new byte[] { 0x01, 0xFF, 0x00, 0xC3, 0x28, 0x7B } : System.Text.Encoding.UTF8.GetBytes(payload);

        var bad = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(BrokerFixture.Telemetry("dev-1"))
            .WithPayload(bytes).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var good = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 2)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, bad.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, good.ReasonCode);
        Assert.Equal(1, _broker.Metrics.DeadLetters);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_broker.HttpPort}") };
        var letters = await http.GetFromJsonAsync<JsonElement[]>("/deadletters?limit=10");
        var letter = Assert.Single(letters!);
        Assert.Contains(reason, letter.GetProperty("reason").GetString());
        Assert.Equal(BrokerFixture.Telemetry("dev-1"), letter.GetProperty("topic").GetString());
        Assert.Equal("dev-1", letter.GetProperty("client_id").GetString());
        Assert.Equal(bytes.Length, letter.GetProperty("payload_bytes").GetInt64());
        Assert.Equal(kind == "binary" ? "base64" : "utf8", letter.GetProperty("payload_encoding").GetString());
        Assert.Equal(kind == "oversized", letter.GetProperty("truncated").GetBoolean());
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n == 1, TimeSpan.FromSeconds(10), "the valid reading forwarded");
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Publish_RedeliveredSequence_IsAcknowledgedOnceStoredAndNotDeadLettered()
    {
        using var client = await _broker.ConnectAsync("dev-1");
        var message = BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 5));

        var first = await client.PublishAsync(message);
        var again = await client.PublishAsync(message);

        Assert.True(first.IsSuccess);
        Assert.True(again.IsSuccess);
        Assert.Equal(0, _broker.Metrics.DeadLetters);
        Assert.Equal(1, _broker.Metrics.Duplicates);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Received.Count), n => n == 1, TimeSpan.FromSeconds(10), "one forwarded reading");
    }

    [Fact]
    public async Task Publish_EmptySummaryOfKelvinSensor_IsForwardedWithoutValueAndNotDeadLettered()
    {
        using var client = await _broker.ConnectAsync("dev-1");

        var publish = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"),
            """{"v":1,"dev":"dev-1","seq":1,"cv":0,"up":61000,"sid":"air-temp","st":"temperature","u":"K","k":"s","n":0}"""));

        Assert.True(publish.IsSuccess, publish.ReasonString);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Received.Count), n => n == 1, TimeSpan.FromSeconds(10), "the empty summary forwarded");
        var forwarded = Assert.Single(_cloud.Received).Message;
        Assert.True(forwarded.IsEmptySummary);
        Assert.Null(forwarded.Value);
        Assert.Equal(0, _broker.Metrics.DeadLetters);
    }

    [Fact]
    public async Task Forward_ItemRejectedByCloud_IsDeadLetteredAndTheRestStored()
    {
        _cloud.RejectSensor = "bad-sensor";
        using var client = await _broker.ConnectAsync("dev-1");

        await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"),
            """{"v":1,"dev":"dev-1","seq":1,"cv":0,"sid":"bad-sensor","st":"temperature","u":"K","k":"r","val":300}"""));
        await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", 2)));

        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.ForwardRejected), n => n == 1, TimeSpan.FromSeconds(10), "one reading rejected by the cloud");
        // The two readings may travel in separate batches: the good one can still be in flight here.
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the valid reading stored");
        Assert.Equal(1, _broker.Metrics.DeadLetters);
        Assert.Single(_cloud.Stored);
        Assert.NotEmpty(_cloud.ContentEncodings);
        Assert.All(_cloud.ContentEncodings, e => Assert.Equal("gzip", e));
    }
}
