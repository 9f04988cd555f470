using System.Text.Json;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Retained;

/// <summary>
/// Keeps MQTTnet's retained messages (device status birth/will, desired configs) across broker restarts, through
/// the server's events: LoadingRetainedMessageAsync hands it the saved set at start, RetainedMessageChangedAsync
/// and RetainedMessagesClearedAsync tell it of every change. Those run in the publish path, so they only update a
/// copy in memory; a flush task writes the file at most once per FlushInterval, and StopAsync writes the rest at
/// graceful shutdown.
/// <para>
/// What survives: a graceful stop keeps every retained message. A kill -9 or power cut keeps the file of the last
/// flush, so it loses at most the changes of the last FlushInterval (1 s by default), and never leaves a torn file
/// (see RetainedFile). That loss is acceptable because both kinds are re-sent: a device publishes its birth
/// message again when it reconnects to the restarted broker, and the registry sync re-publishes a config whose
/// version the retained copy does not have. What a restart does not fix: the status of a device that never
/// comes back stays as last saved (the broker died before it could publish that device's will).
/// </para>
/// </summary>
public sealed partial class RetainedMessageStore(
    IOptions<RetainedOptions> options,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<RetainedMessageStore> logger) : IAsyncDisposable
{
    private readonly RetainedOptions _options = options.Value;
    private readonly Dictionary<string, RetainedRecord> _messages = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private int _signalled;
    private long _version;
    private long _writtenVersion;
    private bool _writeFailing;
    private bool _overCap;
    private CancellationTokenSource? _stop;
    private Task _flusher = Task.CompletedTask;

    public string Directory => _options.Directory!;

    /// <summary>Hooks the store into <paramref name="server"/>; call before StartAsync, which loads the saved messages.</summary>
    public void Attach(MqttServer server)
    {
        server.LoadingRetainedMessageAsync += LoadAsync;
        server.RetainedMessageChangedAsync += ChangedAsync;
        server.RetainedMessagesClearedAsync += ClearedAsync;
    }

    /// <summary>Starts the flush task (after the server started, so the loaded set is not written back needlessly).</summary>
    public void StartFlushing()
    {
        _stop = new CancellationTokenSource();
        _flusher = FlushLoopAsync(_stop.Token);
    }

    /// <summary>Stops the flush task and writes what changed since the last flush (call after the server stopped, so nothing changes after it).</summary>
    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _flusher;
        _stop.Dispose();
        _stop = null;
        TryFlush();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _changed.Dispose();
    }

    private Task LoadAsync(LoadingRetainedMessagesEventArgs e)
    {
        List<RetainedRecord> saved;
        try
        {
            // The writer keeps the file near MaxBytes (base64 is 4/3 of the payload, plus JSON per record).
            saved = RetainedFile.Read(Directory, 2 * _options.MaxBytes + 64L * _options.MaxMessages + 1024 * 1024) ?? [];
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // A damaged file must not keep the broker down: start empty, keep the file aside for a look.
            metrics.RetainedLoadFailed();
            var aside = RetainedFile.MoveAside(Directory, time.GetUtcNow());
            LogLoadFailed(Path.Combine(Directory, RetainedFile.FileName), aside ?? "(could not be moved)", ex);
            saved = [];
        }

        var skipped = 0;
        lock (_gate)
        {
            _messages.Clear();
            foreach (var record in saved)
            {
                if (record.Problem() is null)
                {
                    _messages[record.Topic!] = record;
                }
                else
                {
                    skipped++;
                }
            }

            var kept = RetainedCap.Select(_messages.Values, _options, out var overCap);
            e.LoadedRetainedMessages = [.. kept.Select(r => r.ToMessage())];
            if (overCap > 0)
            {
                // The cap was lowered since the file was written: serve (and keep) only what fits.
                _messages.Clear();
                foreach (var record in kept)
                {
                    _messages[record.Topic!] = record;
                }
            }

            metrics.SetRetained(_messages.Count);
            metrics.SetRetainedPersisted(_messages.Count, RetainedFile.Length(Directory), 0);
            LogLoaded(_messages.Count, skipped);
            if (overCap > 0)
            {
                LogLoadedOverCap(overCap, _options.MaxMessages, _options.MaxBytes);
            }
        }

        return Task.CompletedTask;
    }

    private Task ChangedAsync(RetainedMessageChangedEventArgs e)
    {
        // One topic has one publisher (a device's own status, the broker's config for it), whose publishes MQTTnet
        // handles in order, so applying each change to the copy keeps the copy equal to MQTTnet's store.
        if (e.ChangedRetainedMessage is not { Topic: { } topic } message)
        {
            return Task.CompletedTask;
        }

        var record = message.Payload.IsEmpty ? null : RetainedRecord.From(message);
        int count;
        lock (_gate)
        {
            if (record is null)
            {
                _messages.Remove(topic);
            }
            else
            {
                _messages[topic] = record;
            }

            _version++;
            count = _messages.Count;
        }

        metrics.SetRetained(count);
        Signal();
        return Task.CompletedTask;
    }

    private Task ClearedAsync(EventArgs e)
    {
        lock (_gate)
        {
            _messages.Clear();
            _version++;
        }

        metrics.SetRetained(0);
        Signal();
        return Task.CompletedTask;
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _changed.Release();
        }
    }

    private async Task FlushLoopAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(stop);
                Volatile.Write(ref _signalled, 0);
                // Everything that changes during the interval goes into this one write.
                await Task.Delay(_options.FlushInterval, time, stop);
                if (!TryFlush())
                {
                    Signal();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down; StopAsync writes the last changes.
        }
    }

    /// <summary>Writes the current set if it changed since the last write; false when the write failed (retried next interval).</summary>
    private bool TryFlush()
    {
        List<RetainedRecord> snapshot;
        long version;
        lock (_gate)
        {
            if (_version == _writtenVersion)
            {
                return true;
            }

            snapshot = [.. _messages.Values];
            version = _version;
        }

        var kept = RetainedCap.Select(snapshot, _options, out var overCap);
        long bytes;
        try
        {
            bytes = RetainedFile.Write(Directory, kept);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The retained messages are still served from memory; only the copy for the next start is stale.
            metrics.RetainedWriteFailed();
            if (!_writeFailing)
            {
                _writeFailing = true;
                LogWriteFailed(Path.Combine(Directory, RetainedFile.FileName), ex);
            }

            return false;
        }

        _writtenVersion = version;
        metrics.SetRetainedPersisted(kept.Count, bytes, overCap);
        metrics.RetainedWritten();
        if (_writeFailing)
        {
            _writeFailing = false;
            LogWriteRecovered();
        }

        if (overCap > 0 != _overCap)
        {
            _overCap = overCap > 0;
            if (_overCap)
            {
                LogOverCap(snapshot.Count, overCap, _options.MaxMessages, _options.MaxBytes);
            }
            else
            {
                LogBelowCap(snapshot.Count);
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} retained messages ({Skipped} invalid records skipped)")]
    private partial void LogLoaded(int count, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{OverCap} saved retained messages exceed the save cap (Broker:Retained:MaxMessages {MaxMessages}, MaxBytes {MaxBytes}) and were not loaded")]
    private partial void LogLoadedOverCap(int overCap, int maxMessages, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retained messages file {Path} could not be read; starting without retained messages, the file was moved to {Aside}")]
    private partial void LogLoadFailed(string path, string aside, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the retained messages to {Path}; retrying every flush interval")]
    private partial void LogWriteFailed(string path, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retained messages saved again after write failures")]
    private partial void LogWriteRecovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} retained messages exceed the save cap (Broker:Retained:MaxMessages {MaxMessages}, MaxBytes {MaxBytes}): {OverCap} are served but would not survive a restart")]
    private partial void LogOverCap(int count, int overCap, int maxMessages, long maxBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "All {Count} retained messages fit the save cap again")]
    private partial void LogBelowCap(int count);
}
