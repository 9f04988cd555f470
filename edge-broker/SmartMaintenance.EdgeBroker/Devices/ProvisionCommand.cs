using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>
/// `provision --device &lt;id&gt; --site &lt;site&gt; [--file &lt;devices.json&gt;] [--secret &lt;secret&gt;]`:
/// adds (or re-keys) a device and prints its secret once. Only the hash is written to disk.
/// </summary>
public static class ProvisionCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? device = null, site = null, secret = null;
        var file = new DeviceRegistryOptions().File;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--device": device = args[i + 1]; break;
                case "--site": site = args[i + 1]; break;
                case "--file": file = args[i + 1]; break;
                case "--secret": secret = args[i + 1]; break;
                default:
                    error.WriteLine($"Unknown option '{args[i]}'.");
                    return 2;
            }
        }

        if (!TopicScheme.IsValidId(device) || !TopicScheme.IsValidId(site))
        {
            error.WriteLine("Usage: provision --device <id> --site <site> [--file <devices.json>] [--secret <secret>]");
            error.WriteLine("Ids are 1-64 characters of letters, digits, '-', '_' or '.'.");
            return 2;
        }

        if (secret is not null && secret.Length < 16)
        {
            error.WriteLine("A given secret must be at least 16 characters.");
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
        return 0;
    }
}
