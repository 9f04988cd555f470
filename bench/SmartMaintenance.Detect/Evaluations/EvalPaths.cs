namespace SmartMaintenance.Detect.Evaluations;

/// <summary>Where the shared data sets are: --data DIR, else ../shared/datasets/NAME beside the repository.</summary>
internal static class EvalPaths
{
    public static string Option(IReadOnlyList<string> args, string name, string fallback)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return fallback;
    }

    public static string DataSet(IReadOnlyList<string> args, string option, string name)
    {
        var given = Option(args, option, string.Empty);
        if (given.Length > 0)
        {
            return given;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmartMaintenance.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", name));
    }
}
