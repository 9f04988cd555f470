using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Tests.Validation;

public sealed class ValidationAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ValidationAgent Agent(FakeTimeProvider time) =>
        new(null!, time, Options.Create(new ValidationOptions { StuckCount = 3 }));

    [Theory]
    [InlineData(250, "range")]
    [InlineData(-60, "range")]
    public void Check_OutOfRange_RejectedAsRange(double value, string rule)
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Equal(rule, agent.Check(AgentHarness.Reading(value, Now), Now).Rule);
    }

    [Fact]
    public void Check_TimestampTooFarInFuture_RejectedAsTimestamp()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Equal("timestamp", agent.Check(AgentHarness.Reading(20, Now.AddMinutes(10)), Now).Rule);
        Assert.Null(agent.Check(AgentHarness.Reading(20, Now.AddMinutes(1)), Now).Rule);
    }

    [Fact]
    public void Check_SameSensorAndTimestampTwice_SecondIsDuplicate()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(AgentHarness.Reading(20, Now), Now).Rule);
        Assert.Equal("duplicate", agent.Check(AgentHarness.Reading(21, Now), Now).Rule);
    }

    [Fact]
    public void Check_JumpFasterThanPhysicallyPossible_RejectedAsRate()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(AgentHarness.Reading(20, Now), Now).Rule);
        Assert.Equal("rate", agent.Check(AgentHarness.Reading(120, Now.AddSeconds(1)), Now).Rule);
        Assert.Null(agent.Check(AgentHarness.Reading(120, Now.AddSeconds(10)), Now).Rule);
    }

    [Fact]
    public void Check_IdenticalValuesReachStuckCount_RejectedAsStuck()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(AgentHarness.Reading(20, Now), Now).Rule);
        Assert.Null(agent.Check(AgentHarness.Reading(20, Now.AddSeconds(1)), Now).Rule);
        Assert.Equal("stuck", agent.Check(AgentHarness.Reading(20, Now.AddSeconds(2)), Now).Rule);
        Assert.Null(agent.Check(AgentHarness.Reading(20.5, Now.AddSeconds(3)), Now).Rule);
    }

    [Fact]
    public void Check_TooOld_RejectedAsTimestamp()
    {
        var time = new FakeTimeProvider(Now);
        var agent = Agent(time);
        Assert.Equal("timestamp", agent.Check(AgentHarness.Reading(20, Now.AddDays(-8)), time.GetUtcNow()).Rule);
    }
}
