using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ml.Rul;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// The 100 test engines of C-MAPSS FD001 (cut off before failure, true RUL known) for the Prediction page: no
/// machine of the demo fleet has turbofan sensors, so these engines are what a person can try the RUL model on.
/// Loaded (and SHA-256 checked) on first use; a missing or modified file leaves the list empty with the reason.
/// </summary>
public sealed class CmapssSamples(IOptions<MlOptions> options)
{
    private readonly Lazy<(IReadOnlyList<CmapssEngine> Engines, string? Problem)> _test = new(() =>
    {
        try
        {
            var folder = string.IsNullOrWhiteSpace(options.Value.CmapssPath) ? CmapssLoader.DefaultFolder : options.Value.CmapssPath;
            return (CmapssLoader.LoadFd001(folder).Test, null);
        }
        catch (CmapssDataException e)
        {
            return ([], e.Message);
        }
    });

    public IReadOnlyList<CmapssEngine> TestEngines => _test.Value.Engines;

    public string? Problem => _test.Value.Problem;
}
