namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>
/// Told when an append could not be made durable, before its durability task fails. The writer calls it for
/// every failed append of a group first and only then fails their tasks, so whoever awaits one of them already
/// sees the whole group undone. Called on the writer task: keep it short, never throw.
/// </summary>
public interface IAppendFailureListener
{
    /// <param name="tag">The value given to <see cref="DurableOutbox.AppendAsync(byte[], IAppendFailureListener?, long, CancellationToken)"/>.</param>
    void AppendFailed(long tag);
}
