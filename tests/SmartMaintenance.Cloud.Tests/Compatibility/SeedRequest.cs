using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Compatibility;

/// <summary>One documented request of seed-requests.json (see its "about" for the fields).</summary>
public sealed record SeedRequest(string Name, string Method, string Path, string Auth, JsonNode? Body, JsonObject Expect, JsonObject? Then,
    JsonArray Sources)
{
    public static string FixturePath { get; } =
        System.IO.Path.Combine(RepoPaths.Root, "tests", "SmartMaintenance.Cloud.Tests", "Compatibility", "seed-requests.json");

    private static readonly Lazy<IReadOnlyList<SeedRequest>> Loaded = new(Load);

    public static IReadOnlyList<SeedRequest> All => Loaded.Value;

    public static SeedRequest Named(string name) => All.Single(r => r.Name == name);

    public int ExpectedStatus => Expect["status"]!.GetValue<int>();

    public override string ToString() =>
        $"{Name} ({Method} {Path}; {string.Join("; ", Sources.Select(s => $"{s!["document"]} {s["section"]}"))})";

    private static IReadOnlyList<SeedRequest> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(FixturePath))!.AsObject();
        return root["requests"]!.AsArray().Select(r => new SeedRequest(
            r!["name"]!.GetValue<string>(), r["method"]!.GetValue<string>(), r["path"]!.GetValue<string>(), r["auth"]!.GetValue<string>(),
            r["body"]?.DeepClone(), r["expect"]!.AsObject(), r["then"]?.AsObject(), r["sources"]!.AsArray())).ToList();
    }

    /// <summary>The value at a dotted path with [n] indexes ("$" or "" = the root), or null when a step is missing.</summary>
    public static JsonElement? At(JsonElement root, string path)
    {
        var current = root;
        foreach (var step in Steps(path))
        {
            if (step is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty((string)step, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Empty when the value matches: an exact JSON value, or a type token such as "&lt;array&gt;".</summary>
    public static string? Mismatch(JsonElement root, string path, JsonNode? expected)
    {
        var actual = At(root, path);
        if (actual is null) return $"'{path}' is missing";
        var value = actual.Value;
        if (expected is JsonValue v && v.TryGetValue<string>(out var token) && token.StartsWith('<') && token.EndsWith('>'))
        {
            var kind = token switch
            {
                "<string>" => JsonValueKind.String,
                "<number>" => JsonValueKind.Number,
                "<array>" => JsonValueKind.Array,
                "<object>" => JsonValueKind.Object,
                "<bool>" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.ValueKind : JsonValueKind.True,
                _ => throw new InvalidDataException($"unknown type token {token}"),
            };
            return value.ValueKind == kind ? null : $"'{path}' is {value.ValueKind}, expected {token}";
        }

        return JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), expected) ? null : $"'{path}' is {value.GetRawText()}, expected {expected?.ToJsonString()}";
    }

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var head = bracket < 0 ? name : name[..bracket];
            if (head.Length > 0 && head != "$") yield return head;
            while (bracket >= 0)
            {
                var end = name.IndexOf(']', bracket);
                yield return int.Parse(name[(bracket + 1)..end], System.Globalization.CultureInfo.InvariantCulture);
                bracket = name.IndexOf('[', end);
            }
        }
    }
}
