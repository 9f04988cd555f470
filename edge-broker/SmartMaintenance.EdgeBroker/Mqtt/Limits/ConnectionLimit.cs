namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>Which bound closed (or refused) a connection; the label of sm_broker_connection_limits_total.</summary>
public enum ConnectionLimit
{
    PacketSize,
    ConnectTimeout,
    IdleTimeout,
    WriteTimeout,
    Unacknowledged,
    AddressRate,
    MaxConnections,
}
