namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// Command line: --seconds N (each case, default 10), --idle N (idle devices for the memory case, default 1000),
/// --fsync Always|OsBuffered (the broker's outbox policy, default Always: PUBACK after fsync).
/// </summary>
public sealed record BenchOptions(TimeSpan Duration, int IdleDevices, string Fsync)
{
    public static BenchOptions Parse(string[] args)
    {
        var seconds = 10;
        var idle = 1000;
        var fsync = "Always";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--idle": idle = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--fsync": fsync = args[i + 1] is "Always" or "OsBuffered" ? args[i + 1] : throw new ArgumentException("--fsync Always|OsBuffered"); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --seconds N --idle N --fsync Always|OsBuffered");
            }
        }

        return new BenchOptions(TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 120)), Math.Clamp(idle, 1, 10_000), fsync);
    }
}

/// <summary>One load shape: QoS, number of publishers, total messages in flight (QoS 1).</summary>
public sealed record BenchCase(string Name, int Qos, int Publishers, int InFlight)
{
    public static readonly BenchCase[] All =
    [
        new("QoS 0, 1 publisher", 0, 1, 1),
        new("QoS 0, 100 publishers", 0, 100, 1),
        new("QoS 1, 1 publisher, 100 in flight", 1, 1, 100),
        new("QoS 1, 100 publishers, 100 in flight", 1, 100, 100),
    ];
}

/// <summary>A broker to load: where it listens and how a device logs in.</summary>
public sealed record BrokerTarget(string Name, int Port, Func<int, (string ClientId, string? User, string? Password)> Login);

public sealed record CaseResult(BenchCase Case, string Broker, long Messages, TimeSpan Elapsed, double? P50Ms, double? P99Ms, long Errors)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}

public sealed record MemoryResult(string Broker, int Devices, int Connected, long RssBytes);
