using Microsoft.AspNetCore.Builder;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The real cloud host (CloudApplication.Build, as Program.cs starts it) on a free loopback port with embedded
/// SQLite in a temp folder and one user per role, configured through arguments like an operator would.
/// </summary>
public sealed class DashboardApp : IAsyncDisposable
{
    public const string ApiKey = "dashboard-test-key-0123456789";
    public const string SmtpPassword = "smtp-Secret-dashboard-test";
    public static readonly (string User, string Password, string Role) Admin = ("ana.admin", "admin-Pass-2026", "admin");
    public static readonly (string User, string Password, string Role) Operator = ("otavio.operador", "operator-Pass-2026", "operator");
    public static readonly (string User, string Password, string Role) Viewer = ("vera.viewer", "viewer-Pass-2026", "viewer");

    private readonly WebApplication _app;

    private DashboardApp(WebApplication app, string url, string directory)
    {
        _app = app;
        Url = url;
        Directory_ = directory;
    }

    public string Url { get; }
    public string Directory_ { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardApp> StartAsync(params string[] extraArgs)
    {
        var directory = TempFolders.Create("sm-dash-");
        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var args = new List<string>
        {
            $"--urls={url}",
            $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}",
            "--Cloud:Dashboard:LivePollInterval=00:00:00.100",
            "--Logging:LogLevel:Default=Warning",
            // A secret the System page must never show (the e-mail channel stays off without an SMTP host).
            $"--Cloud:Agents:Notification:SmtpPassword={SmtpPassword}",
        };
        foreach (var (user, password, role) in new[] { Admin, Operator, Viewer })
        {
            args.Add($"--Cloud:Dashboard:Users:{user}:Password={password}");
            args.Add($"--Cloud:Dashboard:Users:{user}:Role={role}");
        }

        args.AddRange(extraArgs);
        var app = CloudApplication.Build([.. args]);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // Nobody owns the folder yet: a start that fails (a bad argument, a port taken) must not leave it behind.
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolders.Delete(directory);
            throw;
        }

        return new DashboardApp(app, url, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        // SQLite pools keep cloud.db open after the host is gone; a file still held is retried at exit.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolders.Delete(Directory_);
    }
}
