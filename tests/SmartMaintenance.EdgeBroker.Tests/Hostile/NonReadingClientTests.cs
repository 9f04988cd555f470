using System.Net.Sockets;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Mqtt.Limits;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, finding 4: a logged-in client that subscribes and then never reads its socket, against the real broker
/// host with its DEFAULT limits (ConnectionLimitTests shrinks the send buffer instead, which hid the bug: with the
/// kernel's autotuned buffer the broker never noticed such a client). It is cut off by the cap on requests not
/// answered on the wire, the reason is logged and counted, and another device keeps delivering.
/// </summary>
public sealed class NonReadingClientTests : BrokerUnderAttack
{
    /// <summary>
    /// Requests the hostile client sends. With the fix the broker cuts it after at most MaxUnacknowledged (10,000)
    /// unanswered requests plus the answers that fit in MaxUnsentBytes (16 KiB) and in the client's small receive
    /// window: about 15,000 PUBACKs or 20,000 PINGRESPs. Without it the kernel took every answer of this many
    /// requests (measured with `ss -tm`, see docs/limits-and-abuse.md) and the client was never cut.
    /// </summary>
    private const int FloodRequests = 60_000;

    [Theory]
    [InlineData("publish")]
    [InlineData("ping")]
    public async Task Client_ThatSubscribesAndNeverReads_IsCutOffWithTheDefaultLimitsAndOthersKeepFlowing(string flood)
    {
        // Default limits (the ACL warnings of the publish flood are bounded by Broker:LogFlood: one line, not 60,000).
        await Broker.StartInProcessAsync(Cloud.Url);
        using var hostile = await ConnectRawAsync(receiveBuffer: 4096);
        await LoginAsync(hostile, "dev-1");
        await hostile.SendAsync(RawMqtt.Subscribe(TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.Config), 1), SocketFlags.None);

        // From here on the client never reads: QoS 1 publishes (a PUBACK each) or PINGREQs (a PINGRESP each).
        var cut = await FloodAsync(hostile, flood);
        cut = cut || await Eventually.WaitForAsync(() => Task.FromResult(SendFails(hostile)), closed => closed, TimeSpan.FromSeconds(60),
            "the broker to cut off the client that never reads");

        Assert.True(cut);
        Assert.Equal(1, Broker.Metrics.ConnectionsLimited(ConnectionLimit.Unacknowledged));
        Assert.Equal(0, Broker.Metrics.ConnectionsLimited(ConnectionLimit.WriteTimeout));
        Assert.Contains(Logs.Lines, line => line.Contains("closed by limit Unacknowledged", StringComparison.Ordinal)
            && line.Contains("the client does not read", StringComparison.Ordinal));
        if (flood == "publish")
        {
            // Thousands of ACL-denied publishes, each refused and counted, one log line (LogFloodTests has the details).
            Assert.True(Broker.Metrics.AclDenied > 1000, $"{Broker.Metrics.AclDenied} ACL denials");
            Assert.Single(Logs.Lines, line => line.Contains("ACL denied device dev-1 publishing", StringComparison.Ordinal));
        }

        await AnotherDeviceDeliversAsync(1);
    }

    /// <summary>Sends <see cref="FloodRequests"/> requests in chunks; true if the broker cut the connection meanwhile.</summary>
    private static async Task<bool> FloodAsync(Socket socket, string flood)
    {
        const int PerChunk = 500;
        for (var sent = 0; sent < FloodRequests; sent += PerChunk)
        {
            var chunk = Enumerable.Range(sent, PerChunk)
                .SelectMany(i => flood == "ping" ? RawMqtt.PingReq() : RawMqtt.Publish("not/allowed", (ushort)(i % 65535 + 1), "x"u8.ToArray()))
                .ToArray();
            try
            {
                await socket.SendAsync(chunk, SocketFlags.None);
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A PINGREQ that fails to send means the broker has reset the connection (nothing is read).</summary>
    private static bool SendFails(Socket socket)
    {
        try
        {
            socket.Send(RawMqtt.PingReq());
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
