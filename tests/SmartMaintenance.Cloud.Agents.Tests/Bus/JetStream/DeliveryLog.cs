using System.Collections.Concurrent;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;

/// <summary>What every instance's handler saw, in one place: which instance handled which reading, and overlaps.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    public readonly ConcurrentQueue<(string Instance, string Sensor, long Seq, string EventId)> Handled = new();
    public int Overlaps;

    /// <summary>Handler calls that throw while set (sensor "bad" only when BadOnly).</summary>
    public volatile bool Fail;

    /// <summary>While set, a handler call waits for it (a slow or stuck handler).</summary>
    public volatile TaskCompletionSource? Gate;

    public readonly ConcurrentQueue<string> Started = new();

    public int Count(string eventId) => Handled.Count(h => h.EventId == eventId);

    internal async Task RecordAsync(string instance, ReadingValidated e)
    {
        var reading = e.Reading;
        if (_inFlight.AddOrUpdate(reading.SensorId, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref Overlaps);
        }

        try
        {
            Started.Enqueue($"{instance}:{e.EventId}");
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Fail)
            {
                throw new InvalidOperationException($"{reading.SensorId}: downstream unavailable");
            }

            await Task.Yield(); // a real await, so two deliveries of one sensor could overlap if the transport allowed it
            Handled.Enqueue((instance, reading.SensorId, reading.ReadingId, e.EventId));
        }
        finally
        {
            _inFlight.AddOrUpdate(reading.SensorId, 0, (_, n) => n - 1);
        }
    }
}

/// <summary>The instance's name, so the shared log can tell who handled what.</summary>
public sealed record InstanceName(string Value);

public sealed class LoggingHandler(DeliveryLog log, InstanceName instance) : IEventHandler<ReadingValidated>
{
    public Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken) => log.RecordAsync(instance.Value, @event);
}

internal static class JetStreamTestEvents
{
    public const string SubscriptionName = "ReadingValidated->LoggingHandler";

    public static PipelineDefinition PerSensor() => new PipelineDefinition().On<ReadingValidated, LoggingHandler>(Ordering.PerSensor);

    public static PipelineDefinition Total() => new PipelineDefinition().On<ReadingValidated, LoggingHandler>();

    public static ReadingValidated Validated(string sensor, long seq) =>
        new(new EventMeta($"{sensor}/{seq}", "dev-1", "corr-" + sensor, DateTimeOffset.UnixEpoch.AddSeconds(seq)),
            new SensorReading(seq, "dev-1", sensor, "vibration", "mm/s", "reading", seq, DateTimeOffset.UnixEpoch.AddSeconds(seq)));
}
