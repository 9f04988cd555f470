using System.Net.Sockets;

namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>
/// The stream MQTTnet reads a connection through. It follows the MQTT framing of both directions (MqttFrameCounter)
/// and enforces, before MQTTnet buffers anything: the maximum packet size (on the declared length, so a CONNECT
/// declaring 250 MB is refused after its fifth byte), the number of requests received and not yet answered on the
/// wire (QoS 1/2 publishes, PUBREC/PUBREL, SUBSCRIBE, UNSUBSCRIBE, PINGREQ: a client that never reads makes the
/// answers pile up inside MQTTnet once its socket is full, never reaching this stream), a write timeout, and
/// through the watchdog the connect timeout (until the first packet, CONNECT, is complete) and the idle timeout
/// (re-armed by every read). A limit trips once: the socket is closed, MQTTnet's read or write fails, and it ends
/// the session as for any broken connection. "Answered on the wire" means handed to the kernel, so the kernel's
/// queue for the socket is capped too (MaxUnsentBytes, see UnsentBytesLimit): else it absorbs megabytes of
/// answers and a never-reading client is never noticed.
/// </summary>
internal sealed class GuardStream : Stream
{
    private const int PublishType = 3, PubAckType = 4, PubRecType = 5, PubRelType = 6, PubCompType = 7, SubscribeType = 8,
        SubAckType = 9, UnsubscribeType = 10, UnsubAckType = 11, PingReqType = 12, PingRespType = 13;
    private readonly Stream _inner;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _watchdog;
    private readonly ConnectionLimitsOptions _limits;
    private readonly Action<ConnectionLimit, string> _tripped;
    private readonly Func<byte, long, bool> _onInbound;
    private readonly Func<byte, long, bool> _onOutbound;
    private MqttFrameCounter _in;
    private MqttFrameCounter _out;
    private long _inPackets;
    private long _outPackets;
    private long _unanswered;
    private int _trips;
    private string? _reason;

    public GuardStream(Stream inner, Socket socket, CancellationTokenSource watchdog, ConnectionLimitsOptions limits,
        Action<ConnectionLimit, string> tripped)
    {
        _inner = inner;
        _socket = socket;
        _watchdog = watchdog;
        _limits = limits;
        _tripped = tripped;
        _onInbound = OnInbound;
        _onOutbound = OnOutbound;
    }

    /// <summary>True once the first packet (CONNECT) has arrived whole.</summary>
    public bool Connected => Interlocked.Read(ref _inPackets) > 0;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Closes the connection for <paramref name="limit"/> (first call only) and reports it.</summary>
    public void Trip(ConnectionLimit limit, string detail)
    {
        if (Interlocked.Exchange(ref _trips, 1) != 0)
        {
            return;
        }

        _reason = $"{limit}: {detail}";
        _tripped(limit, detail);
        try
        {
            // Reset at once; a graceful close would wait for a peer that may never read.
            _socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (_reason is not null && ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            throw new IOException($"Connection closed by the broker ({_reason}).", ex);
        }

        if (read > 0)
        {
            Inspect(buffer.Span[..read]);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        if (read > 0)
        {
            Inspect(buffer.AsSpan(offset, read));
        }

        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _out.Feed(buffer.Span, _onOutbound, ref _outPackets);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.WriteTimeout);
        try
        {
            await _inner.WriteAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Trip(ConnectionLimit.WriteTimeout, $"the client did not read for {_limits.WriteTimeout.TotalSeconds} s");
            throw new IOException($"Connection closed by the broker ({_reason}).", ex);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        if (!_in.Feed(bytes, _onInbound, ref _inPackets))
        {
            if (_reason is null)
            {
                Trip(ConnectionLimit.PacketSize, "malformed remaining length");
            }

            throw new IOException($"Connection closed by the broker ({_reason}).");
        }

        // Every read re-arms the watchdog; until the first packet (CONNECT) is complete it keeps the connect deadline.
        if (_inPackets > 0)
        {
            try
            {
                _watchdog.CancelAfter(_limits.IdleTimeout);
            }
            catch (ObjectDisposedException)
            {
                // The connection is ending.
            }
        }
    }

    private bool OnInbound(byte header, long remaining)
    {
        if (remaining > _limits.MaxPacketBytes)
        {
            Trip(ConnectionLimit.PacketSize, $"packet type {header >> 4} declares {remaining} bytes, more than {_limits.MaxPacketBytes}");
            return false;
        }

        if (AsksForAnswer(header) && Interlocked.Increment(ref _unanswered) > _limits.MaxUnacknowledged)
        {
            Trip(ConnectionLimit.Unacknowledged, $"more than {_limits.MaxUnacknowledged} requests not answered on the wire: the client does not read");
            return false;
        }

        return true;
    }

    /// <summary>Packets a client sends that the broker must answer, each with exactly one packet (see IsAnswer).</summary>
    private static bool AsksForAnswer(byte header) => (header >> 4) switch
    {
        PublishType => ((header >> 1) & 3) != 0,
        PubRecType or PubRelType or SubscribeType or UnsubscribeType or PingReqType => true,
        _ => false,
    };

    /// <summary>
    /// The broker's answers: PUBACK or PUBREC to a QoS 1/2 PUBLISH, PUBREL to a PUBREC, PUBCOMP to a PUBREL, SUBACK,
    /// UNSUBACK, PINGRESP. An answer the broker withholds on purpose (a PUBACK for a reading it could not make durable)
    /// stays counted until the client reconnects.
    /// </summary>
    private static bool IsAnswer(byte header) =>
        (header >> 4) is PubAckType or PubRecType or PubRelType or PubCompType or SubAckType or UnsubAckType or PingRespType;

    private bool OnOutbound(byte header, long remaining)
    {
        if (IsAnswer(header))
        {
            Interlocked.Decrement(ref _unanswered);
        }

        return true;
    }
}
