using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>
/// The in-process broker's log lines (as far as its Logging:LogLevel settings let them through), kept in memory so a
/// test can assert that a refusal was logged with its reason (register with
/// <c>services.AddSingleton&lt;ILoggerProvider&gt;(capture)</c>). Keeps the first 10,000.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int MaxLines = 10_000;
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        if (_lines.Count < MaxLines)
        {
            _lines.Enqueue(line);
        }
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
