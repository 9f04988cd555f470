using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MQTTnet;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;
using Xunit.Abstractions;

namespace SmartMaintenance.EdgeBroker.Tests.Reliability;

/// <summary>
/// kill -9 of the broker process while a device publishes QoS 1 with a window in flight: after a restart every
/// reading the broker acknowledged reaches the cloud. This is the proof that MQTTnet's PUBACK leaves only after
/// the outbox fsync (see AckGate): if it did not, acknowledged readings would be missing.
/// Delivery across a kill -9 is at least once, not exactly once: the batch in flight at the kill, and anything
/// after the last cursor write, is sent again after the restart. That is legitimate, because the cloud
/// de-duplicates by (device, sequence) and stores each reading once (RecordingCloud.Stored keeps that set); the
/// test reports how many readings arrived more than once instead of pretending there were none.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillDashNine_MidStream_EveryAcknowledgedReadingReachesTheCloud()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        var acknowledged = new ConcurrentBag<long>();

        using (var process = await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            using var stop = new CancellationTokenSource();
            var lastError = new StrongBox<Exception?>();
            var publishing = PublishUntilStoppedAsync(() => broker.ConnectAsync("dev-1"), acknowledged, lastError, stop.Token);
            try
            {
                await Eventually.WaitForAsync(() => Task.FromResult(acknowledged.Count), n => n >= 400, TimeSpan.FromSeconds(60), "400 acknowledged readings");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; last publish error: {lastError.Value}; broker exited: {process.HasExited}; "
                    + $"broker output:\n{process.RecentOutput}", ex);
            }

            process.KillHard();
            await stop.CancelAsync();
            await publishing;
        }

        using (await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            var expected = acknowledged.ToHashSet();
            await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Keys.Select(k => k.Sequence).ToHashSet()),
                stored => stored.IsSupersetOf(expected), TimeSpan.FromSeconds(30), $"all {expected.Count} acknowledged readings at the cloud");
            var resent = cloud.Resent;
            output.WriteLine($"{expected.Count} acknowledged before the kill, {cloud.Stored.Count} distinct readings stored, "
                + $"{cloud.Received.Count} receipts; {resent.Count} readings arrived more than once (the cloud stored each once).");
        }
    }

    /// <summary>
    /// A device with 20 QoS 1 publishes in flight, recording each sequence the broker acknowledged. Like a real
    /// device it reconnects when the connection drops (on a loaded CI box a stalled disk flush can hold PUBACKs and
    /// the keep-alive answer past the client's timeout: the test used to stop publishing then and time out). It
    /// keeps going until the test says stop; sequences only grow, so a reading unacknowledged before a drop is
    /// simply not counted.
    /// </summary>
    private static async Task PublishUntilStoppedAsync(Func<Task<IMqttClient>> connect, ConcurrentBag<long> acknowledged, StrongBox<Exception?> lastError, CancellationToken stop)
    {
        long seq = 0;
        while (!stop.IsCancellationRequested)
        {
            IMqttClient client;
            try
            {
                client = await connect();
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                lastError.Value = ex;
                await Task.Delay(200, CancellationToken.None); // reconnect back-off, as a device would
                continue;
            }
            catch (Exception)
            {
                return; // the broker was killed while connecting: the test is past the point of counting
            }

            using (client)
            {
                var inFlight = new List<Task>();
                while (!stop.IsCancellationRequested && client.IsConnected)
                {
                    inFlight.Add(PublishOneAsync(client, ++seq, acknowledged));
                    if (inFlight.Count < 20)
                    {
                        continue;
                    }

                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    if (done.Exception is { } error)
                    {
                        lastError.Value = error.InnerException ?? error;
                    }
                }

                try
                {
                    await Task.WhenAll(inFlight);
                }
                catch (Exception)
                {
                    // The connection dropped or the broker died with these in flight: never acknowledged, not counted.
                }
            }
        }
    }

    private static async Task PublishOneAsync(IMqttClient client, long seq, ConcurrentBag<long> acknowledged)
    {
        var result = await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)));
        if (result.IsSuccess)
        {
            acknowledged.Add(seq);
        }
    }
}
