using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Sequence progress of every device (see <see cref="DeviceSequence"/>), kept across its connections. The
/// redelivery mark is in memory only: after a broker restart a replay reaches the cloud, which de-duplicates by
/// (device, sequence). What must survive a restart is on disk in sequences.json: each device's epoch base (the
/// offset of its cloud sequences after a counter restart; written and fsynced at once when an epoch starts, before
/// the first reading of the epoch is acknowledged) and its highest sequence (saved every FlushInterval and at
/// stop; only used to notice a counter that restarted while the broker was down, so a stale value is harmless).
/// </summary>
public sealed partial class SequenceTracker : BackgroundService
{
    private const string FileName = "sequences.json";
    private readonly ConcurrentDictionary<string, DeviceSequence> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Base, long Highest)> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _fileGate = new();
    private readonly SequenceOptions _options;
    private readonly string? _directory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // What the last save wrote, summed: the periodic save skips a file that would not change.
    private long _savedSignature = long.MinValue;

    /// <summary>In memory only (tests, benchmarks).</summary>
    public SequenceTracker()
        : this(new SequenceOptions(), null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SequenceTracker>.Instance)
    {
    }

    public SequenceTracker(IOptions<SequenceOptions> options, TimeProvider time, ILogger<SequenceTracker> logger)
        : this(options.Value, options.Value.Directory, time, logger)
    {
    }

    private SequenceTracker(SequenceOptions options, string? directory, TimeProvider time, ILogger logger)
    {
        _options = options;
        _directory = directory;
        _time = time;
        _logger = logger;
        if (directory is not null)
        {
            Load(directory);
        }
    }

    /// <summary>The device's state; looked up once per connection (the session keeps it).</summary>
    public DeviceSequence For(string deviceId) => _devices.GetOrAdd(deviceId, id =>
        _loaded.TryGetValue(id, out var saved)
            ? new DeviceSequence(id, _options.ReplayWindow, saved.Base, saved.Highest)
            : new DeviceSequence(id, _options.ReplayWindow));

    /// <summary>
    /// A device started a new epoch: save at once (fsynced), so the new base survives a crash before any reading
    /// keyed by it is acknowledged. A failed save is logged; the base in memory is still right while this run lasts.
    /// </summary>
    public void EpochStarted(DeviceSequence device, long sequence, long cloudSequence)
    {
        LogEpoch(device.DeviceId, sequence, device.EpochBase, cloudSequence);
        Save();
    }

    /// <summary>Writes sequences.json (temp file, fsync, rename): a crash leaves the old or the new file, never a torn one.</summary>
    public void Save()
    {
        if (_directory is null)
        {
            return;
        }

        lock (_fileGate)
        {
            var signature = Signature();
            try
            {
                System.IO.Directory.CreateDirectory(_directory);
                var path = Path.Combine(_directory, FileName);
                var temp = path + ".tmp";
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    using (var json = new Utf8JsonWriter(stream))
                    {
                        json.WriteStartObject();
                        json.WriteNumber("version", 1);
                        json.WriteStartObject("devices");
                        // Devices not seen in this run keep what the file said.
                        foreach (var (id, saved) in _loaded)
                        {
                            if (!_devices.ContainsKey(id))
                            {
                                WriteDevice(json, id, saved.Base, saved.Highest);
                            }
                        }

                        foreach (var device in _devices.Values)
                        {
                            WriteDevice(json, device.DeviceId, device.EpochBase, device.Highest);
                        }

                        json.WriteEndObject();
                        json.WriteEndObject();
                    }

                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
                Volatile.Write(ref _savedSignature, signature);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSaveFailed(ex);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_directory is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Signature() != Volatile.Read(ref _savedSignature))
                {
                    Save();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final save is in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Save();
    }

    /// <summary>Changes whenever a device's highest sequence or epoch base does (both only grow) or a device is added.</summary>
    private long Signature()
    {
        long sum = _devices.Count;
        foreach (var device in _devices.Values)
        {
            unchecked
            {
                sum += device.Highest + device.EpochBase;
            }
        }

        return sum;
    }

    private static void WriteDevice(Utf8JsonWriter json, string id, long epochBase, long highest)
    {
        json.WriteStartObject(id);
        json.WriteNumber("base", epochBase);
        json.WriteNumber("highest", highest);
        json.WriteEndObject();
    }

    private void Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var device in document.RootElement.GetProperty("devices").EnumerateObject())
            {
                _loaded[device.Name] = (device.Value.GetProperty("base").GetInt64(), device.Value.GetProperty("highest").GetInt64());
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException
            or KeyNotFoundException or FormatException)
        {
            // Refusing to start would stop every device; starting without it loses only restart detection for a
            // counter that restarted while the broker was down, and epoch bases, which is logged loudly.
            _loaded.Clear();
            LogLoadFailed(path, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} restarted its sequence counter at {Sequence}: new epoch, base {EpochBase}, forwarded to the cloud as sequence {CloudSequence}")]
    private partial void LogEpoch(string deviceId, long sequence, long epochBase, long cloudSequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the device sequences file")]
    private partial void LogSaveFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device sequences file {Path} unreadable; starting without epoch bases")]
    private partial void LogLoadFailed(string path, Exception ex);
}
