using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// A long-running program the tests start (nats-server, a cloud instance): its output is kept (the last lines, for
/// failure messages), <see cref="KillAsync"/> is SIGKILL (what a crash looks like to the others), and every process
/// still alive is killed when the test host exits, so a failing or aborted test leaves none behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private static readonly ConcurrentDictionary<ChildProcess, byte> Alive = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Alive.Keys)
        {
            child.KillNow();
        }
    };

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the program wrote (stdout and stderr), for a failure message.</summary>
    public string Output => string.Join('\n', _lines);

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"cannot start {fileName}");
        }

        Alive[child] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL, then waits until the process is gone (its ports and files are free again).</summary>
    public async Task KillAsync()
    {
        KillNow();
        await _process.WaitForExitAsync();
        Alive.TryRemove(this, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
    }
}
