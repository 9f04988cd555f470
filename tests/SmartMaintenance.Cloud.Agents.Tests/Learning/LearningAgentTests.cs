using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;

namespace SmartMaintenance.Cloud.Agents.Tests.Learning;

public sealed class LearningAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static IncidentResolved Resolved(string id, string type, double[] signature, string cause) =>
        new(AgentHarness.Meta(id, Now), type, signature, "symptoms " + id, cause, "fix " + id);

    [Fact]
    public async Task FindSimilar_AfterResolvedIncidents_SameTypeRankedByCosineBestFirst()
    {
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(Now));
        var agent = harness.Get<LearningAgent>();
        await agent.HandleAsync(Resolved("i1", "vibration", [1, 0, 0, 0], "bearing wear"), CancellationToken.None);
        await agent.HandleAsync(Resolved("i2", "vibration", [0, 0, 1, 0], "loose mount"), CancellationToken.None);
        await agent.HandleAsync(Resolved("i3", "vibration", [0.9, 0.1, 0.4, 0], "misalignment"), CancellationToken.None);
        await agent.HandleAsync(Resolved("i4", "temperature", [1, 0, 0, 0], "blocked fan"), CancellationToken.None);

        var similar = await harness.Get<IKnowledgeBase>().FindSimilarAsync("vibration", [1, 0, 0.1, 0], 2, CancellationToken.None);

        Assert.Equal(["bearing wear", "misalignment"], similar.Select(s => s.Cause));
        Assert.True(similar[0].Similarity > similar[1].Similarity);
        Assert.Equal("fix i1", similar[0].Fix);
    }
}
