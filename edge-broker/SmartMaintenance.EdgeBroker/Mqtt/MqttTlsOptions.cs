using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>The TLS listener (Broker:Mqtt:Tls). Off by default; when on, the certificate must load at start.</summary>
public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>8883 is the IANA-registered port of MQTT over TLS.</summary>
    [Range(1, 65535, ErrorMessage = "Broker:Mqtt:Tls:Port must be 1-65535.")]
    public int Port { get; set; } = 8883;

    /// <summary>A .pfx/.p12 file (with Password if it has one) or a PEM certificate (with KeyPath).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key, for a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PFX password or encrypted PEM key password; from the environment (Broker__Mqtt__Tls__Password).</summary>
    public string? Password { get; set; }
}
