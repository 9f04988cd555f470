using SmartMaintenance.Contracts;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>Outcome of a device login.</summary>
public enum DeviceAuthResult
{
    Accepted,
    UnknownDevice,
    Disabled,
    WrongSecret,
}

/// <summary>
/// The broker's device list, loaded from the device file. Verifies logins; a secret that verified once is
/// remembered as its SHA-256, so reconnect storms cost one hash, not one PBKDF2, per device. A login for an unknown
/// or disabled device is verified against a dummy hash of the same iteration count, so a wrong login costs one
/// PBKDF2 whether the device id exists or not: the answer time does not tell which ids exist.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly string _path;
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);
    private volatile Dictionary<string, DeviceRecord> _devices = new(StringComparer.Ordinal);
    private volatile string _dummyHash = "";
    private long _hashVerifications;

    public DeviceRegistry(IOptions<DeviceRegistryOptions> options)
    {
        _path = options.Value.File;
        Reload();
    }

    public int Count => _devices.Count;

    /// <summary>PBKDF2 verifications done (tests: a wrong login costs one whether the device exists or not).</summary>
    internal long HashVerifications => Interlocked.Read(ref _hashVerifications);

    /// <summary>Reads the device file again (missing file = no devices).</summary>
    public void Reload()
    {
        var file = Load(_path);
        _devices = file.Devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        _verified.Clear();
        // The iterations of the provisioned hashes (the cloud and the provision command use one setting).
        var iterations = file.Devices.Select(d => d.SecretHash.Split('$')).Where(p => p.Length == 4)
            .Select(p => int.TryParse(p[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .FirstOrDefault(n => n > 0);
        _dummyHash = DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret(), iterations > 0 ? iterations : DeviceSecretHasher.DefaultIterations);
    }

    public DeviceRecord? Find(string deviceId) => _devices.GetValueOrDefault(deviceId);

    public DeviceAuthResult Authenticate(string? deviceId, string? secret, out DeviceRecord? device)
    {
        device = deviceId is null ? null : Find(deviceId);
        if (device is null || !device.Enabled || string.IsNullOrEmpty(secret))
        {
            // The same PBKDF2 as a wrong secret of a known device; its result is thrown away.
            Verify(secret ?? "", _dummyHash);
            return device is null ? DeviceAuthResult.UnknownDevice : !device.Enabled ? DeviceAuthResult.Disabled : DeviceAuthResult.WrongSecret;
        }

        var quick = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (_verified.TryGetValue(device.DeviceId, out var known) && CryptographicOperations.FixedTimeEquals(known, quick))
        {
            return DeviceAuthResult.Accepted;
        }

        if (!Verify(secret, device.SecretHash))
        {
            return DeviceAuthResult.WrongSecret;
        }

        _verified[device.DeviceId] = quick;
        return DeviceAuthResult.Accepted;
    }

    private bool Verify(string secret, string hash)
    {
        Interlocked.Increment(ref _hashVerifications);
        return DeviceSecretHasher.Verify(secret, hash);
    }

    internal static DeviceFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new DeviceFile();
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, DeviceJsonContext.Default.DeviceFile)
            ?? throw new InvalidDataException($"Device file '{path}' is empty.");
    }

    /// <summary>Writes the file atomically (temp file + rename), so a crash never leaves half a file.</summary>
    internal static void Save(string path, DeviceFile file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            JsonSerializer.Serialize(stream, file, DeviceJsonContext.Default.DeviceFile);
        }

        File.Move(temp, path, overwrite: true);
    }
}

public static class DeviceRegistryExtensions
{
    public static IServiceCollection AddDeviceRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeviceRegistryOptions>()
            .Bind(configuration.GetSection(DeviceRegistryOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.File), "Broker:Devices:File must name the device file.")
            .ValidateOnStart();
        services.AddSingleton<DeviceRegistry>();
        return services;
    }
}
