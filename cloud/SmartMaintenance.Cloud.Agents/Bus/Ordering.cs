namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>How the events of one subscription reach its handler; declared per edge in Pipeline/AgentPipeline.cs.</summary>
public enum Ordering
{
    /// <summary>
    /// One consumer: the handler gets one event at a time, in publish order. For handlers whose state spans
    /// sensors (scheduling slots, notification throttles, Golden Path runs) or that are not safe to call concurrently.
    /// </summary>
    Total,

    /// <summary>
    /// <see cref="EventBusOptions.Partitions"/> consumers. All events of one sensor (device id + sensor id of the
    /// reading) go to the same consumer, so per sensor they are still handled one at a time and in publish order;
    /// different sensors are handled in parallel. Only for events about one reading (<c>IReadingEvent</c>), and
    /// only for handlers whose shared state is safe for concurrent calls on different sensors.
    /// </summary>
    PerSensor,

    /// <summary>
    /// As <see cref="PerSensor"/>, but all events of one device go to the same consumer: for handlers whose state spans
    /// a device's sensors (the machine detector judges them together), in publish order per device.
    /// </summary>
    PerDevice,
}
