using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>MQTT listener settings.</summary>
public sealed class MqttBrokerOptions
{
    public const string Section = "Broker:Mqtt";

    /// <summary>Plain TCP port; 1883 is the IANA-registered MQTT port.</summary>
    [Range(1, 65535, ErrorMessage = "Broker:Mqtt:Port must be 1-65535.")]
    public int Port { get; set; } = 1883;

    /// <summary>Address to bind; loopback by default so a demo never listens on the plant network by accident.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    public bool TryGetBindAddress(out IPAddress address) => IPAddress.TryParse(BindAddress, out address!);
}
