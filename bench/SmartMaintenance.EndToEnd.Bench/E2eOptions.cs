using System.Globalization;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// Command line of the bench. Rate 0 = as fast as possible (each device keeps InFlight publishes outstanding);
/// otherwise an open-loop offered rate for the whole fleet, split evenly over the devices.
/// </summary>
public sealed record E2eOptions
{
    public const string Usage = """
        usage: SmartMaintenance.EndToEnd.Bench [--devices 100] [--rate 50000|0] [--seconds 60] [--qos 1|0]
               [--inflight 100] [--poll-ms 50] [--warmup 5] [--drain-timeout 120] [--fsync Always|OsBuffered]
               [--forward-batch 500] [--forward-delay-ms 200] [--cloud process|inproc] [--sample-seconds 60]
          --rate            offered readings/s for the whole fleet (open loop); 0 = as fast as possible
          --inflight        most unacknowledged QoS 1 publishes per device
          --poll-ms         how often PostgreSQL is polled for new rows (the commit-time resolution)
          --warmup          seconds at the start left out of the steady-state figures
          --forward-batch   the broker's Broker:Cloud:BatchSize (default: the broker's own, 500)
          --forward-delay-ms  the broker's Broker:Cloud:MaxBatchDelay (default: the broker's own, 200)
          --cloud           process: the cloud in its own process (default); inproc: hosted in the bench process
          --sample-seconds  how often the broker's and cloud's RSS, open descriptors and threads are read (soak)
        Needs SM_TEST_POSTGRES (a server connection string): eval "$(bench/pg.sh start)" first.
        """;

    public int Devices { get; init; } = 100;
    public int Rate { get; init; } = 50_000;
    public int Seconds { get; init; } = 60;
    public int Qos { get; init; } = 1;
    public int InFlight { get; init; } = 100;
    public int PollMs { get; init; } = 50;
    public int WarmupSeconds { get; init; } = 5;
    public int DrainTimeoutSeconds { get; init; } = 120;
    public string Fsync { get; init; } = "Always";
    public int? ForwardBatch { get; init; }
    public int? ForwardDelayMs { get; init; }
    public string Cloud { get; init; } = "process";
    public int SampleSeconds { get; init; } = 60;

    public bool AsFastAsPossible => Rate == 0;
    public bool CloudInProcess => Cloud == "inproc";
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);
    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);

    /// <summary>Parses and validates; every problem is collected, none thrown.</summary>
    public static E2eOptions? Parse(string[] args, List<string> errors)
    {
        var o = new E2eOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                errors.Add($"{name} needs a value");
                break;
            }

            var text = args[++i];
            int Int()
            {
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                {
                    return v;
                }

                errors.Add($"{name} needs a whole number, not '{text}'");
                return -1;
            }

            o = name switch
            {
                "--devices" => o with { Devices = Int() },
                "--rate" => o with { Rate = Int() },
                "--seconds" => o with { Seconds = Int() },
                "--qos" => o with { Qos = Int() },
                "--inflight" => o with { InFlight = Int() },
                "--poll-ms" => o with { PollMs = Int() },
                "--warmup" => o with { WarmupSeconds = Int() },
                "--drain-timeout" => o with { DrainTimeoutSeconds = Int() },
                "--fsync" => o with { Fsync = text },
                "--forward-batch" => o with { ForwardBatch = Int() },
                "--forward-delay-ms" => o with { ForwardDelayMs = Int() },
                "--cloud" => o with { Cloud = text },
                "--sample-seconds" => o with { SampleSeconds = Int() },
                _ => Unknown(o, name, errors),
            };
        }

        o.Validate(errors);
        return errors.Count == 0 ? o : null;
    }

    private static E2eOptions Unknown(E2eOptions o, string name, List<string> errors)
    {
        errors.Add($"unknown option {name}");
        return o;
    }

    private void Validate(List<string> errors)
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(Devices is >= 1 and <= 1000, "--devices must be 1-1000");
        Check(Rate is >= 0 and <= 1_000_000, "--rate must be 0 (as fast as possible) or 1-1000000 readings/s");
        Check(Seconds is >= 1 and <= 3600, "--seconds must be 1-3600");
        Check(Qos is 0 or 1, "--qos must be 0 or 1");
        Check(InFlight is >= 1 and <= 10_000, "--inflight must be 1-10000");
        Check(PollMs is >= 5 and <= 5000, "--poll-ms must be 5-5000");
        Check(WarmupSeconds >= 0 && WarmupSeconds < Seconds, "--warmup must be 0 or more and below --seconds");
        Check(DrainTimeoutSeconds is >= 1 and <= 3600, "--drain-timeout must be 1-3600");
        Check(Fsync is "Always" or "OsBuffered", "--fsync must be Always or OsBuffered");
        Check(ForwardBatch is null or (>= 1 and <= Contracts.Wire.WireLimits.MaxBatchSize), $"--forward-batch must be 1-{Contracts.Wire.WireLimits.MaxBatchSize}");
        Check(Cloud is "process" or "inproc", "--cloud must be process or inproc");
        Check(SampleSeconds is >= 1 and <= 3600, "--sample-seconds must be 1-3600");
        Check(ForwardDelayMs is null or (>= 1 and <= 60_000), "--forward-delay-ms must be 1-60000");
    }

    /// <summary>The broker settings this run overrides (none by default: the broker's own defaults are measured).</summary>
    public IReadOnlyList<string> BrokerArgs()
    {
        var args = new List<string> { "--Broker:Cloud:BrokerId=e2e-bench" };
        if (ForwardBatch is { } batch)
        {
            args.Add($"--Broker:Cloud:BatchSize={batch}");
        }

        if (ForwardDelayMs is { } delay)
        {
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--Broker:Cloud:MaxBatchDelay={TimeSpan.FromMilliseconds(delay):c}"));
        }

        return args;
    }
}
