using System.Text;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Tests.Fakes;

/// <summary>
/// Makes one <see cref="FakeConnection"/> per attempt, as the board's MqttEndpoint makes one M2Mqtt client per
/// attempt; the next connections' CONNACK answers are scripted (true = accepted). Records every connection so
/// a test can check which ones were released.
/// </summary>
internal sealed class FakeConnectionFactory : IMqttConnectionFactory
{
    private readonly Queue<bool> _answers = new();

    public List<FakeConnection> Created { get; } = [];

    /// <summary>When set, every connect attempt advances this clock by its timeout (a CONNACK that never comes).</summary>
    public FakeClock? ClockAdvancedOnRefusal { get; init; }

    public void Answer(params bool[] accepted)
    {
        foreach (var a in accepted)
        {
            _answers.Enqueue(a);
        }
    }

    public IMqttConnection Create(int session, IMqttTransportListener listener)
    {
        var accept = _answers.Count == 0 || _answers.Dequeue();
        var connection = new FakeConnection(session, listener, accept, ClockAdvancedOnRefusal);
        Created.Add(connection);
        return connection;
    }

    /// <summary>Connections neither disposed nor garbage: what a leak would look like on the board.</summary>
    public int Live => Created.Count(c => !c.Disposed);
}

/// <summary>
/// One client of one attempt. Message ids start at 1 in every connection, as in M2Mqtt, so ids of an old and
/// a new connection collide exactly as they do on the board. Keeps its listener after Dispose on purpose: a
/// late PUBACK can still be fired through it, as from an M2Mqtt receive thread that had the event in flight.
/// </summary>
internal sealed class FakeConnection(int session, IMqttTransportListener listener, bool accept, FakeClock? clock) : IMqttConnection
{
    private int _nextId = 1;

    public int Session { get; } = session;

    public bool Disposed { get; private set; }

    public bool Connected { get; private set; }

    public bool IsConnected => Connected && !Disposed;

    public List<(string Topic, string Payload, int Id)> Published { get; } = [];

    public bool Connect(int timeoutMs)
    {
        if (!accept && clock is not null)
        {
            clock.Advance(timeoutMs);
        }

        Connected = accept;
        return accept;
    }

    public bool Subscribe(string topic) => IsConnected;

    public int Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!IsConnected)
        {
            return -1;
        }

        var id = _nextId++;
        Published.Add((topic, Encoding.UTF8.GetString(payload, 0, length), id));
        return id;
    }

    public void Dispose()
    {
        Disposed = true;
        Connected = false;
    }

    /// <summary>The broker's PUBACK for message id <paramref name="id"/> arrives on this connection's thread.</summary>
    public void Ack(int id) => listener.OnPublishAcknowledged(Session, id);

    /// <summary>The connection drops (M2Mqtt's ConnectionClosed).</summary>
    public void Drop()
    {
        Connected = false;
        listener.OnConnectionClosed(Session);
    }
}
