using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Validation;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Tests.Validation;

public sealed class ValidationAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ValidationAgent Agent(FakeTimeProvider time) =>
        new(null!, time, Options.Create(new ValidationOptions { StuckCount = 3 }), new AgentMetrics());

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

    private static SensorReading InUnit(double value, string unit, DateTimeOffset at, string type = "temperature", string sensor = "t1") =>
        new(1, "dev-1", sensor, type, unit, "reading", value, at, "corr-1");

    [Theory]
    [InlineData(300.15, "K")]      // the virtual device's air temperature, 27 °C
    [InlineData(98.6, "°F")]
    [InlineData(60, "C")]
    public void Check_TemperatureInAnotherUnitWithinCelsiusLimits_Accepted(double value, string unit)
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(InUnit(value, unit, Now), Now).Rule);
    }

    [Fact]
    public void Check_KelvinAboveCelsiusLimit_RejectedWithBothUnitsInTheReason()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        var (rule, reason) = agent.Check(InUnit(500, "K", Now), Now);
        Assert.Equal("range", rule);
        Assert.Contains("500 K (226.85 °C)", reason);
        Assert.Contains("[-40, 200] °C", reason);
    }

    [Fact]
    public void Check_RateInKelvin_ComparedAsTheSameDegreesPerSecond()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(InUnit(300, "K", Now), Now).Rule);
        Assert.Null(agent.Check(InUnit(340, "K", Now.AddSeconds(1)), Now).Rule);   // 40 °C/s, under 50
        Assert.Equal("rate", agent.Check(InUnit(400, "K", Now.AddSeconds(2)), Now).Rule);
    }

    [Theory]
    [InlineData(20, "g", "range")]        // 196 m/s², beyond the MPU6050's ±16 g
    [InlineData(2, "g", null)]
    [InlineData(12, "mm/s", null)]        // velocity has limits of its own, never converted from acceleration
    [InlineData(600, "mm/s", "range")]
    [InlineData(1e6, "um", null)]         // no limits for displacement: range is not checked
    public void Check_VibrationUnits_CheckedAgainstTheLimitsOfTheirQuantity(double value, string unit, string? rule)
    {
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Equal(rule, agent.Check(InUnit(value, unit, Now, type: "vibration", sensor: "v1"), Now).Rule);
    }

    [Fact]
    public void Check_VirtualDeviceSensors_AllAcceptedAtTheirOperatingPoint()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        (string Type, string Unit, double Value)[] sensors =
            [("temperature", "K", 300), ("temperature", "K", 310), ("rotational_speed", "rpm", 1500), ("torque", "Nm", 40),
             ("current", "A", 12), ("vibration", "mm/s", 2.5), ("tool_wear", "min", 120)];
        foreach (var (type, unit, value) in sensors)
        {
            Assert.Null(agent.Check(InUnit(value, unit, Now, type, sensor: type + unit + value), Now).Rule);
        }
    }

    [Fact]
    public void Validate_LimitsInAnUnknownUnit_NamesTheEntry()
    {
        var options = new ValidationOptions();
        options.Limits["temperature"]["Rankine"] = new SensorLimits { Min = 0, Max = 1000 };
        Assert.Contains(options.Validate(), e => e.Contains("Limits:temperature:Rankine") && e.Contains("unknown unit"));
    }

    [Fact]
    public void Check_SummaryMsAfterTheLastReading_NeitherRateNorStuckAndTheNextReadingStillJudged()
    {
        var agent = Agent(new FakeTimeProvider(Now));
        static SensorReading Of(string kind, double value, DateTimeOffset at) => new(1, "dev-1", "speed", "rotational_speed", "rpm", kind, value, at, "corr-1");

        Assert.Null(agent.Check(Of("r", 1100, Now), Now).Rule);
        // The period's summary (mean 1500) 8 ms later: as a "rate" that would be 50,000 rpm/s.
        Assert.Null(agent.Check(Of("s", 1500, Now.AddMilliseconds(8)), Now).Rule);
        Assert.Equal("duplicate", agent.Check(Of("s", 1500, Now.AddMilliseconds(8)), Now).Rule);
        // Readings are still compared with the last reading, not with the summary.
        Assert.Null(agent.Check(Of("r", 1150, Now.AddSeconds(1)), Now).Rule);
        Assert.Equal("rate", agent.Check(Of("r", 9000, Now.AddSeconds(2)), Now).Rule);
        // Equal summaries are no stuck sensor (StuckCount is 3 here).
        for (var i = 1; i <= 4; i++)
        {
            Assert.Null(agent.Check(Of("s", 1500, Now.AddMinutes(i)), Now.AddMinutes(i)).Rule);
        }
    }
}
