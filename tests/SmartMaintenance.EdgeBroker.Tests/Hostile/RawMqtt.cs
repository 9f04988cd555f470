using System.Net.Sockets;
using System.Text;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>MQTT 5 packets written by hand, for clients that misbehave on purpose (a library would not let them).</summary>
internal static class RawMqtt
{
    public static byte[] Connect(string clientId, string user, string password)
    {
        var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0xC2, 0, 60, 0 };
        body.AddRange(Text(clientId));
        body.AddRange(Text(user));
        body.AddRange(Text(password));
        return Packet(0x10, body);
    }

    /// <summary>QoS 1 PUBLISH (MQTT 5, no properties).</summary>
    public static byte[] Publish(string topic, ushort packetId, byte[] payload)
    {
        var body = new List<byte>(Text(topic)) { (byte)(packetId >> 8), (byte)packetId, 0 };
        body.AddRange(payload);
        return Packet(0x32, body);
    }

    /// <summary>MQTT 5 SUBSCRIBE to one topic filter at QoS 1 (no properties).</summary>
    public static byte[] Subscribe(string topic, ushort packetId)
    {
        var body = new List<byte> { (byte)(packetId >> 8), (byte)packetId, 0 };
        body.AddRange(Text(topic));
        body.Add(1);
        return Packet(0x82, body);
    }

    /// <summary>PINGREQ: the broker must answer each with a PINGRESP.</summary>
    public static byte[] PingReq() => [0xC0, 0x00];

    /// <summary>A fixed header declaring <paramref name="length"/> bytes to follow (variable byte integer).</summary>
    public static byte[] Header(byte type, int length)
    {
        var bytes = new List<byte> { type };
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            bytes.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);

        return [.. bytes];
    }

    /// <summary>
    /// True once the peer has closed the connection (read returns 0 or the socket is reset); false if it is still
    /// open when <paramref name="within"/> ends. Reads and discards whatever arrives meanwhile.
    /// </summary>
    public static async Task<bool> ClosedByPeerAsync(Socket socket, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] Packet(byte type, List<byte> body) => [.. Header(type, body.Count), .. body];

    private static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }
}
