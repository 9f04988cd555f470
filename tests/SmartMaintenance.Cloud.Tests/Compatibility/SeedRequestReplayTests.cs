using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Compatibility;

/// <summary>
/// Replays every request of the planning documents (seed-requests.json, extracted from ../shared/seeds with the
/// document and section of each) against the real cloud host, one test case per request: a request that stops
/// answering as recorded there fails its own case.
/// </summary>
public sealed class SeedRequestReplayTests(SeedRequestHostFixture fixture) : IClassFixture<SeedRequestHostFixture>
{
    public static TheoryData<string> Requests
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var r in SeedRequest.All)
            {
                data.Add(r.Name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task DocumentedRequest_AnsweredAsRecorded(string name)
    {
        var request = SeedRequest.Named(name);
        using var client = fixture.Host.Client(request.Auth switch
        {
            "key" => Api.CloudHost.BootstrapKey,
            "invalid" => "not-a-key-of-this-plant-0123456789",
            "none" => null,
            _ => throw new InvalidDataException($"{name}: unknown auth '{request.Auth}'"),
        });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var context = $"{request}\nanswer {(int)response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}";
        Assert.True(request.ExpectedStatus == (int)response.StatusCode, $"status {(int)response.StatusCode}, expected {request.ExpectedStatus}\n{context}");

        if (request.Expect["text_contains"] is { } contains)
        {
            Assert.True(text.Contains(contains.GetValue<string>(), StringComparison.Ordinal), context);
        }

        JsonElement? body = null;
        if (request.Expect["fields"] is JsonObject fields)
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
            var mismatches = fields.Select(f => SeedRequest.Mismatch(body.Value, f.Key, f.Value)).OfType<string>().ToList();
            Assert.True(mismatches.Count == 0, string.Join("; ", mismatches) + "\n" + context);
        }

        if (request.Then is { } then)
        {
            await FollowUpAsync(client, then, body, context);
        }
    }

    /// <summary>Polls the follow-up GET (e.g. the stored reading, the finished Golden Path) until its fields match.</summary>
    private static async Task FollowUpAsync(HttpClient client, JsonObject then, JsonElement? first, string context)
    {
        var path = then["path"]!.GetValue<string>();
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            path = path.Replace("{id}", SeedRequest.At(first!.Value, "id")!.Value.GetString(), StringComparison.Ordinal);
        }

        var until = then["until"]!.AsObject();
        var last = "";
        string? Mismatches(string text)
        {
            last = text;
            var problems = new List<string>();
            JsonElement? json = null;
            foreach (var (key, expected) in until)
            {
                if (key == "$text")
                {
                    if (!text.Contains(expected!.GetValue<string>(), StringComparison.Ordinal)) problems.Add($"body lacks {expected}");
                    continue;
                }

                try
                {
                    json ??= JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    return "not JSON";
                }

                if (SeedRequest.Mismatch(json.Value, key, expected) is { } m) problems.Add(m);
            }

            return problems.Count == 0 ? null : string.Join("; ", problems);
        }

        try
        {
            await Eventually.WaitForAsync(async () =>
            {
                using var response = await client.GetAsync(path);
                return response.StatusCode == HttpStatusCode.OK ? Mismatches(await response.Content.ReadAsStringAsync()) : $"status {response.StatusCode}";
            }, m => m is null, TimeSpan.FromSeconds(then["timeout_seconds"]?.GetValue<int>() ?? 30), $"GET {path} to match");
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nlast answer: {last[..Math.Min(last.Length, 3000)]}\n{context}");
        }
    }
}
