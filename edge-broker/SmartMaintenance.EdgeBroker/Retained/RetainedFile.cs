using System.Text.Json;

namespace SmartMaintenance.EdgeBroker.Retained;

/// <summary>
/// retained.json: written whole to retained.json.tmp, fsynced, then renamed over the old file. A crash at any
/// point leaves either the previous complete file or the new complete one, never a torn one. (The rename itself
/// is not fsynced: after a power cut the previous file may come back, which is the same loss as a missed flush.)
/// </summary>
internal static class RetainedFile
{
    public const string FileName = "retained.json";

    public static long Write(string directory, IReadOnlyList<RetainedRecord> records)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        long length;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new RetainedFileContent { Version = RetainedFileContent.CurrentVersion, Messages = [.. records] },
                RetainedJsonContext.Default.RetainedFileContent);
            stream.Flush(flushToDisk: true);
            length = stream.Length;
        }

        File.Move(temp, path, overwrite: true);
        return length;
    }

    /// <summary>
    /// The saved records; null when there is no file yet. Throws JsonException or InvalidDataException for a file
    /// that is not ours, damaged or larger than <paramref name="maxFileBytes"/>, IOException when it cannot be read.
    /// </summary>
    public static List<RetainedRecord>? Read(string directory, long maxFileBytes)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxFileBytes)
        {
            // Never read an unbounded file into memory at start; the writer cannot produce one this large.
            throw new InvalidDataException($"{stream.Length} bytes, more than the {maxFileBytes} the cap allows");
        }

        var content = JsonSerializer.Deserialize(stream, RetainedJsonContext.Default.RetainedFileContent);
        if (content is not { Version: RetainedFileContent.CurrentVersion, Messages: { } messages })
        {
            throw new InvalidDataException($"not a version {RetainedFileContent.CurrentVersion} retained file");
        }

        return messages;
    }

    /// <summary>Size of the saved file, 0 when there is none.</summary>
    public static long Length(string directory) => new FileInfo(Path.Combine(directory, FileName)) is { Exists: true } file ? file.Length : 0;

    /// <summary>Renames an unreadable file out of the way (kept for inspection); returns the new name, or null if that failed.</summary>
    public static string? MoveAside(string directory, DateTimeOffset now)
    {
        var path = Path.Combine(directory, FileName);
        var aside = $"{path}.bad-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        try
        {
            File.Move(path, aside, overwrite: true);
            return aside;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next write renames a good file over it anyway.
            return null;
        }
    }
}
