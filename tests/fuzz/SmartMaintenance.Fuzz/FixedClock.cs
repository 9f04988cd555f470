namespace SmartMaintenance.Fuzz;

/// <summary>A clock that always reads the same instant, so a crashing input reproduces whenever it is replayed.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static FixedClock Instance { get; } = new();

    public override DateTimeOffset GetUtcNow() => Now;
}
