using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Simulation;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Simulation Console: normal, anomaly or drift readings written through the real store and pipeline.</summary>
public sealed class SimulationModel(IStringLocalizer<DashboardText> text, Simulator simulator) : DashboardPage(text)
{
    [BindProperty, Required(ErrorMessage = "Validation.Required"), RegularExpression("^(Normal|Anomaly|Drift)$", ErrorMessage = "Validation.Invalid")]
    public string? Kind { get; set; } = "Anomaly";

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(1, 10_000, ErrorMessage = "Simulation.Error.Count")]
    public int? Count { get; set; } = 50;

    [BindProperty, Range(0, 1000, ErrorMessage = "Simulation.Error.Count")]
    public int? Anomalies { get; set; } = 5;

    public SimulationResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var kind = Enum.Parse<SimulationKind>(Kind!);
        var request = new SimulationRequest(Count: Count, Anomalies: Kind == "Anomaly" ? Anomalies : null);
        var errors = await simulator.ValidateAsync(kind, request, cancellationToken);
        if (errors.Count > 0)
        {
            // The drift check needs a reference and a recent window: say how many readings, not just "1 to 10,000".
            if (kind == SimulationKind.Drift && Count is { } n && n >= 1 && n < simulator.DriftCount)
            {
                FieldError(nameof(Count), "Simulation.Error.DriftCount", simulator.DriftCount);
            }
            else
            {
                FieldError(nameof(Count), "Simulation.Error.Count");
            }

            return Page();
        }

        Result = await simulator.RunAsync(kind, request, cancellationToken);
        return Page();
    }
}
