using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Alerts: anomalies the detectors found, newest first, with each detector's evidence and the similar past cases
/// of the knowledge base. The anomaly store keeps the evidence but not the cases the AnomalyDetected event
/// carried, so the page asks the knowledge base the anomaly agent's own question again — the incidents of the
/// sensor type nearest to the anomaly's signature (<see cref="AnomalyDetectionAgent.Signature"/>), as many as
/// Cloud:Agents:Anomaly:SimilarCases — and an incident resolved after the alert shows too. The anomaly keeps no
/// unit, so each value takes its sensor's unit from the sensor registry (and the user's temperature unit).
/// </summary>
public sealed class AlertsModel(IStringLocalizer<DashboardText> text, IAnomalyStore anomalies, IKnowledgeBase knowledge,
    IOptions<AnomalyOptions> anomalyOptions, IReadingStore readings, TimeProvider time) : DashboardPage(text)
{
    private const int Limit = 200;

    public IReadOnlyList<StoredAnomaly> Items { get; private set; } = [];

    /// <summary>Similar past cases per anomaly id (best first; empty when the knowledge base has none).</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<SimilarCase>> Similar { get; private set; } = new Dictionary<long, IReadOnlyList<SimilarCase>>();

    private Dictionary<string, string> _units = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _units = (await readings.ListSensorsAsync(cancellationToken))
            .GroupBy(s => s.SensorId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Unit, StringComparer.Ordinal);
        var hidden = await HiddenDevicesAsync(cancellationToken);
        // Demo runs can write many anomalies: read more while they are left out, so the fleet's still fill the page.
        Items = (await anomalies.ListAsync(now.AddDays(-30), now.AddMinutes(5), hidden.Count > 0 ? Limit * 5 : Limit, cancellationToken))
            .Where(a => !hidden.Contains(a.DeviceId)).OrderByDescending(a => a.DetectedAt).Take(Limit).ToList();
        var k = anomalyOptions.Value.SimilarCases;
        var similar = new Dictionary<long, IReadOnlyList<SimilarCase>>();
        if (k > 0 && Items.Count > 0 && (await knowledge.ListAsync(1, cancellationToken)).Count > 0)
        {
            foreach (var a in Items)
            {
                similar[a.Id] = await knowledge.FindSimilarAsync(a.SensorType, AnomalyDetectionAgent.Signature(a.Evidence), k, cancellationToken);
            }
        }

        Similar = similar;
    }

    /// <summary>The anomaly's value with its sensor's unit in the user's temperature unit ("312.4 K", "39.3 °C"); bare when the sensor is unknown.</summary>
    public string ValueOf(StoredAnomaly a) =>
        _units.TryGetValue(a.SensorId, out var unit) ? Display.ValueText.Show(HttpContext, a.Value, unit) : Display.UnitFormat.Number(a.Value, null);

    public IReadOnlyList<SimilarCase> SimilarTo(StoredAnomaly a) => Similar.TryGetValue(a.Id, out var cases) ? cases : [];
}
