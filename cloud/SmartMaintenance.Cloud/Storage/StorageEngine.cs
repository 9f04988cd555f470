namespace SmartMaintenance.Cloud.Storage;

/// <summary>The two engines behind the storage contract.</summary>
public enum StorageEngine
{
    Sqlite,
    Postgres,
}
