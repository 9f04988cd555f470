using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Contracts.Tests;

public sealed class TopicSchemeTests
{
    [Theory]
    [InlineData("telemetry")]
    [InlineData("status")]
    [InlineData("config")]
    [InlineData("config/ack")]
    public void Parse_BuiltTopic_ReturnsItsParts(string channel)
    {
        var address = TopicScheme.Parse(TopicScheme.Build("plant-1", "dev-1", channel));

        Assert.NotNull(address);
        Assert.Equal("plant-1", address.Site);
        Assert.Equal("dev-1", address.Device);
        Assert.Equal(channel, address.Channel);
    }

    [Theory]
    [InlineData("sm/v2/plant-1/dev-1/telemetry")]
    [InlineData("sm/v1/plant-1/dev-1/unknown")]
    [InlineData("sm/v1/plant-1/telemetry")]
    [InlineData("sm/v1//dev-1/telemetry")]
    [InlineData("sm/v1/plant 1/dev-1/telemetry")]
    [InlineData("sm/v1/plant-1/+/telemetry")]
    [InlineData("sm/v1/plant-1/dev-1/telemetry/extra")]
    public void Parse_ForeignOrMalformedTopic_ReturnsNull(string topic)
    {
        Assert.Null(TopicScheme.Parse(topic));
    }
}
