using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Firmware.Core.Filtering;

namespace SmartMaintenance.Nab.Detectors;

/// <summary>
/// The device's own pre-filter (firmware core, compiled for the desktop) as a NAB detector: the same class and
/// float math as on the device, with the settings this bench's figures were measured with (k = 3, h = 0.5,
/// 30 warm-up samples, forgetting 0.01). The device's defaults have since moved to k = 2 and forgetting 0.02
/// (docs/firmware.md, section 2); they are pinned here so the published figures still reproduce. NAB needs a graded score,
/// so the filter's |z| is squashed with 0.5 at k; samples the filter does not judge (warm-up, rejected) score 0.
/// </summary>
public sealed class FirmwareZScoreAdapter
{
    private const float Threshold = 3f;
    private readonly ZScoreFilter _filter;

    public FirmwareZScoreAdapter()
    {
        _filter = new ZScoreFilter(new FilterOptions { Forgetting = 0.01f });
        _filter.Configure(Threshold, 0.5f, 30);
    }

    public double Score(double value)
    {
        int verdict = _filter.Process((float)value);
        return verdict is FilterVerdict.Warmup or FilterVerdict.Rejected ? 0 : ScoreMath.Squash(_filter.LastZ, Threshold);
    }
}
