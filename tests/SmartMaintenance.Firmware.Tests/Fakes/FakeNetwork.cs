using System.Text;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Tests.Fakes;

internal sealed class FakeLink : INetworkLink
{
    public bool Available { get; set; } = true;

    public bool IsUp { get; private set; }

    public int Attempts { get; private set; }

    public bool Connect(int timeoutMs)
    {
        Attempts++;
        IsUp = Available;
        return IsUp;
    }

    public void Disconnect() => IsUp = false;

    public void Drop() => IsUp = false;
}

/// <summary>A broker in a box: accepts or refuses, records publishes, acknowledges on demand.</summary>
internal sealed class FakeTransport : IMqttTransport
{
    private IMqttTransportListener? _listener;
    private int _nextToken = 1;

    public bool BrokerUp { get; set; } = true;

    public bool IsConnected { get; private set; }

    public int Session => Opens;

    public int Opens { get; private set; }

    public int Closes { get; private set; }

    public List<string> Subscriptions { get; } = [];

    public List<(string Topic, string Payload, bool Retain, int Token)> Published { get; } = [];

    public bool Open()
    {
        Opens++;
        IsConnected = BrokerUp;
        return IsConnected;
    }

    public bool Subscribe(string topic)
    {
        Subscriptions.Add(topic);
        return IsConnected;
    }

    public int Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!IsConnected)
        {
            return -1;
        }

        var token = _nextToken++;
        Published.Add((topic, Encoding.UTF8.GetString(payload, 0, length), retain, token));
        return token;
    }

    public void Close()
    {
        Closes++;
        IsConnected = false;
    }

    public void SetListener(IMqttTransportListener listener) => _listener = listener;

    /// <summary>The broker acknowledges every publish it received so far.</summary>
    public void AckAll()
    {
        foreach (var p in Published.ToArray())
        {
            _listener!.OnPublishAcknowledged(Session, p.Token);
        }
    }

    /// <summary>The connection drops as M2Mqtt reports it.</summary>
    public void Drop()
    {
        IsConnected = false;
        _listener!.OnConnectionClosed(Session);
    }

    public void Deliver(string topic, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        _listener!.OnMessageReceived(Session, topic, bytes, bytes.Length);
    }
}

internal sealed class FakeHttp : IHttpUplink
{
    public int Status { get; set; } = 200;

    public List<string> Bodies { get; } = [];

    public int Post(byte[] body, int length)
    {
        Bodies.Add(Encoding.UTF8.GetString(body, 0, length));
        return Status;
    }
}

internal sealed class FakeRebooter : IRebooter
{
    public List<string> Reasons { get; } = [];

    public void Reboot(string reason) => Reasons.Add(reason);
}

/// <summary>Returns a fixed sequence of floats, for exact backoff expectations.</summary>
internal sealed class ScriptedRandom(params float[] values) : IRandom
{
    private int _i;

    public float NextFloat() => values[_i++ % values.Length];
}
