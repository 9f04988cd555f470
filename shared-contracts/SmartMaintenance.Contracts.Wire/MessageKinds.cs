#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>Values of the message kind field.</summary>
    public static class MessageKinds
    {
        /// <summary>A plain sample (sent when the pre-filter is off or for a forced report).</summary>
        public const string Reading = "r";
        /// <summary>A sample the z-score pre-filter judged deviating; carries the z-score and the baseline.</summary>
        public const string Anomaly = "a";
        /// <summary>A periodic summary: count, mean, std, min, max since the last one (count only when it is 0).</summary>
        public const string Summary = "s";

        /// <summary>True for one of the three known kinds.</summary>
        public static bool IsKnown(string kind)
        {
            return kind == Reading || kind == Anomaly || kind == Summary;
        }
    }
}
