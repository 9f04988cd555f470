using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Failure Prediction: the AI4I 2020 inputs -> calibrated probability, mode and an additive explanation (log-odds
/// contributions that sum with the base value to the answer) from the chosen model version (auto = production);
/// "create maintenance order" publishes the prediction into the agent pipeline (FailurePredicted), where the
/// scheduling agent picks a technician and a slot exactly as for automatic predictions. Below: remaining useful
/// life of a C-MAPSS test engine with its interval (no machine of the fleet has turbofan sensors).
/// </summary>
public sealed class PredictionModel(IStringLocalizer<DashboardText> text, IFailurePredictor predictor, IOptions<MlOptions> ml,
    IEventBus bus, IMaintenanceOrderStore orders, IOptions<SchedulingOptions> scheduling, TimeProvider time,
    ModelRegistry registry, RulPredictor rul, CmapssSamples engines) : DashboardPage(text)
{
    /// <summary>"auto" (production) or a version number of the failure model.</summary>
    [BindProperty, RegularExpression("^(auto|[0-9]{1,6})$", ErrorMessage = "Validation.Invalid")]
    public string? ModelVersion { get; set; } = ModelRegistry.Auto;

    /// <summary>C-MAPSS FD001 test engine (1-100) for the RUL estimate.</summary>
    [BindProperty, Range(1, 100, ErrorMessage = "Validation.Invalid")]
    public int? Engine { get; set; } = 31;

    public IReadOnlyList<ModelVersion> Versions { get; private set; } = [];

    /// <summary>The production version's number, what "auto" serves (— when none).</summary>
    public string ProductionVersion => Versions.FirstOrDefault(v => v.Stage == ModelStage.Production)?.Version.ToString("N0") ?? "—";
    public RulEstimate? Rul { get; private set; }
    public CmapssEngine? RulEngine { get; private set; }
    public string? RulProblem { get; private set; }
    public string? RulDataProblem => engines.Problem;

    [BindProperty, Required(ErrorMessage = "Validation.Required"), RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Ingest.Error.SensorId")]
    public string? Machine { get; set; } = "press-01";

    [BindProperty, Required(ErrorMessage = "Validation.Required"), RegularExpression("^[LMH]$", ErrorMessage = "Validation.Invalid")]
    public string? Type { get; set; } = "L";

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(250.0, 400.0, ErrorMessage = "Prediction.Error.Kelvin")]
    public double? AirTemperatureK { get; set; } = 302.5;

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(250.0, 400.0, ErrorMessage = "Prediction.Error.Kelvin")]
    public double? ProcessTemperatureK { get; set; } = 311.2;

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(0.0, 5000.0, ErrorMessage = "Prediction.Error.Speed")]
    public double? RotationalSpeedRpm { get; set; } = 1320;

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(0.0, 150.0, ErrorMessage = "Prediction.Error.Torque")]
    public double? TorqueNm { get; set; } = 68.5;

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(0.0, 400.0, ErrorMessage = "Prediction.Error.Wear")]
    public double? ToolWearMin { get; set; } = 215;

    public FailurePrediction? Result { get; private set; }
    public MaintenanceOrder? Order { get; private set; }
    public string? Problem { get; private set; }
    public bool BelowThreshold { get; private set; }
    public double MinRisk => scheduling.Value.MinRisk;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ListVersionsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await ListVersionsAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            await PredictAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>RUL of the chosen C-MAPSS test engine at its last cycle, with the interval and the true RUL beside it.</summary>
    public async Task<IActionResult> OnPostRulAsync(CancellationToken cancellationToken)
    {
        await ListVersionsAsync(cancellationToken);
        ModelState.Clear();
        RulEngine = engines.TestEngines.FirstOrDefault(e => e.Unit == Engine);
        if (RulEngine is null)
        {
            RulProblem = engines.Problem is null ? "Validation.Invalid" : "Prediction.Rul.NoData";
            return Page();
        }

        try
        {
            Rul = await rul.PredictAsync(ml.Value.RulModelName, ModelRegistry.Auto, RulEngine.Sensors, cancellationToken);
        }
        catch (ModelNotFoundException)
        {
            RulProblem = "Prediction.Rul.NoModel";
        }
        catch (ArtifactIntegrityException)
        {
            RulProblem = "Prediction.Tampered";
        }

        return Page();
    }

    public IReadOnlyList<CmapssEngine> TestEngines => engines.TestEngines;

    private async Task ListVersionsAsync(CancellationToken cancellationToken)
    {
        Versions = (await registry.ListAsync(ml.Value.ModelName, cancellationToken)).Where(v => v.Enabled).ToList();
    }

    /// <summary>Predicts again from the posted inputs (the browser's numbers are never trusted) and hands it to the scheduler.</summary>
    public async Task<IActionResult> OnPostOrderAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        await ListVersionsAsync(cancellationToken);
        if (!ModelState.IsValid || !await PredictAsync(cancellationToken))
        {
            return Page();
        }

        if (Result!.FailureProbability < MinRisk)
        {
            BelowThreshold = true;
            return Page();
        }

        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var eventId = "dashboard-prediction:" + id;
        var mode = TopMode(Result);
        await bus.PublishAsync(new FailurePredicted(new EventMeta(eventId, Machine!, "dashboard:" + id, now),
            Machine + "-ai4i", "ai4i", Result.FailureProbability, Result.FailureProbability, mode,
            Result.ModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            $"dashboard prediction by {User.FindFirstValue(ClaimTypes.NameIdentifier)}"), cancellationToken);

        // The scheduler works asynchronously on the bus; wait a moment for its order (it never takes long).
        var deadline = now.AddSeconds(10);
        while (Order is null && time.GetUtcNow() < deadline)
        {
            Order = (await orders.ListAsync(null, null, Machine, 50, cancellationToken)).FirstOrDefault(o => o.SourceEventId == eventId);
            if (Order is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }

        if (Order is null)
        {
            Problem = "Prediction.OrderNotCreated";
        }

        return Page();
    }

    public static string? TopMode(FailurePrediction p) =>
        p.FailureModeProbabilities.Where(kv => kv.Key != "None").OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault();

    public string FeatureLabel(string feature) =>
        Text["Prediction.Feature." + feature].ResourceNotFound ? feature : Text["Prediction.Feature." + feature].Value;

    /// <summary>The explanation's contributions (log-odds), largest first; the ones under 0.01 are summed into one bar so the chart stays readable.</summary>
    public string ChartJson()
    {
        var shown = Result!.TopContributions.Where(c => Math.Abs(c.Contribution) >= 0.01).ToList();
        var rest = Result.TopContributions.Where(c => Math.Abs(c.Contribution) < 0.01).Sum(c => c.Contribution);
        var labels = shown.Select(c => FeatureLabel(c.Feature)).Append(Text["Prediction.Explanation.Rest"].Value).ToArray();
        var values = shown.Select(c => Math.Round(c.Contribution, 3)).Append(Math.Round(rest, 3)).ToArray();
        return JsonSerializer.Serialize(new
        {
            labels,
            datasets = new[]
            {
                new
                {
                    label = Text["Prediction.ContributionLogOdds"].Value,
                    data = values,
                    backgroundColor = values.Select(v => v >= 0 ? "#b91c1c" : "#166534").ToArray(),
                },
            },
        });
    }

    public static double ProbabilityOf(double logOdds) => 1 / (1 + Math.Exp(-logOdds));

    private async Task<bool> PredictAsync(CancellationToken cancellationToken)
    {
        try
        {
            Result = await predictor.PredictAsync(ml.Value.ModelName, ModelVersion ?? ModelRegistry.Auto, new MachineReading(Type![0], AirTemperatureK!.Value,
                ProcessTemperatureK!.Value, RotationalSpeedRpm!.Value, TorqueNm!.Value, ToolWearMin!.Value), explain: true, cancellationToken);
            return true;
        }
        catch (ModelNotFoundException)
        {
            Problem = "Prediction.NoModel";
            return false;
        }
        catch (ArtifactIntegrityException)
        {
            Problem = "Prediction.Tampered";
            return false;
        }
    }
}
