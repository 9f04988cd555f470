namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>Reads segment files at start: counts valid records and finds where the valid data ends.</summary>
internal static class SegmentScanner
{
    public const string Extension = ".seg";

    public static string PathOf(string directory, long number) => Path.Combine(directory, number.ToString("D12") + Extension);

    public static List<SegmentInfo> List(string directory)
    {
        var segments = new List<SegmentInfo>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), out var number))
            {
                segments.Add(new SegmentInfo(number, file));
            }
        }

        segments.Sort((a, b) => a.Number.CompareTo(b.Number));
        return segments;
    }

    /// <summary>Counts the valid records from <paramref name="from"/>; returns the offset where valid data ends.</summary>
    public static long Scan(string path, long from, out long records)
    {
        records = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        stream.Position = from;
        var end = from;
        while (RecordFrame.TryRead(stream, out _))
        {
            records++;
            end = stream.Position;
        }

        return end;
    }
}
