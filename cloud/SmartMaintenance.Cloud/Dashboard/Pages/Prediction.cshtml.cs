using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard.Display;
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

    /// <summary>Air temperature in <see cref="TemperatureUnit"/> (the model's input is kelvin, converted when the form is read).</summary>
    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public double? AirTemperature { get; set; }

    /// <summary>Process temperature in <see cref="TemperatureUnit"/>.</summary>
    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public double? ProcessTemperature { get; set; }

    /// <summary>
    /// The unit the form's temperatures are written in, "K" or "C": the user's display preference when the form was
    /// rendered, posted back with it, so a preference changed in another tab meanwhile never reinterprets typed numbers.
    /// </summary>
    [BindProperty]
    public string? TemperatureUnit { get; set; }

    /// <summary>The unit's symbol for labels and values ("K" or "°C").</summary>
    public string TemperatureSymbol => TemperatureUnit == "C" ? TemperatureDisplay.Celsius : TemperatureDisplay.Kelvin;

    /// <summary>The model's inputs in kelvin (AI4I's unit), from what was typed (set once the form is read).</summary>
    private double _airTemperatureK, _processTemperatureK;

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

    /// <summary>AI4I's range of plausible temperatures, in kelvin; in °C the bounds are rounded inwards (−23 to 126 °C).</summary>
    public const double MinKelvin = 250.0, MaxKelvin = 400.0, MinCelsius = -23.0, MaxCelsius = 126.0;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ListVersionsAsync(cancellationToken);
        DefaultTemperatures();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await ListVersionsAsync(cancellationToken);
        if (ReadTemperatures())
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
        // The RUL form posts no prediction inputs: the prediction form shows its defaults again.
        DefaultTemperatures();
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
        if (!ReadTemperatures() || !await PredictAsync(cancellationToken))
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

    /// <summary>
    /// A feature's value in the explanation table: the two temperatures in the user's unit with it, a temperature
    /// difference with the unit's symbol (a difference of 1 K is one of 1 °C), the others as numbers.
    /// </summary>
    public string FeatureValue(string feature, double value) => feature switch
    {
        "Air_temperature_K" or "Process_temperature_K" => ValueText.Show(HttpContext, value, TemperatureDisplay.Kelvin),
        "Temperature_difference_K" or "Temperature_margin_K" => UnitFormat.WithUnit(value, TemperatureDisplay.Preferred(HttpContext)),
        _ => value.ToString("N1", System.Globalization.CultureInfo.CurrentCulture),
    };

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

    private string PreferredUnit => TemperatureDisplay.Preferred(HttpContext) == TemperatureDisplay.Celsius ? "C" : "K";

    /// <summary>An AI4I operating point of a typical machine (302.5 K air, 311.2 K process), in the user's unit.</summary>
    private void DefaultTemperatures()
    {
        TemperatureUnit = PreferredUnit;
        AirTemperature = FromKelvin(302.5);
        ProcessTemperature = FromKelvin(311.2);
    }

    private double ToKelvin(double value) => TemperatureUnit == "C" ? value + 273.15 : value;

    /// <summary>Kelvin in the user's unit, to two decimals (302.5 K = 29.35 °C; no binary tail such as 29.350000000000023).</summary>
    private double FromKelvin(double kelvin) => Math.Round(TemperatureUnit == "C" ? kelvin - 273.15 : kelvin, 2);

    /// <summary>
    /// Checks the posted temperatures in the unit they were typed in (errors next to the fields, in that unit); when the
    /// form is valid, shows them again in the user's current unit.
    /// </summary>
    private bool ReadTemperatures()
    {
        TemperatureUnit = TemperatureUnit is "K" or "C" ? TemperatureUnit : PreferredUnit;
        var (min, max, error) = TemperatureUnit == "C" ? (MinCelsius, MaxCelsius, "Prediction.Error.Celsius") : (MinKelvin, MaxKelvin, "Prediction.Error.Kelvin");
        foreach (var (field, value) in new[] { (nameof(AirTemperature), AirTemperature), (nameof(ProcessTemperature), ProcessTemperature) })
        {
            if (value is { } v && (v < min || v > max || !double.IsFinite(v)))
            {
                FieldError(field, error);
            }
        }

        if (!ModelState.IsValid)
        {
            return false;
        }

        (_airTemperatureK, _processTemperatureK) = (ToKelvin(AirTemperature!.Value), ToKelvin(ProcessTemperature!.Value));
        TemperatureUnit = PreferredUnit;
        AirTemperature = FromKelvin(_airTemperatureK);
        ProcessTemperature = FromKelvin(_processTemperatureK);
        return true;
    }

    private async Task<bool> PredictAsync(CancellationToken cancellationToken)
    {
        try
        {
            Result = await predictor.PredictAsync(ml.Value.ModelName, ModelVersion ?? ModelRegistry.Auto, new MachineReading(Type![0], _airTemperatureK,
                _processTemperatureK, RotationalSpeedRpm!.Value, TorqueNm!.Value, ToolWearMin!.Value), explain: true, cancellationToken);
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
