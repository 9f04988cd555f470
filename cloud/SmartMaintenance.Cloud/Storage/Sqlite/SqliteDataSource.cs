using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SmartMaintenance.Cloud.Storage.Sqlite;

/// <summary>A <see cref="DbDataSource"/> over one SQLite file, so the registry code runs on both engines unchanged.</summary>
internal sealed class SqliteDataSource : DbDataSource
{
    public SqliteDataSource(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            ForeignKeys = true,
            // Writers wait (and retry) on a busy database instead of failing at once.
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string ConnectionString { get; }

    protected override DbConnection CreateDbConnection() => new SqliteConnection(ConnectionString);
}
