using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Models: the registry with cross-validated metrics; an admin promotes a version (loaded and verified first).</summary>
public sealed class ModelsModel(IStringLocalizer<DashboardText> text, ModelRegistry registry, FailurePredictor predictor) : DashboardPage(text)
{
    public IReadOnlyList<ModelVersion> Items { get; private set; } = [];
    public string? Promoted { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await registry.ListAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? name, int? version, CancellationToken cancellationToken)
    {
        if (!CanAdminister)
        {
            return NotAllowed();
        }

        var target = (await registry.ListAsync(name, cancellationToken)).FirstOrDefault(v => v.Version == version);
        if (name is null || target is null)
        {
            Problem = "Models.Error.Unknown";
        }
        else
        {
            try
            {
                // As the API does: load and verify the artifact before "auto" points at it.
                await predictor.WarmAsync(target, cancellationToken);
                await registry.PromoteAsync(target.Name, target.Version, cancellationToken);
                Promoted = $"{target.Name} v{target.Version}";
            }
            catch (ModelLifecycleException)
            {
                Problem = "Models.Error.Refused";
            }
            catch (ArtifactIntegrityException)
            {
                Problem = "Prediction.Tampered";
            }
        }

        Items = await registry.ListAsync(null, cancellationToken);
        return Page();
    }
}
