using System.ComponentModel.DataAnnotations;
using PostgresPoolSize = SmartMaintenance.Cloud.Agents.Storage.PostgresPoolSize;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>
/// Storage engine choice: PostgreSQL when `ConnectionStrings:Postgres` is set, otherwise the embedded SQLite
/// file at `SqlitePath` (created on first start).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Cloud:Storage";

    /// <summary>Path of the embedded database file, used when no PostgreSQL connection string is configured.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Cloud:Storage:SqlitePath must not be empty.")]
    public string SqlitePath { get; set; } = "data/smartmaintenance.db";

    /// <summary>PostgreSQL: daily partitions are created this many days ahead of today (and on demand for others).</summary>
    [Range(1, 366, ErrorMessage = "Cloud:Storage:PartitionsAheadDays must be 1-366.")]
    public int PartitionsAheadDays { get; set; } = 7;

    /// <summary>
    /// PostgreSQL: the most connections each of this instance's two pools opens (the readings store's and the agents'),
    /// so one instance opens at most 2 × this + 1 (the acquisition lease's own connection). Several instances on one
    /// server: instances × (2 × this + 1) must stay below max_connections minus the connections reserved for
    /// superusers and whatever else connects (docs/scale-out.md, "Connection budget"). Default 100, Npgsql's own.
    /// </summary>
    [Range(PostgresPoolSize.Minimum, PostgresPoolSize.Maximum, ErrorMessage = "Cloud:Storage:PostgresMaxPoolSize must be 4-1000.")]
    public int PostgresMaxPoolSize { get; set; } = PostgresPoolSize.Default;

    /// <summary>Write-behind buffer: a flush starts when this many rows are waiting...</summary>
    [Range(1, 1_000_000, ErrorMessage = "Cloud:Storage:MaxBatchRows must be 1-1000000.")]
    public int MaxBatchRows { get; set; } = 20_000;

    /// <summary>...or when the oldest waiting row has waited this long (0 = flush whatever is there at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "Cloud:Storage:FlushInterval must be 0-10 s.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Appends waiting at most; beyond this callers wait (back-pressure instead of unbounded memory).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Cloud:Storage:MaxQueuedAppends must be 1-1000000.")]
    public int MaxQueuedAppends { get; set; } = 10_000;
}
