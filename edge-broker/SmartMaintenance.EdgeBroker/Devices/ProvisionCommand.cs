using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>
/// `provision --device &lt;id&gt; --site &lt;site&gt; [--file &lt;devices.json&gt;] [--secret &lt;secret&gt;]`:
/// adds (or re-keys) a device and prints its secret once. Only the hash is written to disk.
/// With `--device-config &lt;path&gt;` it also writes the board's provisioning file (ProvisioningFields: id,
/// secret, site, broker, Wi-Fi, CA), which the technician deploys to the board's I:\device.json (firmware/README.md),
/// so a board is provisioned without recompiling. That file holds the secret in clear: it is for the board only.
/// </summary>
public static class ProvisionCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? device = null, site = null, secret = null;
        var file = new DeviceRegistryOptions().File;
        var board = new BoardFile();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--device": device = args[i + 1]; break;
                case "--site": site = args[i + 1]; break;
                case "--file": file = args[i + 1]; break;
                case "--secret": secret = args[i + 1]; break;
                case "--device-config": board.Path = args[i + 1]; break;
                case "--broker-host": board.BrokerHost = args[i + 1]; break;
                case "--broker-port": board.BrokerPort = args[i + 1]; break;
                case "--tls": board.Tls = args[i + 1]; break;
                case "--ca": board.CaFile = args[i + 1]; break;
                case "--wifi-ssid": board.Ssid = args[i + 1]; break;
                case "--wifi-password": board.Password = args[i + 1]; break;
                case "--cloud-url": board.CloudUrl = args[i + 1]; break;
                case "--cloud-key": board.CloudKey = args[i + 1]; break;
                default:
                    error.WriteLine($"Unknown option '{args[i]}'.");
                    return 2;
            }
        }

        if (args.Length % 2 != 0)
        {
            error.WriteLine($"Option '{args[^1]}' needs a value.");
            return 2;
        }

        if (!TopicScheme.IsValidId(device) || !TopicScheme.IsValidId(site))
        {
            error.WriteLine("Usage: provision --device <id> --site <site> [--file <devices.json>] [--secret <secret>] [board file options]");
            error.WriteLine(BoardFile.Usage);
            error.WriteLine("Ids are 1-64 characters of letters, digits, '-', '_' or '.'.");
            return 2;
        }

        if (secret is not null && secret.Length < 16)
        {
            error.WriteLine("A given secret must be at least 16 characters.");
            return 2;
        }

        var boardProblem = board.Check();
        if (boardProblem is not null)
        {
            error.WriteLine(boardProblem);
            error.WriteLine(BoardFile.Usage);
            return 2;
        }

        secret ??= DeviceSecretHasher.NewSecret();
        var devices = DeviceRegistry.Load(file);
        devices.Devices.RemoveAll(d => d.DeviceId == device);
        devices.Devices.Add(new DeviceRecord { DeviceId = device!, Site = site!, Enabled = true, SecretHash = DeviceSecretHasher.Hash(secret) });
        DeviceRegistry.Save(file, devices);
        output.WriteLine($"device {device} provisioned for site {site} in {file}");
        output.WriteLine($"secret: {secret}");
        output.WriteLine("The secret is shown once; only its hash is stored.");
        if (board.Path is not null)
        {
            board.Write(device!, site!, secret);
            output.WriteLine($"board provisioning file written to {board.Path}; deploy it to the board as {ProvisioningFields.DevicePath}");
        }

        return 0;
    }

    /// <summary>The optional board provisioning file and the options that fill it.</summary>
    private sealed class BoardFile
    {
        public const string Usage = "Board file: --device-config <path> --broker-host <host> --wifi-ssid <ssid> [--wifi-password <psk>] "
            + "[--broker-port <port>] [--tls true|false] [--ca <ca.pem>] [--cloud-url <url> --cloud-key <ingest api key>]";

        public string? Path;
        public string? BrokerHost;
        public string? BrokerPort;
        public string? Tls;
        public string? CaFile;
        public string? Ssid;
        public string? Password;
        public string? CloudUrl;
        public string? CloudKey;

        private int _port;
        private bool _tls;
        private string? _ca;

        /// <summary>Null when the options make a file the board accepts (or no file was asked for), else why not.</summary>
        public string? Check()
        {
            if (Path is null)
            {
                var boardOptionGiven = BrokerHost is not null || Ssid is not null || CaFile is not null || CloudUrl is not null;
                return boardOptionGiven ? "--broker-host, --wifi-ssid, --ca and --cloud-url need --device-config." : null;
            }

            if (string.IsNullOrWhiteSpace(BrokerHost) || string.IsNullOrWhiteSpace(Ssid))
            {
                return "--device-config needs --broker-host and --wifi-ssid.";
            }

            if (Ssid.Length > 32 || (Password is { Length: > 0 } && Password.Length is < 8 or > 64))
            {
                return "The SSID is at most 32 characters; a WPA2 password 8 to 64 (omit it for an open network).";
            }

            if (Tls is not null && !bool.TryParse(Tls, out _tls))
            {
                return "--tls takes true or false.";
            }

            if (BrokerPort is not null && (!int.TryParse(BrokerPort, out _port) || _port is < 1 or > 65535))
            {
                return "--broker-port must be 1 to 65535.";
            }

            if (CaFile is not null)
            {
                if (!File.Exists(CaFile))
                {
                    return $"CA file '{CaFile}' not found.";
                }

                _ca = File.ReadAllText(CaFile);
                if (!_ca.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    return $"'{CaFile}' is not a PEM certificate.";
                }
            }

            var https = CloudUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
            if ((_tls || https) && _ca is null)
            {
                return "TLS to the broker or an https cloud URL needs --ca <ca.pem>.";
            }

            if (CloudUrl is not null && (string.IsNullOrWhiteSpace(CloudKey)
                || !(https || CloudUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))))
            {
                return "--cloud-url must be http(s):// and needs --cloud-key (an API key with the ingest scope).";
            }

            return null;
        }

        public void Write(string device, string site, string secret)
        {
            using var stream = new MemoryStream();
            // Relaxed escaping keeps the PEM readable for the technician; quotes, backslashes and controls are still escaped.
            var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using (var json = new Utf8JsonWriter(stream, options))
            {
                json.WriteStartObject();
                json.WriteNumber(ProvisioningFields.FileVersion, ProvisioningFields.CurrentVersion);
                json.WriteString(ProvisioningFields.DeviceId, device);
                json.WriteString(ProvisioningFields.Secret, secret);
                json.WriteString(ProvisioningFields.Site, site);
                json.WriteString(ProvisioningFields.BrokerHost, BrokerHost);
                if (_port != 0)
                {
                    json.WriteNumber(ProvisioningFields.BrokerPort, _port);
                }

                json.WriteBoolean(ProvisioningFields.Tls, _tls);
                if (_ca is not null)
                {
                    json.WriteString(ProvisioningFields.CaCertificate, _ca);
                }

                json.WriteString(ProvisioningFields.WifiSsid, Ssid);
                json.WriteString(ProvisioningFields.WifiPassword, Password ?? string.Empty);
                if (CloudUrl is not null)
                {
                    json.WriteString(ProvisioningFields.CloudUrl, CloudUrl);
                    json.WriteString(ProvisioningFields.CloudApiKey, CloudKey);
                }

                json.WriteEndObject();
            }

            if (stream.Length > ProvisioningFields.MaxFileBytes)
            {
                throw new InvalidOperationException($"The board file would be {stream.Length} bytes; the board reads at most {ProvisioningFields.MaxFileBytes}.");
            }

            File.WriteAllBytes(Path!, stream.ToArray());
            if (!OperatingSystem.IsWindows())
            {
                // The file holds the device secret in clear: readable by its owner only.
                File.SetUnixFileMode(Path!, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
