using Npgsql;

namespace SmartMaintenance.TestSupport;

/// <summary>
/// The real PostgreSQL server the test command starts (a throwaway cluster, see test.sh) or any server named
/// by SM_TEST_POSTGRES. Each caller gets a fresh, empty database so test classes never see each other's rows.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "SM_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with ./test.sh (it starts a throwaway PostgreSQL), " +
                "or set it to a server connection string, e.g. Host=127.0.0.1;Port=5432;Username=postgres.");

    /// <summary>Creates a new database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ToString();
    }
}
