using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Tests.Ingestion;

/// <summary>The device statistics stored beside a batch item's value are checked like the value itself.</summary>
public sealed class ReadingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestBatchItem Item(DeviceMessage message) => new()
    {
        DeviceId = "rr-1", Sequence = 1, ReceivedAt = Now,
        Message = message with { DeviceId = "rr-1", Sequence = 1, SensorId = "rr-1-temp", SensorType = "temperature", Unit = "K", Value = 300 },
    };

    public static TheoryData<DeviceMessage> BadStatistics => new()
    {
        new DeviceMessage { Kind = MessageKinds.Summary, Count = -1 },
        new DeviceMessage { Kind = MessageKinds.Summary, Count = 10, Std = double.NaN },
        new DeviceMessage { Kind = MessageKinds.Summary, Count = 10, Max = double.PositiveInfinity },
        new DeviceMessage { Kind = MessageKinds.Anomaly, ZScore = 4, BaselineStd = double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(BadStatistics))]
    public void Validate_NegativeCountOrNonFiniteStatistic_Refused(DeviceMessage message)
    {
        Assert.NotNull(ReadingRules.Validate(Item(message), Now));
    }

    [Fact]
    public void Validate_SummaryAndDeviationWithFiniteStatistics_Accepted()
    {
        Assert.Null(ReadingRules.Validate(Item(new DeviceMessage { Kind = MessageKinds.Summary, Count = 60, Std = 0.4, Min = 299.5, Max = 300.5 }), Now));
        Assert.Null(ReadingRules.Validate(Item(new DeviceMessage { Kind = MessageKinds.Anomaly, ZScore = -4.2, BaselineMean = 300.1, BaselineStd = 0.2 }), Now));
    }
}
