using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Orchestration;

/// <summary>
/// Agent 12: starts Golden Path runs. A run writes its readings through the real ingestion store (baseline, then the
/// requested events, the last one a temperature spike), all under the run's correlation id; GoldenPathTracker
/// follows the resulting events stage by stage. A timer per run fails a stage stuck longer than StageTimeout. Its device
/// belongs to the demo site, so runs stay apart from the fleet's data.
/// <para>
/// A run lives in this process's memory, and the tracker finds it there: that holds with the in-process bus only. On
/// the JetStream bus (several instances) the tracker's events are handled by whichever instance holds each of its
/// partitions, and a poll may reach another instance, so a run would stall and fail, or be "not found"; runs are
/// refused there (<see cref="ScaleOutRefusal"/>) instead (docs/scale-out.md, "What is not shared").
/// </para>
/// </summary>
public sealed class GoldenPathOrchestrator(
    IReadingWriter writer,
    AcquisitionSignal signal,
    TimeProvider time,
    IOptions<OrchestratorOptions> options,
    IDemoSite demo,
    IPartitionOwnership? ownership = null)
{
    public const string DeviceId = DemoSite.GoldenPathDevice;

    /// <summary>Why a run cannot start on the JetStream bus (the API's ProblemDetails and the exception say it).</summary>
    public const string ScaleOutRefusal =
        "The Golden Path demo keeps a run in the memory of one cloud instance, and this instance runs the agent pipeline on the " +
        "JetStream bus shared by several instances, where the run's events are handled by other instances too. " +
        "Run the demo on a single instance (Cloud:Agents:Bus:Transport=Channels, the default).";

    /// <summary>False on the JetStream bus: runs are refused (see the class summary).</summary>
    public bool Available => ownership?.Transport != EventBusOptions.JetStreamTransport;
    private readonly ConcurrentDictionary<string, GoldenPathRun> _runs = new();
    private readonly ConcurrentDictionary<string, ITimer> _guards = new();
    private int _sequence;

    public GoldenPathRun? Find(string id) => _runs.GetValueOrDefault(id);

    internal GoldenPathRun? FindByCorrelation(string correlationId) =>
        correlationId.StartsWith("golden-path:", StringComparison.Ordinal) ? Find(correlationId["golden-path:".Length..]) : null;

    public async Task<GoldenPathRun> StartAsync(int events, bool autoDecide, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            throw new InvalidOperationException(ScaleOutRefusal);
        }

        var o = options.Value;
        if (events < 1 || events > o.MaxEvents)
        {
            throw new ArgumentOutOfRangeException(nameof(events), $"events must be between 1 and {o.MaxEvents}");
        }

        await demo.EnsureDeviceAsync(DeviceId, cancellationToken);
        var now = time.GetUtcNow();
        var id = $"{now:yyyyMMddHHmmss}-{Interlocked.Increment(ref _sequence)}";
        var sensor = $"gp-temp-{id}";
        var run = new GoldenPathRun(id, events, o.BaselineReadings + events, autoDecide, DeviceId, sensor, now);
        _runs[id] = run;
        Trim();
        Guard(run);
        run.Start("ingestion", now);

        // Seeded noise: the run is reproducible; one reading per second ending now, last one a spike.
        var random = new Random(events);
        var total = run.TotalReadings;
        var readings = new List<GeneratedReading>(total);
        for (var i = 0; i < total; i++)
        {
            var value = i == total - 1 ? 95.0 : 60.0 + (random.NextDouble() - 0.5);
            readings.Add(new GeneratedReading(DeviceId, sensor, "temperature", "C", Math.Round(value, 3),
                now.AddSeconds(i - total + 1), run.CorrelationId));
        }

        await writer.AppendAsync(readings, cancellationToken);
        signal.Notify();
        Advance(run, "ingestion", StageDetails.Ingestion(total, o.BaselineReadings, events));
        return run;
    }

    /// <summary>Completes a stage and re-arms the timeout guard for the next one (stops it when the run ends).</summary>
    internal void Advance(GoldenPathRun run, string stage, AgentText detail, long? orderId = null, long? reportId = null)
    {
        if (!run.Complete(stage, time.GetUtcNow(), detail, orderId, reportId))
        {
            return;
        }

        if (run.IsFinished)
        {
            if (_guards.TryRemove(run.Id, out var timer))
            {
                timer.Dispose();
            }
        }
        else if (_guards.TryGetValue(run.Id, out var timer))
        {
            timer.Change(options.Value.StageTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void Guard(GoldenPathRun run)
    {
        var timeout = options.Value.StageTimeout;
        _guards[run.Id] = time.CreateTimer(_ =>
        {
            var stage = run.View().Stages.FirstOrDefault(s => s.Status is StageStatus.Running or StageStatus.Pending)?.Name;
            var reason = stage == "decision" && !run.AutoDecide
                ? StageDetails.DecisionTimeout(run.OrderId, timeout)
                : StageDetails.StageTimeout(stage, timeout);
            run.FailCurrent(reason, time.GetUtcNow());
            if (_guards.TryRemove(run.Id, out var t))
            {
                t.Dispose();
            }
        }, null, timeout, Timeout.InfiniteTimeSpan);
    }

    private void Trim()
    {
        var keep = options.Value.RunsKept;
        foreach (var old in _runs.Values.Where(r => r.IsFinished).OrderBy(r => r.StartedAt).SkipLast(keep).ToList())
        {
            _runs.TryRemove(old.Id, out _);
        }
    }
}
