using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Models: every version of each model with its key figures and what changed from the version before it; an admin
/// promotes a version, or rolls back to an older one, with a reason: the artifact is loaded and verified first, and
/// the registry keeps a decision record (who, when, why, from which version, both versions' figures).
/// </summary>
public sealed class ModelsModel(IStringLocalizer<DashboardText> text, ModelRegistry registry, FailurePredictor predictor, RulPredictor rul,
    IOptions<MlOptions> ml) : DashboardPage(text)
{
    public IReadOnlyList<ModelVersion> Items { get; private set; } = [];
    public IReadOnlyList<PromotionRecord> Promotions { get; private set; } = [];
    public string? Promoted { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty, StringLength(500)]
    public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>What changed from the previous version of the same model: configuration, training data, or nothing.</summary>
    public string Changes(ModelVersion v)
    {
        var previous = Items.Where(p => p.Name == v.Name && p.Version < v.Version).MaxBy(p => p.Version);
        if (previous is null) return Text["Models.Changes.First"].Value;
        var changes = new List<string>();
        if (previous.Configuration != v.Configuration) changes.Add(Text["Models.Changes.Configuration"].Value);
        if (previous.DataSha256 != v.DataSha256) changes.Add(Text["Models.Changes.Data"].Value);
        if (!previous.FeatureSchema.SequenceEqual(v.FeatureSchema)) changes.Add(Text["Models.Changes.Features"].Value);
        return changes.Count == 0 ? Text["Models.Changes.None"].Value : string.Join(", ", changes);
    }

    public bool IsRollback(ModelVersion v) =>
        Items.FirstOrDefault(p => p.Name == v.Name && p.Stage == ModelStage.Production) is { } current && current.Version > v.Version;

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
        else if (string.IsNullOrWhiteSpace(Reason) || !ModelState.IsValid)
        {
            Problem = "Models.Error.Reason";
        }
        else
        {
            try
            {
                // As the API does: load and verify the artifact before "auto" points at it.
                if (target.Name == ml.Value.RulModelName) await rul.WarmAsync(target, cancellationToken);
                else await predictor.WarmAsync(target, cancellationToken);
                await registry.PromoteWithRecordAsync(target.Name, target.Version, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", Reason.Trim(), cancellationToken);
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

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await registry.ListAsync(null, cancellationToken);
        Promotions = (await registry.PromotionsAsync(cancellationToken)).Reverse().Take(20).ToList();
    }
}
