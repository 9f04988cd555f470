using Npgsql;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>Checks the bench/pg.sh server up front, so a missing server fails in a second with a clear message.</summary>
internal static class Postgres
{
    public const string Variable = "SM_TEST_POSTGRES";

    public static async Task<string?> ProblemAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } server)
        {
            return $"{Variable} is not set: eval \"$(bench/pg.sh start)\" first.";
        }

        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return $"cannot reach PostgreSQL at {Variable}='{server}': {ex.Message}";
        }
    }
}
