#nullable disable
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Statistics;

namespace SmartMaintenance.Firmware.Core.Telemetry
{
    /// <summary>One sensor of the board: identity and unit, its pre-filter and its summary since the last one.</summary>
    public sealed class SensorChannel
    {
        public SensorChannel(string id, string type, string unit, FilterOptions options)
        {
            Id = id;
            Type = type;
            Unit = unit;
            Filter = new ZScoreFilter(options);
        }

        public readonly string Id;
        public readonly string Type;
        public readonly string Unit;
        public readonly ZScoreFilter Filter;
        public readonly SummaryAccumulator Summary = new SummaryAccumulator();

        /// <summary>
        /// A disabled sensor (listed in the config's dis) is neither judged nor summarised, and publishes nothing.
        /// Set through <see cref="SamplePipeline.ApplySettings"/>, which also handles the switch itself.
        /// </summary>
        public bool Enabled = true;

        /// <summary>Uptime of the last summary (or of the start).</summary>
        public long LastSummaryMs;

        /// <summary>Last finite value seen, for diagnostics.</summary>
        public float LastValue;
    }
}
