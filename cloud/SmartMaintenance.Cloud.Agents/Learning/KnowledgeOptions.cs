namespace SmartMaintenance.Cloud.Agents.Learning;

/// <summary>Cloud:Agents:Knowledge — how the knowledge base serves similarity searches.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Cloud:Agents:Knowledge";

    /// <summary>
    /// How long the parsed incidents of a sensor type are reused for similarity searches before they are read again.
    /// Incidents added through this process are seen at once; this bounds how late one added by another process
    /// (a second cloud instance on the same database) is seen. 0 reads the table on every search.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        if (CacheFor < TimeSpan.Zero) yield return "Cloud:Agents:Knowledge:CacheFor must not be negative.";
    }
}
