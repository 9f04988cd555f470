using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>
/// Per-connection bounds enforced by the broker's own TCP listener (Broker:Mqtt:Limits), below MQTTnet, so a hostile
/// client is cut off before it costs memory. Each one closes the connection, is counted in
/// sm_broker_connection_limits_total{limit} and logged. See docs/limits-and-abuse.md.
/// </summary>
public sealed class ConnectionLimitsOptions
{
    public const string Section = "Broker:Mqtt:Limits";

    /// <summary>
    /// Largest MQTT packet accepted (its declared remaining length: everything after the fixed header), checked on the declared length before the body is read.
    /// Telemetry is at most 1 KiB (WireLimits.MaxPayloadBytes); bigger but still allowed packets get a dead letter and 0x99.
    /// </summary>
    [Range(256, 256 * 1024 * 1024, ErrorMessage = "Broker:Mqtt:Limits:MaxPacketBytes must be 256 B - 256 MiB.")]
    public int MaxPacketBytes { get; set; } = 16 * 1024;

    /// <summary>Time from TCP accept (TLS handshake included) until the whole CONNECT has arrived; slow or silent sockets are closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Broker:Mqtt:Limits:ConnectTimeout must be 0.1 s - 10 min.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection that sends nothing for this long is closed, whatever keep-alive it declared (MQTTnet already
    /// closes one silent for 1.5 x its keep-alive; this also catches keep-alive 0, which turns that off).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Broker:Mqtt:Limits:IdleTimeout must be 1 s - 1 day.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A write to a client that does not read (its TCP window full) is abandoned and the connection closed after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Broker:Mqtt:Limits:WriteTimeout must be 0.1 s - 10 min.")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests received from one connection and not yet answered on the wire (QoS 1/2 publishes, PUBREC/PUBREL,
    /// SUBSCRIBE, UNSUBSCRIBE, PINGREQ). A client that never reads makes the answers pile up in the broker once its
    /// socket is full (MaxUnsentBytes); past this it is disconnected. Devices keep far fewer in flight (firmware 48).
    /// </summary>
    [Range(16, 1_000_000, ErrorMessage = "Broker:Mqtt:Limits:MaxUnacknowledged must be 16-1000000.")]
    public int MaxUnacknowledged { get; set; } = 10_000;

    /// <summary>New connections per client address: burst size (token bucket).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Mqtt:Limits:ConnectionBurstPerAddress must be 1-1000000.")]
    public int ConnectionBurstPerAddress { get; set; } = 200;

    /// <summary>New connections per client address per second once the burst is spent (a whole plant behind one NAT reconnecting).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Mqtt:Limits:ConnectionsPerSecondPerAddress must be 1-1000000.")]
    public int ConnectionsPerSecondPerAddress { get; set; } = 50;

    /// <summary>
    /// Bytes the kernel may hold for a client and not yet have sent (TCP_NOTSENT_LOWAT on Linux and macOS; elsewhere
    /// the send buffer is set to this size unless SendBufferBytes is set). Once a client that does not read has this
    /// much waiting, writes to it block, so WriteTimeout and MaxUnacknowledged apply. 0: no cap (the kernel default;
    /// on Linux a never-reading client can then absorb megabytes of answers unnoticed).
    /// </summary>
    [Range(0, 16 * 1024 * 1024, ErrorMessage = "Broker:Mqtt:Limits:MaxUnsentBytes must be 0-16777216.")]
    public int MaxUnsentBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// SO_SNDBUF of accepted sockets in bytes; 0 leaves the OS default (Linux autotunes up to megabytes). MaxUnsentBytes
    /// is the bound on what a non-reading client costs; this also caps the bytes in flight to a client that reads.
    /// </summary>
    [Range(0, 16 * 1024 * 1024, ErrorMessage = "Broker:Mqtt:Limits:SendBufferBytes must be 0-16777216.")]
    public int SendBufferBytes { get; set; }

    /// <summary>Open connections at once, over all addresses.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Mqtt:Limits:MaxConnections must be 1-1000000.")]
    public int MaxConnections { get; set; } = 20_000;
}
