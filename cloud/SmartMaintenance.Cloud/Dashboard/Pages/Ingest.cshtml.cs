using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Manual Ingestion: one reading typed by a technician, stored through the same rules as the API.</summary>
public sealed class IngestModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, TimeProvider time, Display.PlantTime clock)
    : DashboardPage(text)
{
    [BindProperty, Required(ErrorMessage = "Validation.Required"), StringLength(64, ErrorMessage = "Ingest.SensorIdTooLong")]
    public string? SensorId { get; set; } = "DEMO_001";

    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public double? Value { get; set; }

    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public string? SensorType { get; set; } = "temperature";

    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public string? Unit { get; set; } = "°C";

    /// <summary>Optional reading time in the plant's time zone; empty means "now".</summary>
    [BindProperty]
    public DateTime? Timestamp { get; set; }

    public ManualIngestResult? Result { get; private set; }

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

        var at = Timestamp is { } t ? clock.ToUtc(t) : (DateTimeOffset?)null;
        var outcome = await readings.IngestAsync(SensorId!, Value!.Value, SensorType!, Unit!, at, time, cancellationToken);
        foreach (var (field, messageKey) in outcome.Errors)
        {
            FieldError(field, messageKey);
        }

        Result = outcome.Result;
        return Page();
    }
}
