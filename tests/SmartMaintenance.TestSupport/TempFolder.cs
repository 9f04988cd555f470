namespace SmartMaintenance.TestSupport;

/// <summary>
/// One temporary folder owned by a test or fixture: <c>using var temp = new TempFolder("sm-x-");</c> deletes it when
/// the scope ends, also when an assert in between throws (a folder built by hand and deleted on the last line of the
/// test stays behind whenever the test fails). Created and deleted through <see cref="TempFolders"/>, so a file
/// still held at that moment is retried at exit.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix) => Path = TempFolders.Create(prefix);

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => TempFolders.Delete(Path);
}
