using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Golden Path: start a run of the whole chain and watch its seven stages live.</summary>
public sealed class GoldenPathModel(IStringLocalizer<DashboardText> text, GoldenPathOrchestrator orchestrator) : DashboardPage(text)
{
    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(1, 1000, ErrorMessage = "GoldenPath.Error.Events")]
    public int? Events { get; set; } = 10;

    [BindProperty]
    public bool AutoDecide { get; set; } = true;

    [BindProperty(SupportsGet = true)]
    public string? Run { get; set; }

    public RunView? View { get; private set; }

    public void OnGet()
    {
        View = Run is null ? null : orchestrator.Find(Run)?.View();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (!orchestrator.Available)
        {
            // Several instances share the agent pipeline (JetStream bus): a run kept here could not be followed.
            ModelState.AddModelError(string.Empty, Text["GoldenPath.Error.ScaleOut"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var run = await orchestrator.StartAsync(Events!.Value, AutoDecide, cancellationToken);
        return RedirectToPage(new { run = run.Id });
    }

    public static string Badge(StageStatus s) => s switch
    {
        StageStatus.Done => "ok",
        StageStatus.Failed => "bad",
        StageStatus.Running => "warn",
        _ => "",
    };
}
