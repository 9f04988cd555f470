using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Explanation;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// The two fitted models and their manifest. Serialized as one zip (failure.zip, modes.zip, manifest.json) so
/// one SHA-256 covers everything a prediction depends on.
/// </summary>
public sealed class TrainedModel(MLContext ml, ITransformer failure, ITransformer modes, ModelManifest manifest, ExplainerData? explainer = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);

    public MLContext Context { get; } = ml;
    public ITransformer Failure { get; } = failure;
    public ITransformer Modes { get; } = modes;
    public ModelManifest Manifest { get; } = manifest;

    /// <summary>What the additive explanations walk (explainer.json); null for trainers without one and older artifacts.</summary>
    public ExplainerData? Explainer { get; } = explainer;

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Save(zip, "failure.zip", s => Context.Model.Save(Failure, FailureSchema(Context), s));
            Save(zip, "modes.zip", s => Context.Model.Save(Modes, ModeSchema(Context), s));
            Save(zip, "manifest.json", s => JsonSerializer.Serialize(s, Manifest, Json));
            if (Explainer is not null)
            {
                Save(zip, "explainer.json", s => JsonSerializer.Serialize(s, Explainer, Compact));
            }
        }

        return buffer.ToArray();
    }

    public static TrainedModel FromBytes(byte[] bytes)
    {
        var ml = new MLContext(0);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var failure = Load(zip, "failure.zip", s => ml.Model.Load(s, out _));
        var modes = Load(zip, "modes.zip", s => ml.Model.Load(s, out _));
        var manifest = Load(zip, "manifest.json", s => JsonSerializer.Deserialize<ModelManifest>(s, Json))
            ?? throw new InvalidDataException("model artifact has an empty manifest");
        if (!manifest.FeatureNames.SequenceEqual(FeatureBuilder.Names))
        {
            throw new InvalidDataException("model artifact was trained on another feature schema: " + string.Join(",", manifest.FeatureNames));
        }

        var explainer = zip.GetEntry("explainer.json") is null ? null : Load(zip, "explainer.json", s => JsonSerializer.Deserialize<ExplainerData>(s, Compact));
        return new TrainedModel(ml, failure, modes, manifest, explainer);
    }

    internal static DataViewSchema FailureSchema(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<FailureRow>()).Schema;

    internal static DataViewSchema ModeSchema(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<ModeRow>()).Schema;

    private static readonly DateTimeOffset FixedEntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static void Save(ZipArchive zip, string name, Action<Stream> write)
    {
        // Fixed entry times, here and inside ML.NET's own zip (which stamps the save time on each entry): the
        // same model gives the same bytes, hence the same SHA-256 whenever and wherever it is saved.
        using var content = new MemoryStream();
        write(content);
        var bytes = name.EndsWith(".zip", StringComparison.Ordinal) ? WithFixedEntryTimes(content.ToArray()) : content.ToArray();
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedEntryTime;
        using var s = entry.Open();
        s.Write(bytes);
    }

    private static byte[] WithFixedEntryTimes(byte[] zipBytes)
    {
        using var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var buffer = new MemoryStream();
        using (var target = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in source.Entries)
            {
                var copy = target.CreateEntry(e.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedEntryTime;
                using var from = e.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return buffer.ToArray();
    }

    internal static T Load<T>(ZipArchive zip, string name, Func<Stream, T> read)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"model artifact has no '{name}' entry");
        using var s = entry.Open();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        copy.Position = 0;
        return read(copy);
    }
}
