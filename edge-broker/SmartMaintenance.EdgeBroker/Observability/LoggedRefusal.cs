namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>Log lines a client can make the broker write once per message or connection (LogFloodGuard keys them per client).</summary>
public enum LoggedRefusal
{
    /// <summary>A publish to a topic outside the device's ACL.</summary>
    AclDeniedPublish,

    /// <summary>A subscription outside the device's ACL.</summary>
    AclDeniedSubscribe,

    /// <summary>A message refused by ingress validation (bad payload, out of range) and dead-lettered.</summary>
    DeadLetter,

    /// <summary>A sequence, timestamp or uptime out of range (logged besides its dead letter).</summary>
    OutOfRange,

    /// <summary>A telemetry check that threw (a bug a device can trigger again and again).</summary>
    IngressError,

    /// <summary>A login refused: unknown or disabled device, wrong secret, client id not the device id.</summary>
    LoginRefused,

    /// <summary>A connection closed by a Broker:Mqtt:Limits limit (oversized packet, connect or idle timeout, a client that does not read).</summary>
    ConnectionLimit,

    /// <summary>A device that restarted its sequence counter (a new epoch).</summary>
    SequenceRestart,
}
