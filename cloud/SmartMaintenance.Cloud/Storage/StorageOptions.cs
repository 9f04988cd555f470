namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// Storage engine choice: PostgreSQL when `ConnectionStrings:Postgres` is set, otherwise the embedded SQLite
/// file at `SqlitePath` (created on first start).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Cloud:Storage";

    /// <summary>Path of the embedded database file, used when no PostgreSQL connection string is configured.</summary>
    public string SqlitePath { get; set; } = "data/smartmaintenance.db";
}
