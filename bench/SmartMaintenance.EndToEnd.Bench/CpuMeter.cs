using System.Globalization;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// CPU seconds of each party from /proc (Linux): this process (load clients and commit poller), the cloud process
/// (this one again when the cloud is hosted in-process: then Bench holds both and Cloud is 0), the broker process,
/// and the PostgreSQL server started by bench/pg.sh (the postmaster, its live children, and the children it has
/// already reaped). Zero where /proc or SM_PG_DIR is not available.
/// </summary>
public sealed class CpuMeter(int cloudPid, int brokerPid)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build we run on

    public sealed record Sample(double Bench, double Cloud, double Broker, double Postgres)
    {
        public double Total => Bench + Cloud + Broker + Postgres;

        public static Sample operator -(Sample a, Sample b) => new(a.Bench - b.Bench, a.Cloud - b.Cloud, a.Broker - b.Broker, a.Postgres - b.Postgres);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public Sample Take() => new(
        Seconds(Environment.ProcessId, children: false),
        cloudPid == Environment.ProcessId ? 0 : Seconds(cloudPid, children: false),
        Seconds(brokerPid, children: false),
        Postgres());

    private static double Postgres()
    {
        var dir = Environment.GetEnvironmentVariable("SM_PG_DIR");
        var pidFile = dir is null ? null : Path.Combine(dir, "data", "postmaster.pid");
        if (pidFile is null || !File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), out var postmaster))
        {
            return 0;
        }

        var total = Seconds(postmaster, children: true);
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(proc), out var pid) && Fields(pid) is { } f && f.Length > 14 && f[1] == postmaster.ToString(CultureInfo.InvariantCulture))
            {
                total += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
        }

        return total;
    }

    private static double Seconds(int pid, bool children)
    {
        if (Fields(pid) is not { Length: > 14 } f)
        {
            return 0;
        }

        // Fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14), per proc(5).
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (children)
        {
            ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>/proc/PID/stat after the ")" that closes the command name (which may hold spaces).</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process exited between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
