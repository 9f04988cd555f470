using System.Net.Sockets;

namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>
/// Caps the bytes the kernel queues for a client and has not yet sent (TCP_NOTSENT_LOWAT). Without it, Linux
/// autotunes a socket's send buffer to megabytes: a client that never reads has hundreds of thousands of 4-byte
/// PUBACKs absorbed by the kernel before one write blocks, so neither the write timeout nor the cap on unanswered
/// requests ever sees it (measured: not cut off within a 30 s QoS 1 flood). With the cap, a write blocks once this
/// many bytes wait behind the client's closed receive window, and the two limits apply. Not a send-buffer size:
/// bytes in flight to a client that reads are not limited, so throughput is not.
/// </summary>
internal static class UnsentBytesLimit
{
    private const int IpProtoTcp = 6;
    private const int LinuxTcpNotSentLowAt = 25;
    private const int MacTcpNotSentLowAt = 0x201;

    /// <summary>Sets the cap on <paramref name="socket"/>; false where the platform has no such option.</summary>
    public static bool TryApply(Socket socket, int bytes)
    {
        int option;
        if (OperatingSystem.IsLinux())
        {
            option = LinuxTcpNotSentLowAt;
        }
        else if (OperatingSystem.IsMacOS())
        {
            option = MacTcpNotSentLowAt;
        }
        else
        {
            return false;
        }

        Span<byte> value = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(value, bytes);
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, option, value);
            return true;
        }
        catch (SocketException)
        {
            // A kernel without the option (Linux before 3.12): the caller falls back to a small send buffer.
            return false;
        }
    }
}
