using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.DeadLetters;

/// <summary>
/// Refused messages on disk as JSON lines (deadletters.jsonl, rotated to .1 past a size), counted in metrics and
/// listed by GET /deadletters. Writes are flushed to the OS but not fsynced: dead letters are for inspection,
/// and the device got its refusal (reason code) either way.
/// </summary>
public sealed partial class DeadLetterStore
{
    private const string FileName = "deadletters.jsonl";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly DeadLetterOptions _options;
    private readonly BrokerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterStore> _logger;
    private readonly Lock _gate = new();
    private readonly string _path;

    public DeadLetterStore(IOptions<DeadLetterOptions> options, BrokerMetrics metrics, TimeProvider time, ILogger<DeadLetterStore> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_options.Directory);
        _path = Path.Combine(_options.Directory, FileName);
    }

    public void Add(string reason, string topic, string clientId, ReadOnlySequence<byte> payload)
    {
        var keep = (int)Math.Min(payload.Length, _options.MaxPayloadBytes);
        var bytes = payload.Slice(0, keep).ToArray();
        string text, encoding;
        try
        {
            text = StrictUtf8.GetString(bytes);
            encoding = "utf8";
        }
        catch (DecoderFallbackException)
        {
            // Binary (or cut inside a UTF-8 sequence): keep it exact.
            text = Convert.ToBase64String(bytes);
            encoding = "base64";
        }

        var letter = new DeadLetter
        {
            At = _time.GetUtcNow(),
            Reason = reason,
            Topic = topic,
            ClientId = clientId,
            Payload = text,
            PayloadEncoding = encoding,
            PayloadBytes = payload.Length,
            Truncated = payload.Length > keep,
        };
        _metrics.DeadLettered();
        LogDeadLetter(clientId, topic, reason);
        try
        {
            Append(letter);
        }
        catch (IOException ex)
        {
            // The refusal was still counted and logged; a full disk must not take the broker down.
            LogWriteFailed(ex);
        }
    }

    /// <summary>The most recent dead letters, newest first.</summary>
    public List<DeadLetter> Recent(int limit)
    {
        var recent = new List<DeadLetter>(limit);
        lock (_gate)
        {
            foreach (var path in new[] { _path, _path + ".1" })
            {
                if (recent.Count >= limit || !File.Exists(path))
                {
                    continue;
                }

                var lines = File.ReadAllLines(path);
                for (var i = lines.Length - 1; i >= 0 && recent.Count < limit; i--)
                {
                    if (JsonSerializer.Deserialize(lines[i], DeadLetterJsonContext.Default.DeadLetter) is { } letter)
                    {
                        recent.Add(letter);
                    }
                }
            }
        }

        return recent;
    }

    private void Append(DeadLetter letter)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(letter, DeadLetterJsonContext.Default.DeadLetter);
        lock (_gate)
        {
            if (File.Exists(_path) && new FileInfo(_path).Length + line.Length > _options.MaxFileBytes)
            {
                File.Move(_path, _path + ".1", overwrite: true);
            }

            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter from {ClientId} on {Topic}: {Reason}")]
    private partial void LogDeadLetter(string clientId, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write a dead letter to disk")]
    private partial void LogWriteFailed(Exception ex);
}

public static class DeadLetterExtensions
{
    public static IServiceCollection AddDeadLetters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeadLetterOptions>()
            .Bind(configuration.GetSection(DeadLetterOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DeadLetterStore>();
        return services;
    }

    /// <summary>GET /deadletters?limit=N: the newest dead letters, for operators.</summary>
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/deadletters", (DeadLetterStore store, int? limit) =>
            TypedResults.Json(store.Recent(Math.Clamp(limit ?? 50, 1, 1000)), DeadLetterJsonContext.Default.ListDeadLetter));
        return app;
    }
}
