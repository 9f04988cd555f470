using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>Loads the TLS listener's certificate from a PFX or a PEM pair; errors name the setting to fix.</summary>
public static class TlsCertificateLoader
{
    public static X509Certificate2 Load(MqttTlsOptions tls)
    {
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            throw new InvalidOperationException("Broker:Mqtt:Tls:CertificatePath is required when Broker:Mqtt:Tls:Enabled is true.");
        }

        if (!File.Exists(tls.CertificatePath))
        {
            throw new InvalidOperationException($"Broker:Mqtt:Tls:CertificatePath '{tls.CertificatePath}' does not exist.");
        }

        try
        {
            X509Certificate2 certificate;
            if (tls.KeyPath is { Length: > 0 })
            {
                using var pem = string.IsNullOrEmpty(tls.Password)
                    ? X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(tls.CertificatePath, tls.Password, tls.KeyPath);
                // Re-import through PKCS#12 so SslStream gets a key it can use on every platform.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            else
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password);
            }

            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException(
                    $"Broker:Mqtt:Tls:CertificatePath '{tls.CertificatePath}' has no private key (give a PFX with its key, or Broker:Mqtt:Tls:KeyPath).");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The TLS certificate '{tls.CertificatePath}' cannot be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>For options validation at start: null when the certificate loads, else why not.</summary>
    public static string? Problem(MqttTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            return null;
        }

        try
        {
            using var certificate = Load(tls);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
