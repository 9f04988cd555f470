using System.Diagnostics;
using System.Globalization;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// Resident memory, open file descriptors (sockets and files: the Linux form of handle counts) and threads of the
/// broker and cloud processes, read from /proc every sampling interval while the run publishes. The soak reading
/// (docs/performance.md, "Soak") compares the first sample after the warm-up with the last one: growth past the
/// warm-up is what a leak looks like, while the climb before it is the JIT, tiered compilation and pools filling.
/// </summary>
public sealed class ResourceMeter(int cloudPid, int brokerPid, long startTimestamp, TextWriter? progress = null)
{
    public sealed record Usage(double RssMiB, int Fds, int Threads);

    public sealed record Sample(TimeSpan At, Usage Broker, Usage Cloud);

    private readonly List<Sample> _samples = [];

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public Sample Take()
    {
        var sample = new Sample(Stopwatch.GetElapsedTime(startTimestamp), Read(brokerPid), Read(cloudPid));
        lock (_samples)
        {
            _samples.Add(sample);
        }

        // Printed as it is taken too, so a run that fails later (or is stopped) still leaves its memory figures.
        progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resources t={sample.At.TotalSeconds,6:F0}s broker rss {sample.Broker.RssMiB,7:F1} MiB fds {sample.Broker.Fds,5} threads {sample.Broker.Threads,3} | cloud rss {sample.Cloud.RssMiB,7:F1} MiB fds {sample.Cloud.Fds,5} threads {sample.Cloud.Threads,3}"));
        return sample;
    }

    /// <summary>Samples every interval until cancelled (the end of publishing).</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Take();
            }
        }
        catch (OperationCanceledException)
        {
            // The run stopped publishing.
        }
    }

    public static Usage Read(int pid)
    {
        double rssKiB = 0;
        var threads = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rssKiB = double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            var fds = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
            return new Usage(rssKiB / 1024, fds, threads);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Usage(double.NaN, -1, -1); // the process is gone, or /proc is not there (not Linux)
        }
    }
}
