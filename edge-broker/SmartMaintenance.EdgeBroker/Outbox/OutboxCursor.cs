using System.Globalization;

namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>
/// The forward cursor: the position up to which the cloud has acknowledged. Written by rename after every
/// acknowledged batch, without fsync: a cursor lost in a power cut only makes the broker re-send readings the
/// cloud already has, and the cloud de-duplicates them by (device, sequence).
/// </summary>
internal static class OutboxCursor
{
    private const string FileName = "cursor";

    public static OutboxPosition? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? new OutboxPosition(segment, offset)
            : null;
    }

    public static void Write(string directory, OutboxPosition position)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{position.Segment} {position.Offset}"));
        File.Move(temp, path, overwrite: true);
    }
}
