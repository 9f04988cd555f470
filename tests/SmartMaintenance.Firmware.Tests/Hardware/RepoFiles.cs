namespace SmartMaintenance.Firmware.Tests.Hardware;

/// <summary>Finds files of the repository from the test's bin folder (walks up to SmartMaintenance.sln).</summary>
internal static class RepoFiles
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SmartMaintenance.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return System.IO.Path.Combine([dir.FullName, .. parts]);
    }

    /// <summary>The *Pin constants of BoardConfig.cs, by name.</summary>
    public static Dictionary<string, int> BoardPins()
    {
        var text = File.ReadAllText(Path("firmware", "SmartMaintenance.Firmware", "BoardConfig.cs"));
        return System.Text.RegularExpressions.Regex
            .Matches(text, @"public const int (\w+Pin) = (\d+);")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
    }
}
