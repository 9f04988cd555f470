using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Notification;

namespace SmartMaintenance.Cloud.Agents.Tests.Notification;

/// <summary>Notifications keep their English for the channels and carry the same title and body as code and arguments.</summary>
public sealed class NotificationTextsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Maintenance_ScheduledOrder_EnglishForTheChannelsAndInvariantArgumentsForThePages()
    {
        var e = new MaintenanceScheduled(new EventMeta("o1", "press-1", "corr-1", Now), 12, "v1", MaintenanceStatus.Scheduled, "P1", "ana",
            Now, Now.AddHours(1), "no predicted failure date: next available slot");

        var m = NotificationTexts.Maintenance(e);

        Assert.Equal("Maintenance order 12 (P1) scheduled for press-1", m.Title);
        Assert.Equal("Sensor v1: ana, 2026-11-23 12:00–13:00 UTC (no predicted failure date: next available slot).", m.Body);
        Assert.Equal((NotificationTexts.ScheduledTitle, NotificationTexts.ScheduledBody), (m.TitleText!.Code, m.BodyText!.Code));
        Assert.Equal(["v1", "ana", "2026-11-23T12:00:00.0000000+00:00", "2026-11-23T13:00:00.0000000+00:00",
            "no predicted failure date: next available slot"], m.BodyText.Args);
    }

    [Fact]
    public void Anomaly_WithASimilarCase_BodyNamesTheCaseInBothForms()
    {
        var reading = new SensorReading(1, "press-1", "t1", "temperature", "C", "reading", 95.5, Now, "corr-1");
        var e = new AnomalyDetected(new EventMeta("a1", "press-1", "corr-1", Now), reading, 0.912, AnomalySeverity.High, [],
            [new SimilarCase(3, 0.9, "hot", "dry bearing", "grease it")]);

        var m = NotificationTexts.Anomaly(e);

        Assert.Equal("High anomaly on press-1/t1", m.Title);
        Assert.Equal("95.5 C at 2026-11-23T12:00:00.0000000+00:00, score 0.91; similar past case: dry bearing — fix: grease it.", m.Body);
        Assert.Equal(NotificationTexts.AnomalyBodySimilar, m.BodyText!.Code);
        Assert.Equal(["95.5", "C", "2026-11-23T12:00:00.0000000+00:00", "0.912", "dry bearing", "grease it"], m.BodyText.Args);
    }
}
