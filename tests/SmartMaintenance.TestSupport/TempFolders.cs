using System.Collections.Concurrent;

namespace SmartMaintenance.TestSupport;

/// <summary>
/// Temporary folders of a test run, removed when their owner is done and, as a safety net for owners that never get
/// there (a test failing before its cleanup, a fixture whose delete hit a file still held), when the test process
/// exits. A process killed outright still leaves them; everything else does not.
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
