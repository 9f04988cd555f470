namespace SmartMaintenance.Cloud.Storage.WriteBehind;

/// <summary>An engine's bulk write: the rows in one transaction, one result per row, in order.</summary>
internal interface IReadingWriter : IAsyncDisposable
{
    Task<AppendResult[]> WriteAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken);
}
