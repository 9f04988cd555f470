using System.Globalization;
using System.Text;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// A deterministic stream of readings over many sensors, the same for the single-instance reference and every
/// cluster run: <see cref="Devices"/> machines of one sensor each (temperature, vibration or current in turn), sampled
/// once a second. Every fifth machine has a fault (five readings well above its normal noise) after its detector's
/// baseline, so incidents open; three vibration readings are out of the validation range (600 mm/s, above the
/// 500 mm/s limit but plausible to ingestion), so the rejection path runs too.
/// One sensor per machine because validation runs per sensor and anomaly detection per device: the readings of a
/// machine with several sensors reach its detector in an order that depends on how the sensors' validation
/// partitions interleave when a burst arrives (also with one instance), and the detector's decision depends on that
/// order. One sensor per machine keeps the input order of each detector fixed, so decisions can be compared.
/// </summary>
internal sealed class Workload
{
    public const int Devices = 24;
    public const int Observations = 60;
    public const int ChunkObservations = 15;
    public const int FaultFrom = 42;
    public const int FaultTo = 46;
    public const int RejectedAt = 36;

    private static readonly (string Suffix, string Type, string Unit, double Mean, double Noise, double Fault)[] Sensors =
    [
        ("temp", "temperature", "°C", 60, 0.5, 20),
        ("vib", "vibration", "mm/s", 5, 0.3, 25),
        ("cur", "current", "A", 10, 0.2, 8),
    ];

    // Minutes in the past, whole seconds: inside the validation's MaxAge and never in the future.
    private readonly DateTimeOffset _start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1200);

    public static int Readings => Devices * Observations;
    public static IEnumerable<int> FaultyDevices => Enumerable.Range(0, Devices).Where(d => d % 5 == 0);
    public static IEnumerable<int> RejectingDevices => [1, 7, 13];

    public static string Device(int d) => $"so-dev-{d + 1:D2}";

    /// <summary>The batch bodies (POST /api/v1/data/ingest/batch) of one device's observations [from, to), in chunks.</summary>
    public IEnumerable<string> Batches(int device, int from, int to)
    {
        for (var chunk = from; chunk < to; chunk += ChunkObservations)
        {
            yield return Batch(device, chunk, Math.Min(chunk + ChunkObservations, to));
        }
    }

    private string Batch(int device, int from, int to)
    {
        var id = Device(device);
        var (suffix, type, unit, mean, noise, fault) = Sensors[device % Sensors.Length];
        var random = new Random(1000 + device);
        // The noise of observation o is the o-th draw of the device's own seed, whatever chunk it falls in.
        var draws = Enumerable.Range(0, Observations).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var items = new StringBuilder();
        for (var o = from; o < to; o++)
        {
            var value = mean + noise * draws[o];
            if (FaultyDevices.Contains(device) && o is >= FaultFrom and <= FaultTo)
            {
                value += fault;
            }

            if (o == RejectedAt && RejectingDevices.Contains(device))
            {
                value = 600;
            }

            var sequence = o + 1;
            var at = _start.AddSeconds(o);
            if (items.Length > 0)
            {
                items.Append(',');
            }

            items.Append(CultureInfo.InvariantCulture,
                $$"""{"site":"plant-1","device_id":"{{id}}","sequence":{{sequence}},"received_at":"{{at.AddMilliseconds(200):O}}","message":{"v":1,"dev":"{{id}}","seq":{{sequence}},"ts":{{at.ToUnixTimeMilliseconds()}},"cv":1,"sid":"{{id}}-{{suffix}}","st":"{{type}}","u":"{{unit}}","k":"r","val":{{value.ToString("R", CultureInfo.InvariantCulture)}} } }""");
        }

        return $$"""{"broker_id":"so-broker","batch_id":"{{id}}-{{from}}","items":[{{items}}]}""";
    }

    /// <summary>
    /// Posts observations [from, to) of every device: devices in parallel, each device's chunks one after the other
    /// (a device's readings are stored in time order, as its broker sends them), each chunk to the next instance in
    /// turn, so one machine's readings enter through several instances. A refused batch fails with the instance's
    /// answer and log (<see cref="CloudInstance.PostJsonAsync"/>).
    /// </summary>
    public async Task IngestAsync(IReadOnlyList<CloudInstance> instances, int from, int to)
    {
        await Task.WhenAll(Enumerable.Range(0, Devices).Select(async device =>
        {
            var turn = device;
            foreach (var body in Batches(device, from, to))
            {
                await instances[turn++ % instances.Count].PostJsonAsync("/api/v1/data/ingest/batch", body);
            }
        }));
    }
}
