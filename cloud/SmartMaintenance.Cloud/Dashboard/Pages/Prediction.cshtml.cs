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
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Failure Prediction: the AI4I 2020 inputs -> probability, mode and per-input contributions from the production
/// model; "create maintenance order" publishes the prediction into the agent pipeline (FailurePredicted), where the
/// scheduling agent picks a technician and a slot exactly as for automatic predictions.
/// </summary>
public sealed class PredictionModel(IStringLocalizer<DashboardText> text, IFailurePredictor predictor, IOptions<MlOptions> ml,
    IEventBus bus, IMaintenanceOrderStore orders, IOptions<SchedulingOptions> scheduling, TimeProvider time) : DashboardPage(text)
{
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

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            await PredictAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>Predicts again from the posted inputs (the browser's numbers are never trusted) and hands it to the scheduler.</summary>
    public async Task<IActionResult> OnPostOrderAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

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

    public string ChartJson() => JsonSerializer.Serialize(new
    {
        labels = Result!.TopContributions.Select(c => Text["Prediction.Feature." + c.Feature].ResourceNotFound ? c.Feature : Text["Prediction.Feature." + c.Feature].Value).ToArray(),
        datasets = new[]
        {
            new
            {
                label = Text["Prediction.Contribution"].Value,
                data = Result.TopContributions.Select(c => Math.Round(c.Contribution * 100, 2)).ToArray(),
                backgroundColor = Result.TopContributions.Select(c => c.Contribution >= 0 ? "#b91c1c" : "#166534").ToArray(),
            },
        },
    });

    private async Task<bool> PredictAsync(CancellationToken cancellationToken)
    {
        try
        {
            Result = await predictor.PredictAsync(ml.Value.ModelName, "auto", new MachineReading(Type![0], AirTemperatureK!.Value,
                ProcessTemperatureK!.Value, RotationalSpeedRpm!.Value, TorqueNm!.Value, ToolWearMin!.Value), cancellationToken);
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
