using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Orchestration;

[JsonConverter(typeof(JsonStringEnumConverter<StageStatus>))]
public enum StageStatus { Pending, Running, Done, Failed }

/// <summary>
/// One stage as the API and the pages see it: Detail is the English sentence, Message the same detail as a code and
/// invariant arguments (<see cref="StageDetails"/>), for a reader in another language.
/// </summary>
public sealed record StageView(string Name, StageStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Detail,
    AgentText? Message = null);

public sealed record RunView(string Id, string CorrelationId, int Events, bool AutoDecide, StageStatus Status,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationMs, long? OrderId, long? ReportId,
    IReadOnlyList<StageView> Stages, int Version);

/// <summary>
/// One Golden Path run: seven stages in data-flow order, each Pending -> Running -> Done (or Failed with the
/// reason). Thread-safe; every change bumps Version and wakes the live (SSE) watchers.
/// </summary>
public sealed class GoldenPathRun
{
    public static readonly string[] StageNames =
        ["ingestion", "validation", "anomaly-detection", "prediction", "scheduling", "decision", "report"];

    private readonly object _lock = new();
    private readonly StageView[] _stages;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _version;
    private StageStatus _status = StageStatus.Running;
    private DateTimeOffset? _finishedAt;

    public GoldenPathRun(string id, int events, int totalReadings, bool autoDecide, string deviceId, string sensorId, DateTimeOffset startedAt)
    {
        Id = id;
        Events = events;
        TotalReadings = totalReadings;
        AutoDecide = autoDecide;
        DeviceId = deviceId;
        SensorId = sensorId;
        StartedAt = startedAt;
        _stages = StageNames.Select(n => new StageView(n, StageStatus.Pending, null, null, null)).ToArray();
    }

    public string Id { get; }
    public string CorrelationId => $"golden-path:{Id}";
    public int Events { get; }
    public int TotalReadings { get; }
    public bool AutoDecide { get; }
    public string DeviceId { get; }
    public string SensorId { get; }
    public DateTimeOffset StartedAt { get; }
    public long? OrderId { get; private set; }
    public long? ReportId { get; private set; }
    public int Validated;
    public bool IsFinished { get { lock (_lock) { return _status != StageStatus.Running; } } }

    public void Start(string stage, DateTimeOffset at) => Update(stage, s => s.Status == StageStatus.Pending
        ? s with { Status = StageStatus.Running, StartedAt = at } : s);

    /// <summary>Marks the stage done (and starts the next one); returns false when it was not running.</summary>
    public bool Complete(string stage, DateTimeOffset at, AgentText detail, long? orderId = null, long? reportId = null)
    {
        lock (_lock)
        {
            var i = Array.IndexOf(StageNames, stage);
            if (_status != StageStatus.Running || _stages[i].Status is StageStatus.Done or StageStatus.Failed)
            {
                return false;
            }

            _stages[i] = _stages[i] with { Status = StageStatus.Done, StartedAt = _stages[i].StartedAt ?? at, FinishedAt = at, Detail = detail.English, Message = detail };
            OrderId ??= orderId;
            ReportId ??= reportId;
            if (i + 1 < _stages.Length)
            {
                if (_stages[i + 1].Status == StageStatus.Pending)
                {
                    _stages[i + 1] = _stages[i + 1] with { Status = StageStatus.Running, StartedAt = at };
                }
            }
            else
            {
                _status = StageStatus.Done;
                _finishedAt = at;
            }

            Changed();
            return true;
        }
    }

    /// <summary>Fails the first unfinished stage with the reason (the timeout guard); the run fails with it.</summary>
    public bool FailCurrent(AgentText reason, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_status != StageStatus.Running)
            {
                return false;
            }

            var i = Array.FindIndex(_stages, s => s.Status is StageStatus.Pending or StageStatus.Running);
            _stages[i] = _stages[i] with { Status = StageStatus.Failed, StartedAt = _stages[i].StartedAt ?? at, FinishedAt = at, Detail = reason.English, Message = reason };
            _status = StageStatus.Failed;
            _finishedAt = at;
            Changed();
            return true;
        }
    }

    public RunView View()
    {
        lock (_lock)
        {
            return new RunView(Id, CorrelationId, Events, AutoDecide, _status, StartedAt, _finishedAt,
                (_finishedAt - StartedAt)?.TotalMilliseconds, OrderId, ReportId, [.. _stages], _version);
        }
    }

    /// <summary>Completes when the run changes after the given version (or at once if it already has).</summary>
    public Task WaitForChangeAsync(int seenVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _version != seenVersion ? Task.CompletedTask : _changed.Task.WaitAsync(cancellationToken);
        }
    }

    private void Update(string stage, Func<StageView, StageView> change)
    {
        lock (_lock)
        {
            var i = Array.IndexOf(StageNames, stage);
            var next = change(_stages[i]);
            if (next != _stages[i])
            {
                _stages[i] = next;
                Changed();
            }
        }
    }

    private void Changed()
    {
        _version++;
        var changed = _changed;
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
