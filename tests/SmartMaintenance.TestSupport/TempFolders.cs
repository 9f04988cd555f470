using System.Collections.Concurrent;

namespace SmartMaintenance.TestSupport;

/// <summary>
/// Temporary folders of a test run. Owners delete theirs when done (Dispose runs after a failing test too); a delete
/// that hits a file still held is retried at process exit. That exit net is best effort only: vstest ends its
/// testhost without raising ProcessExit, so a folder nobody deletes is left behind (measured: 53 sm-ml-* folders
/// before the ML fixtures deleted their own).
/// </summary>
public static class TempFolders
{
    private static readonly ConcurrentDictionary<string, byte> Created = new(StringComparer.Ordinal);

    static TempFolders() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>Creates a new empty folder under the temp directory, named <paramref name="prefix"/> plus a random part.</summary>
    public static string Create(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        Created[path] = 0;
        return path;
    }

    /// <summary>Deletes the folder now; if a file in it is still held, it is tried again at exit.</summary>
    public static void Delete(string path)
    {
        if (TryDelete(path))
        {
            Created.TryRemove(path, out _);
        }
    }

    private static void DeleteAll()
    {
        foreach (var path in Created.Keys)
        {
            TryDelete(path);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
