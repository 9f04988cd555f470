using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// Drives one case against one broker with MQTTnet clients. QoS 1: a window of publishes in flight, latency =
/// publish to PUBACK. QoS 0: publish as fast as the client can, then one QoS 1 "fence" per connection; the case
/// ends when every fence is acknowledged, so every QoS 0 message before it was processed (one connection is
/// handled in order). Each message is 120 bytes of valid telemetry with a fresh sequence number.
/// </summary>
public static class LoadRunner
{
    public const int MessageBytes = 120;
    private static long _sequenceBase = 1;

    public static async Task<CaseResult> RunAsync(BenchCase benchCase, BrokerTarget target, TimeSpan duration)
    {
        var clients = new List<IMqttClient>();
        for (var i = 1; i <= benchCase.Publishers; i++)
        {
            clients.Add(await ConnectAsync(target, i));
        }

        var window = Math.Max(1, benchCase.InFlight / benchCase.Publishers);
        var firstSequence = Interlocked.Add(ref _sequenceBase, 100_000_000);
        var stopwatch = Stopwatch.StartNew();
        var deadline = stopwatch.Elapsed + duration;
        var runs = clients.Select((c, i) => PublishAsync(c, i + 1, benchCase.Qos, window, firstSequence, stopwatch, deadline)).ToArray();
        var outcomes = await Task.WhenAll(runs);
        var elapsed = stopwatch.Elapsed;
        foreach (var client in clients)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions());
            client.Dispose();
        }

        var latencies = outcomes.SelectMany(o => o.Latencies).Order().ToArray();
        double? Percentile(double p) => latencies.Length == 0 ? null : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        var result = new CaseResult(benchCase, target.Name, outcomes.Sum(o => o.Sent), elapsed, Percentile(0.50), Percentile(0.99), outcomes.Sum(o => o.Errors));
        Console.Error.WriteLine($"{benchCase.Name} on {target.Name}: {result.PerSecond:F0} msg/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, errors {result.Errors}");
        return result;
    }

    public static async Task<IMqttClient> ConnectAsync(BrokerTarget target, int device)
    {
        var (clientId, user, password) = target.Login(device);
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.Port).WithClientId(clientId)
            .WithTimeout(TimeSpan.FromSeconds(30)).WithKeepAlivePeriod(TimeSpan.FromSeconds(60));
        if (user is not null)
        {
            options.WithCredentials(user, password);
        }

        var result = await client.ConnectAsync(options.Build());
        return result.ResultCode == MqttClientConnectResultCode.Success
            ? client
            : throw new InvalidOperationException($"{target.Name} refused {clientId}: {result.ResultCode}");
    }

    private sealed record Outcome(long Sent, long Errors, List<double> Latencies);

    private static async Task<Outcome> PublishAsync(IMqttClient client, int device, int qos, int window, long firstSequence, Stopwatch clock, TimeSpan deadline)
    {
        var topic = $"sm/v1/plant-1/dev-{device}/telemetry";
        var sequence = firstSequence;
        long sent = 0, errors = 0;
        var latencies = new List<double>();
        if (qos == 0)
        {
            while (clock.Elapsed < deadline)
            {
                await client.PublishAsync(Message(topic, device, sequence++, MqttQualityOfServiceLevel.AtMostOnce));
                sent++;
            }

            var fence = await client.PublishAsync(Message(topic, device, sequence, MqttQualityOfServiceLevel.AtLeastOnce));
            return new Outcome(sent, fence.IsSuccess ? 0 : 1, latencies);
        }

        var inFlight = new List<Task<double>>(window);
        while (clock.Elapsed < deadline || inFlight.Count > 0)
        {
            while (inFlight.Count < window && clock.Elapsed < deadline)
            {
                inFlight.Add(TimedAsync(client, Message(topic, device, sequence++, MqttQualityOfServiceLevel.AtLeastOnce)));
            }

            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            var ms = await done;
            if (ms < 0)
            {
                errors++;
            }
            else
            {
                latencies.Add(ms);
                sent++;
            }
        }

        return new Outcome(sent, errors, latencies);
    }

    private static async Task<double> TimedAsync(IMqttClient client, MqttApplicationMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await client.PublishAsync(message);
        return result.IsSuccess ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : -1;
    }

    /// <summary>Valid telemetry padded to exactly 120 bytes through the sensor id.</summary>
    private static MqttApplicationMessage Message(string topic, int device, long sequence, MqttQualityOfServiceLevel qos)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $$"""{"v":1,"dev":"dev-{{device}}","seq":{{sequence}},"cv":0,"sid":"s""");
        const string tail = "\",\"st\":\"temperature\",\"u\":\"K\",\"k\":\"r\",\"val\":300.5}";
        var pad = Math.Max(1, MessageBytes - head.Length - tail.Length);
        var payload = Encoding.UTF8.GetBytes(head + new string('x', pad) + tail);
        return new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();
    }
}
