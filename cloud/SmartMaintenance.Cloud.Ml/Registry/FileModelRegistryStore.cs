using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>
/// The registry as one JSON file (registry.json next to the folder artifacts by default). Kept apart from the
/// readings database on purpose: the model registry has its own lifecycle and a handful of rows. Writes go to a
/// temp file renamed over the old one, so a crash leaves either the old or the new registry, never half.
/// </summary>
public sealed class FileModelRegistryStore(string path) : IModelRegistryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task<RegistryDocument> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return RegistryDocument.Empty;
        }

        await using var stream = File.OpenRead(Path);
        return await JsonSerializer.DeserializeAsync<RegistryDocument>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException($"model registry file '{Path}' is empty");
    }

    public async Task WriteAsync(RegistryDocument document, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await JsonSerializer.SerializeAsync(stream, document, Json, cancellationToken);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
