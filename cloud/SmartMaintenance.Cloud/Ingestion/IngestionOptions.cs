namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>Ingestion settings (`Cloud:Ingestion`).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Cloud:Ingestion";

    /// <summary>Extra units per sensor type, merged into <see cref="SensorCatalog"/>'s defaults.</summary>
    public Dictionary<string, string[]> SensorUnits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>CSV rows written per transaction while an upload streams in.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Cloud:Ingestion:CsvChunkRows must be 1-100000.")]
    public int CsvChunkRows { get; set; } = 5_000;
}
