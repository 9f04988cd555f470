using System.Globalization;

namespace SmartMaintenance.TestSupport;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb + pg_ctl from /usr/lib/postgresql/*/bin, a temp folder, a free
/// port), for tests that kill the server: the shared server of the other tests is never touched. As root the server
/// runs as the postgres system user (initdb refuses root), like test.sh does. fsync is off (a killed process loses
/// nothing the OS already has; only a machine crash would), synchronous_commit stays on: a commit is acknowledged
/// only once its WAL reached the OS, which is what a kill -9 test must rely on.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string? _runAs;

    private ThrowawayPostgres(string bin, string folder, string? runAs, int port)
    {
        _bin = bin;
        _folder = folder;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Null (with the reason) when the server binaries are not installed.</summary>
    public static string? Unavailable =>
        FindBin() is null ? "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)" : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(Unavailable);
        var folder = TempFolders.Create("sm-pgkill-");
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var server = new ThrowawayPostgres(bin, folder, runAs, FreePort.Get());
        Directory.CreateDirectory(server.Data);
        Directory.CreateDirectory(Path.Combine(folder, "sock"));
        if (runAs is not null)
        {
            await Run("chown", ["-R", runAs, folder]);
        }

        await server.RunPg("initdb", ["-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Starts (or restarts, with crash recovery) the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => RunPg("pg_ctl", ["-D", Data, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {Path.Combine(_folder, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100",
        "start"]);

    /// <summary>SIGKILL to the postmaster and every process it started (the server's own, by their ids); waits until they are gone.</summary>
    public async Task KillAsync()
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var children = File.Exists($"/proc/{pid}/task/{pid}/children")
            ? File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
        await Run("kill", ["-9", pid.ToString(CultureInfo.InvariantCulture)]);
        foreach (var child in children)
        {
            await Run("kill", ["-9", child.ToString(CultureInfo.InvariantCulture)], ignoreFailure: true);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(children.Append(pid).Any(p => Directory.Exists($"/proc/{p}"))),
            alive => !alive, TimeSpan.FromSeconds(30), "the killed PostgreSQL processes to be gone");
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await RunPg("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped (killed by the test and not restarted).
            }
        }

        TempFolders.Delete(_folder);
    }

    private Task RunPg(string program, string[] arguments) =>
        _runAs is null
            ? Run(Path.Combine(_bin, program), arguments)
            : Run("runuser", ["-u", _runAs, "--", Path.Combine(_bin, program), .. arguments]);

    private static async Task Run(string program, string[] arguments, bool ignoreFailure = false)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, TimeSpan.FromSeconds(120));
        if (result.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}{result.Output}");
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
}
