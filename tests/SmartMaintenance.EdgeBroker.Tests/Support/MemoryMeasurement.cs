namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>
/// Tests that measure the test process's managed heap (an in-process broker) run in this collection: alone, after
/// the parallel ones, so other tests' allocations do not blur the figure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement (runs alone)";
}
