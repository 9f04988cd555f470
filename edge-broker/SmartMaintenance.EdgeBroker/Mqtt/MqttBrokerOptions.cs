using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>MQTT listener settings (Broker:Mqtt).</summary>
public sealed class MqttBrokerOptions
{
    public const string Section = "Broker:Mqtt";

    /// <summary>Plain TCP port; 1883 is the IANA-registered MQTT port. 0 turns the plain listener off (TLS only).</summary>
    [Range(0, 65535, ErrorMessage = "Broker:Mqtt:Port must be 0-65535.")]
    public int Port { get; set; } = 1883;

    /// <summary>Address to bind; loopback by default so a demo never listens on the plant network by accident.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Backlog of pending TCP connections: a plant-wide power dip reconnects every board at once.</summary>
    [Range(1, 65535)]
    public int ConnectionBacklog { get; set; } = 1024;

    public MqttTlsOptions Tls { get; set; } = new();

    public bool TryGetBindAddress(out IPAddress address) => IPAddress.TryParse(BindAddress, out address!);
}
