using System.Reflection;

namespace SmartMaintenance.TestSupport;

/// <summary>Locates the repository (the folder holding SmartMaintenance.sln) and built programs in it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Path of a built program's dll, e.g. ProgramDll("firmware", "SmartMaintenance.VirtualDevice").</summary>
    public static string ProgramDll(string folder, string project)
    {
        var path = Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; run `dotnet build SmartMaintenance.sln -c {Configuration}` first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartMaintenance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SmartMaintenance.sln not found above " + AppContext.BaseDirectory);
    }
}
