using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>Broker:Memory: giving memory back to the OS after an attack (MemoryReclaimer).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Broker:Memory";

    /// <summary>
    /// Quiet time after the last connection a limit closed or refused before one aggressive full collection returns the
    /// attack's memory to the OS. 0 turns it off (the GC then keeps the grown heap until it next needs a full collection).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Broker:Memory:ReclaimAfterAttack must be 0 - 1 h.")]
    public TimeSpan ReclaimAfterAttack { get; set; } = TimeSpan.FromSeconds(5);
}
