using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Ml.Plant;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Api;
using SmartMaintenance.TestSupport;
using SmartMaintenance.VirtualDevice.Faults;
using SmartMaintenance.VirtualDevice.Machine;
using Xunit.Abstractions;

namespace SmartMaintenance.Cloud.Ml.Tests.Plant;

/// <summary>
/// Learning from the plant, end to end on the real cloud host (SQLite, the ML registry in a temp folder): the virtual
/// fleet's machine model (AI4I-like physics) with injected run-ups toward power and heat-dissipation failures
/// (FaultInjector) is "the plant". Its readings go in through the CSV ingest API. People then record what they found,
/// through the APIs the dashboard and the technicians use: incidents resolved with a finding (POST
/// /api/v1/incidents/{id}/resolve), completed orders and inspections as plant labels over a span of the machine's
/// stored readings (POST /api/v1/ml/plant-labels with from/to). The findings become labelled windows of the stored
/// readings; a retraining on them is requested (POST /api/v1/ml/retrain?profile=plant); its champion/challenger decision
/// on the held-out plant labels and the floor is asserted with its figures, and the registry says what the
/// promoted model saw.
/// Deterministic by construction: the plant is seeded, the findings are a fixed plan (which incidents exist and what was
/// found is not left to the detector: the incidents are opened at fixed spans through the incident store, as the
/// anomaly agent opens them, and the agents' own detector and drift retraining are kept out of the way by settings),
/// the held-out share is the product's fixed rule per label id, and training is single-threaded with fixed seeds.
/// The detector's part of the journey has its own tests (agents: incident journeys, healthy fleet).
/// </summary>
public sealed class PlantLearningEndToEndTests(ITestOutputHelper output)
{
    private const int Ticks = 360;
    private const int RunUpStart = 120;

    /// <summary>Where a run-up is plain on the machine: its last two thirds (the first third hardly moves the physics).</summary>
    private const int RunUpFound = RunUpStart + 80;

    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    /// <summary>plant-01..06 run up toward a failure (PWF, HDF alternating), plant-07..12 stay healthy.</summary>
    private static readonly (string Device, string? Mode)[] Fleet =
    [
        .. Enumerable.Range(1, 6).Select(i => ($"plant-{i:D2}", (string?)(i % 2 == 0 ? "hdf" : "pwf"))),
        .. Enumerable.Range(7, 6).Select(i => ($"plant-{i:D2}", (string?)null)),
    ];

    private enum Via { Incident, Order, Inspection }

    /// <summary>
    /// What people find, in this order (incident ids follow it: 1, 2, ... in the fresh database). Faulty machines are
    /// found with their mode during the run-up and with nothing before it; healthy machines' false alarms and
    /// inspections find nothing. Ticks are seconds from the plant's start, both ends included.
    /// </summary>
    private static readonly (string Device, string Finding, int From, int To, Via Via)[] Plan =
    [
        ("plant-01", "no-fault", 20, 100, Via.Incident),
        ("plant-02", "no-fault", 20, 100, Via.Incident),
        ("plant-01", "PWF", RunUpFound, Ticks - 1, Via.Incident),
        ("plant-02", "HDF", RunUpFound, Ticks - 1, Via.Incident),
        ("plant-03", "PWF", RunUpFound, Ticks - 1, Via.Incident),
        ("plant-04", "HDF", RunUpFound, Ticks - 1, Via.Incident),
        ("plant-07", "no-fault", 100, 250, Via.Incident),
        ("plant-08", "no-fault", 100, 250, Via.Incident),
        ("plant-09", "no-fault", 100, 250, Via.Incident),
        ("plant-10", "no-fault", 100, 250, Via.Incident),
        ("plant-05", "PWF", RunUpFound, Ticks - 1, Via.Order),
        ("plant-06", "HDF", RunUpFound, Ticks - 1, Via.Order),
        ("plant-11", "no-fault", 100, 250, Via.Inspection),
        ("plant-12", "no-fault", 100, 250, Via.Inspection),
    ];

    [Fact]
    public async Task FixedFindingsOnInjectedFaults_RetrainingOnPlantLabels_DecidesByItsRuleAndRecordsWhatItSaw()
    {
        await using var host = await CloudHost.StartAsync(seed: true,
            "--Cloud:Ml:TrainBaselineOnStart=false",
            // The findings are the test's fixed plan: the machine detector never finishes its baseline here (so it
            // opens no incident of its own), nor does the drift agent ever compare windows (so it starts no retraining).
            "--Cloud:Agents:Anomaly:Detector:BaselineObservations=1000000",
            "--Cloud:Agents:Anomaly:RebuildWindow=00:00:00",
            "--Cloud:Agents:Drift:ReferenceSize=1000000");
        var champion = (await host.Registry.ResolveAsync("ai4i-failure", ModelRegistry.Auto, default))!;
        using var http = host.Client(CloudHost.ApiKey);
        http.Timeout = TimeSpan.FromMinutes(5);
        // Whole seconds, so every reading time and span end is exact in the stores' millisecond times.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Ticks - 5);
        DateTimeOffset At(int tick) => start.AddSeconds(tick);

        // 1. The plant runs: every machine's seven sensors once a second, through the ingest API.
        using (var csv = new StringContent(Csv(start), Encoding.UTF8, "text/csv"))
        {
            using var ingest = await http.PostAsync("/api/v1/data/ingest/csv", csv);
            var result = await ingest.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(ingest.IsSuccessStatusCode, result.ToString());
            Assert.Equal(Fleet.Length * Ticks * MachineSensors.Count, result.GetProperty("stored").GetInt32());
        }

        // 2. People record what they found, in the plan's order.
        var incidents = host.Services.GetRequiredService<IIncidentStore>();
        var expectedIds = new List<string>();
        foreach (var (device, finding, from, to, via) in Plan)
        {
            string id;
            if (via == Via.Incident)
            {
                var incident = await OpenIncidentAsync(incidents, device, At(from), At(to));
                var reason = finding == PlantLabel.NoFault ? "no-fault" : "maintenance-done";
                using var resolve = await http.PostAsJsonAsync($"/api/v1/incidents/{incident}/resolve",
                    new { reason, finding, note = "checked on site", @operator = "tech-1" });
                Assert.True(resolve.IsSuccessStatusCode, await resolve.Content.ReadAsStringAsync());
                id = $"incident:{incident}";
                // The label is the incident's abnormal span of stored readings: one row per second, both ends included.
                Assert.Equal($"recorded {id} ({to - from + 1} readings)", string.Join("", resolve.Headers.GetValues("X-Plant-Label")));
                var log = await http.GetFromJsonAsync<JsonElement>($"/api/v1/decisions?incident_id={incident}");
                Assert.Contains(log.EnumerateArray(), d => d.GetProperty("kind").GetString() == "Resolve"
                    && d.GetProperty("reason").GetString()!.Contains($"found {finding}", StringComparison.Ordinal));
            }
            else
            {
                id = $"{via.ToString().ToLowerInvariant()}:{device}";
                using var recorded = await http.PostAsJsonAsync("/api/v1/ml/plant-labels", new
                {
                    id, device_id = device, finding, source = id, recorded_by = "tech-1", from = At(from), to = At(to),
                });
                Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
            }

            expectedIds.Add(id);
        }

        var labels = (await http.GetFromJsonAsync<List<PlantLabel>>("/api/v1/ml/plant-labels", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), labels.Select(l => l.Id).Order(StringComparer.Ordinal));
        foreach (var (device, finding, from, to, _) in Plan)
        {
            Assert.Contains(labels, l => l.DeviceId == device && l.Finding == finding && l.Window.Count == to - from + 1);
        }

        // The held-out share is the product's fixed rule per label id; this plan puts failures and no-fault findings
        // in both shares (else the retraining would refuse to train, and this test would test nothing).
        var heldOut = labels.Where(PlantRetraining.IsHeldOut).ToList();
        var training = labels.Where(l => !PlantRetraining.IsHeldOut(l)).ToList();
        output.WriteLine($"held out: {string.Join(", ", heldOut.Select(l => $"{l.Id} {l.Finding}"))}");
        Assert.True(heldOut.Any(l => l.IsFailure) && heldOut.Any(l => !l.IsFailure), "held-out share needs both classes");
        Assert.True(training.Any(l => l.IsFailure) && training.Any(l => !l.IsFailure), "training share needs both classes");

        // 3. Retraining on the plant's labels, on demand (nothing else retrains in this host, so the first request is taken).
        string jobId;
        using (var retrain = await http.PostAsJsonAsync("/api/v1/ml/retrain?profile=plant", new { reason = "plant labels (test)" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, retrain.StatusCode);
            jobId = (await retrain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        var job = await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>($"/api/v1/ml/retrain/jobs/{jobId}"),
            j => j.GetProperty("state").GetString() != "running", Wait, "the plant retraining job to finish");
        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        var decision = job.GetProperty("decision");
        var explanation = decision.GetProperty("explanation").GetString()!;
        var comparison = decision.GetProperty("comparison").GetString()!;
        output.WriteLine(explanation);
        output.WriteLine(comparison);

        // 4. The decision and its reason. The plant teaches the run-ups, which AI4I's labels call failures only once the
        // generator's rule fires: the challenger must beat the champion on the held-out plant labels, and keep the
        // baseline's quality on the baseline's own rows (PlantRetraining's rule, Cloud.Ml README).
        Assert.Equal("plant-f1", decision.GetProperty("metric").GetString());
        var figures = System.Text.RegularExpressions.Regex.Match(explanation,
            @"held-out plant F1 (?<challenger>[0-9.]+) against the champion's (?<champion>[0-9.]+) .*cross-validated F1 on the baseline's rows (?<cv>[0-9.]+) against the floor (?<floor>[0-9.]+) \(the configuration on the baseline alone: (?<alone>[0-9.]+)");
        Assert.True(figures.Success, explanation);
        double F(string g) => double.Parse(figures.Groups[g].Value, CultureInfo.InvariantCulture);
        Assert.True(F("challenger") > F("champion") + 0.05, $"the plant's labels should teach the challenger the run-ups: {explanation}");
        var margin = decision.GetProperty("margin").GetDouble();
        Assert.InRange(F("floor") - (F("alone") - margin), -0.0011, 0.0011); // both printed to 3 decimals
        var shouldPromote = F("challenger") >= F("champion") + margin && F("cv") >= F("floor");
        Assert.Equal(shouldPromote, decision.GetProperty("promoted").GetBoolean());
        Assert.StartsWith(shouldPromote ? "promoted: " : "refused: ", explanation);
        Assert.Contains($"held-out plant labels: {heldOut.Count}", comparison);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{training.Count} plant labels ({training.Sum(l => l.Window.Count):N0} rows"), comparison);
        // The fixed plan's outcome: the plant's run-ups are learned without costing the baseline's quality.
        Assert.True(shouldPromote, explanation);

        // 5. The registry and the models API say what the new production version saw; predictions use it.
        var decisions = await http.GetFromJsonAsync<JsonElement>("/api/v1/ml/decisions");
        Assert.Contains(decisions.EnumerateArray(), d => d.GetProperty("metric").GetString() == "plant-f1"
            && d.GetProperty("explanation").GetString() == explanation);
        var versions = await http.GetFromJsonAsync<JsonElement>("/api/v1/ml/models/ai4i-failure/versions");
        var production = versions.EnumerateArray().Single(v => v.GetProperty("stage").GetString() == "production");
        Assert.Equal(decision.GetProperty("challengerVersion").GetInt32(), production.GetProperty("version").GetInt32());
        Assert.NotEqual(champion.Version, production.GetProperty("version").GetInt32());
        var notes = production.GetProperty("notes").GetString()!;
        Assert.StartsWith("learned from the plant: ", notes);
        Assert.Contains($"+ {training.Count} plant labels", notes);
        Assert.Contains($"{heldOut.Count} plant labels held out", notes);
        Assert.Contains("+plant:", production.GetProperty("dataSha256").GetString());

        // A dictionary: PostAsJsonAsync's web defaults would camel-case an anonymous type's feature names.
        using var predict = await http.PostAsJsonAsync("/api/v1/ml/predict", new
        {
            features = new Dictionary<string, object>
            {
                ["Type"] = "L", ["Air_temperature_K"] = 300.0, ["Process_temperature_K"] = 309.0, ["Rotational_speed_rpm"] = 1500.0,
                ["Torque_Nm"] = 40.0, ["Tool_wear_min"] = 100.0,
            },
        });
        Assert.True(predict.IsSuccessStatusCode, await predict.Content.ReadAsStringAsync());
        Assert.Equal(production.GetProperty("version").GetInt32(), (await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model_version").GetInt32());
    }

    /// <summary>
    /// Opens an incident spanning [first, last] the way the anomaly agent does: an opening abnormal observation at the
    /// first reading time, then an abnormal one at the last. Returns its id.
    /// </summary>
    private static async Task<long> OpenIncidentAsync(IIncidentStore store, string device, DateTimeOffset first, DateTimeOffset last)
    {
        var evidence = new[] { new SensorEvidence("torque", "torque", "Nm", 60, 40, 5, 1) };
        AbnormalObservation Observation(DateTimeOffset at, bool opening) => new($"test:{device}:{at.ToUnixTimeSeconds()}", device, device,
            $"plant-test:{device}", at, AnomalySeverity.Medium, 1e-6, evidence, MachineSensors.Count, opening, Abnormal: true, DateTimeOffset.UtcNow);
        var opened = await store.RecordAbnormalAsync(Observation(first, opening: true), default);
        Assert.NotNull(opened);
        Assert.True(opened.Created, $"an incident of {device} was still unresolved");
        var extended = await store.RecordAbnormalAsync(Observation(last, opening: false), default);
        Assert.Equal((first, last), (extended!.Incident.FirstAbnormalAt, extended.Incident.LastAbnormalAt));
        return opened.Incident.Id;
    }

    /// <summary>The fleet's readings as the CSV ingest takes them; each machine its own seed, quality M as ./run.sh starts them.</summary>
    private static string Csv(DateTimeOffset start)
    {
        var csv = new StringBuilder("device_id,sequence,sensor_id,value,sensor_type,unit,timestamp\n");
        for (var m = 0; m < Fleet.Length; m++)
        {
            var (device, mode) = Fleet[m];
            var machine = new MachineModel(100 + m, ProductQuality.M);
            var faults = new FaultInjector(mode is null ? [] : [FaultSpec.Parse($"runup:{mode}:{RunUpStart}:{Ticks - RunUpStart}")]);
            for (var tick = 0L; tick < Ticks; tick++)
            {
                faults.BeforeStep(machine, tick);
                machine.Step();
                var at = start.AddSeconds(tick).ToString("O", CultureInfo.InvariantCulture);
                for (var s = 0; s < MachineSensors.Count; s++)
                {
                    var value = faults.Apply(s, machine.Read(s), tick, machine);
                    csv.Append(CultureInfo.InvariantCulture, $"{device},{tick * MachineSensors.Count + s},{MachineSensors.Ids[s]},{value:R},{MachineSensors.Types[s]},{MachineSensors.Units[s]},{at}\n");
                }
            }
        }

        return csv.ToString();
    }
}
