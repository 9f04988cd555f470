using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Ml.Tests.Api;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Rul;

/// <summary>
/// RUL in the product: a C-MAPSS test engine replayed as a turbofan of the plant through the CSV ingest API (the
/// replay command's CSV), the prediction agent estimating it from the stored cycles, the estimate kept as the
/// machine's latest with its interval and served by GET /api/v1/rul/machines/{id}; a machine without the turbofan's
/// sensors gets none.
/// </summary>
public sealed class RulInTheProductTests
{
    [Fact]
    public async Task ReplayedTurbofan_PredictionAgentEstimatesItsRul_WithTheModelsInterval_AndAPumpGetsNone()
    {
        await using var host = await CloudHost.StartAsync(seed: false, seedRul: true, "--Cloud:Ml:TrainBaselineOnStart=false");
        var engine = SmallRulModel.Test.First(e => e.Cycles >= 100);
        var device = $"turbofan-{engine.Unit}";
        using (var csv = new StringContent(TurbofanReplay.Csv(engine, device, DateTimeOffset.UtcNow.AddSeconds(-1), TimeSpan.FromSeconds(1)), Encoding.UTF8, "text/csv"))
        {
            using var ingest = await host.Http.PostAsync("/api/v1/data/ingest/csv", csv);
            Assert.True(ingest.IsSuccessStatusCode, await ingest.Content.ReadAsStringAsync());
        }

        using (var pump = new StringContent("device_id,sensor_id,value,sensor_type,unit\n"
            + string.Concat(Enumerable.Range(0, 20).Select(i => $"pump-1,air-temp,{300 + i * 0.1:F1},temperature,K\n")), Encoding.UTF8, "text/csv"))
        {
            using var ingest = await host.Http.PostAsync("/api/v1/data/ingest/csv", pump);
            Assert.True(ingest.IsSuccessStatusCode, await ingest.Content.ReadAsStringAsync());
        }

        var latest = await Eventually.WaitForAsync(async () =>
            {
                using var r = await host.Http.GetAsync($"/api/v1/rul/machines/{device}");
                return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
            }, e => e is { } j && j.GetProperty("cycles_seen").GetInt32() >= engine.Cycles - 5, TimeSpan.FromMinutes(3),
            $"the estimate of {device} near its last cycle ({engine.Cycles})");

        // The same figures as the model gives for the engine's first cycles_seen cycles directly: the stored cycles are
        // the engine's. (A cycle whose closing reading the validation agent refused is estimated with the next one.)
        var estimate = latest!.Value;
        var seen = estimate.GetProperty("cycles_seen").GetInt32();
        var direct = await host.Services.GetRequiredService<RulPredictor>().PredictAsync("cmapss-rul", ModelRegistry.Auto, [.. engine.Sensors.Take(seen)], default);
        Assert.Equal(direct.Rul, estimate.GetProperty("rul").GetDouble(), 6);
        Assert.Equal(direct.Low, estimate.GetProperty("low").GetDouble(), 6);
        Assert.Equal(direct.High, estimate.GetProperty("high").GetDouble(), 6);
        Assert.True(direct.Low <= direct.Rul && direct.Rul <= direct.High && direct.Low < direct.High, $"interval [{direct.Low}, {direct.High}] around {direct.Rul}");
        Assert.Equal(direct.IntervalCoverage, estimate.GetProperty("interval_coverage").GetDouble(), 6);
        Assert.Equal("cmapss-rul", estimate.GetProperty("model_name").GetString());

        using var none = await host.Http.GetAsync("/api/v1/rul/machines/pump-1");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("cmapss.s2", await none.Content.ReadAsStringAsync());
        var reason = await host.Services.GetRequiredService<SmartMaintenance.Cloud.Agents.Prediction.IRulEstimator>()
            .EstimateAsync("pump-1", DateTimeOffset.UtcNow, default);
        Assert.StartsWith("no RUL: pump-1 does not report the C-MAPSS sensors", reason);
    }
}
