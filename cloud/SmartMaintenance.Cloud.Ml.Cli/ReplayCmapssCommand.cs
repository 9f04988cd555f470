using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml.Cli;

/// <summary>
/// `replay-cmapss`: a turbofan of the demo plant. Registers a device (if it is not registered yet) and sends one
/// C-MAPSS FD001 test engine's flight cycles through the cloud's CSV ingest API, one cycle per --cycle-seconds ending
/// now; the prediction agent then estimates its remaining useful life and the device page shows it. Prints the
/// engine's true RUL (RUL_FD001.txt) to compare with. The key needs the admin, ingest and broker scopes (a
/// registered device's telemetry is the broker's): run.sh uses the bootstrap key.
/// </summary>
public static class ReplayCmapssCommand
{
    public const string Usage =
        "usage: replay-cmapss --cloud http://127.0.0.1:8080 --api-key KEY [--engine 31] [--device turbofan-31] [--site plant-1] [--data data/cmapss] [--cycle-seconds 1]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var o = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }

            o[args[i][2..]] = args[i + 1];
        }

        if (!o.TryGetValue("cloud", out var cloud) || !o.TryGetValue("api-key", out var key)
            || !int.TryParse(o.GetValueOrDefault("engine", "31"), NumberStyles.None, CultureInfo.InvariantCulture, out var unit)
            || !double.TryParse(o.GetValueOrDefault("cycle-seconds", "1"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        IReadOnlyList<CmapssEngine> test;
        try
        {
            test = CmapssLoader.LoadFd001(o.GetValueOrDefault("data") ?? CmapssLoader.DefaultFolder).Test;
        }
        catch (CmapssDataException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }

        if (test.FirstOrDefault(e => e.Unit == unit) is not { } engine)
        {
            await error.WriteLineAsync($"test_FD001 has no engine {unit} (1-{test.Count}).");
            return 2;
        }

        var device = o.GetValueOrDefault("device") ?? $"turbofan-{unit}";
        using var http = new HttpClient { BaseAddress = new Uri(cloud), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        using (var register = await http.PostAsJsonAsync("/api/v1/devices", new Dictionary<string, object>
        {
            ["device_id"] = device,
            ["site"] = o.GetValueOrDefault("site", "plant-1"),
            ["display_name"] = $"Turbofan (C-MAPSS FD001 test engine {unit})",
            ["sensors"] = Enumerable.Range(1, CmapssLoader.SensorCount).Select(s => new Dictionary<string, string>
            {
                ["sensor_id"] = RulApplicability.SensorPrefix + s, ["sensor_type"] = TurbofanReplay.SensorType, ["unit"] = TurbofanReplay.Units[s - 1],
            }).ToList(),
        }))
        {
            // 409: registered by an earlier replay; its readings are then stored once (device + sequence).
            if (!register.IsSuccessStatusCode && (int)register.StatusCode != 409)
            {
                await error.WriteLineAsync($"registering {device} failed: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}");
                return 1;
            }
        }

        using var csv = new StringContent(TurbofanReplay.Csv(engine, device, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(seconds)), Encoding.UTF8, "text/csv");
        using var response = await http.PostAsync("/api/v1/data/ingest/csv", csv);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync($"ingest failed: {(int)response.StatusCode} {body}");
            return 1;
        }

        await output.WriteLineAsync($"{device}: engine {unit}, {engine.Cycles} cycles sent ({body}); true RUL after the last cycle: {engine.TrueRul} cycles. "
            + $"The estimate: GET /api/v1/rul/machines/{device} or the device page.");
        return 0;
    }
}
