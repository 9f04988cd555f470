using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Storage;

/// <summary>The knowledge base's in-memory copy answers exactly what the table does.</summary>
public sealed class DbKnowledgeBaseCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly double[][] Queries = [[1, 0, 0, 0], [0.2, 1, 0.1, 0], [0.5, 0.5, 0.5, 0.5], [0, 0, 0, 1]];

    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    private static Incident Incident(int i, string type = "vibration") =>
        new(0, type, [i % 3, (i + 1) % 2, i * 0.1, i % 4 == 0 ? 0 : 1], "symptoms " + i, "cause " + i, "fix " + i, Now);

    /// <summary>Another process on the same database: its own knowledge base, nothing shared in memory.</summary>
    private static DbKnowledgeBase Uncached(AgentHarness harness) => new(harness.Get<AgentDatabase>(), TimeProvider.System,
        Options.Create(new KnowledgeOptions { CacheFor = TimeSpan.Zero }));

    private static async Task AssertSameAsTableAsync(IKnowledgeBase cached, IKnowledgeBase table)
    {
        foreach (var type in new[] { "vibration", "Vibration", "temperature" })
        {
            foreach (var q in Queries)
            {
                Assert.Equal(await table.FindSimilarAsync(type, q, 5, CancellationToken.None),
                    await cached.FindSimilarAsync(type, q, 5, CancellationToken.None));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task FindSimilarAsync_IncidentsAddedBeforeAndAfterFirstSearch_SameAsTableQuery(string engine)
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time,
            engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_kb_cache") : null);
        var cached = harness.Get<IKnowledgeBase>();
        var table = Uncached(harness);
        for (var i = 0; i < 6; i++)
        {
            await cached.AddAsync(Incident(i), CancellationToken.None);
        }

        await AssertSameAsTableAsync(cached, table);
        // Added through the same instance after its copy was loaded, clock not moved: seen at once.
        await cached.AddAsync(Incident(6), CancellationToken.None);
        await cached.AddAsync(Incident(7, "Temperature"), CancellationToken.None);

        await AssertSameAsTableAsync(cached, table);
        Assert.Contains(await cached.FindSimilarAsync("vibration", [0, 1, 0.6, 1], 8, CancellationToken.None), c => c.Cause == "cause 6");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task FindSimilarAsync_IncidentAddedByAnotherProcess_SeenOnceCacheForHasPassed(string engine)
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time,
            engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_kb_stale") : null,
            new() { ["Cloud:Agents:Knowledge:CacheFor"] = "00:00:05" });
        var cached = harness.Get<IKnowledgeBase>();
        var other = Uncached(harness);
        await cached.AddAsync(Incident(1), CancellationToken.None);
        Assert.Single(await cached.FindSimilarAsync("vibration", [1, 1, 1, 1], 5, CancellationToken.None));

        await other.AddAsync(Incident(2), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, (await cached.FindSimilarAsync("vibration", [1, 1, 1, 1], 5, CancellationToken.None)).Count);
    }
}
