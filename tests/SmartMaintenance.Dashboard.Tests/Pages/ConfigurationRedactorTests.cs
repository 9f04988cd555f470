using SmartMaintenance.Cloud.Dashboard.Pages;

namespace SmartMaintenance.Dashboard.Tests.Pages;

/// <summary>The System page's configuration table: no secret survives, harmless settings stay readable.</summary>
public sealed class ConfigurationRedactorTests
{
    private const string Hidden = ConfigurationRedactor.Redacted;

    [Theory]
    [InlineData("Cloud:Agents:Notification:SmtpPassword", "smtp-Secret-42")]
    [InlineData("Cloud:ApiKeys:BootstrapKey", "bootstrap-key-0123456789")]
    [InlineData("Cloud:Dashboard:Users:admin:Password", "admin-Pass-2026")]
    [InlineData("Cloud:Dashboard:Users:admin:PasswordHash", "pbkdf2-sha256$100000$abc$def")]
    [InlineData("Cloud:Ml:S3:SecretAccessKey", "wJalrXUtnFEMI/K7MDENG")]
    [InlineData("Cloud:Integrations:ApiKey", "sk-live-123")]
    [InlineData("Cloud:Something:Key", "k-123")]
    public void Redact_SecretNamedKey_HidesTheWholeValue(string key, string value)
    {
        Assert.Equal(Hidden, ConfigurationRedactor.Redact(key, value));
    }

    [Fact]
    public void Redact_SlackWebhookUrl_KeepsOnlyTheHost()
    {
        var shown = ConfigurationRedactor.Redact("Cloud:Agents:Notification:WebhookUrl",
            "https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX");

        Assert.Equal($"https://hooks.slack.com/{Hidden}", shown);
    }

    [Fact]
    public void Redact_WebhookUrlUnderAnotherHost_HidesThePath()
    {
        var shown = ConfigurationRedactor.Redact("Cloud:Agents:Notification:WebhookUrl", "http://10.0.0.5:8080/api/webhooks/991/s3cr3t-token");

        Assert.Equal($"http://10.0.0.5:8080/{Hidden}", shown);
    }

    [Fact]
    public void Redact_ConnectionStringPassword_HidesOnlyThePassword()
    {
        var shown = ConfigurationRedactor.Redact("ConnectionStrings:Postgres", "Host=db;Username=sm;Password=p4ss-word;Database=sm");

        Assert.DoesNotContain("p4ss-word", shown);
        Assert.Contains("username=sm", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("host=db", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Redact_ConnectionStringOutsideConnectionStrings_HidesPwd()
    {
        var shown = ConfigurationRedactor.Redact("Cloud:Storage:Archive", "Server=archive;User Id=sm;Pwd=hunter2");

        Assert.DoesNotContain("hunter2", shown);
        Assert.Contains("server=archive", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Redact_UnparseableConnectionString_HidesEverything()
    {
        Assert.Equal(Hidden, ConfigurationRedactor.Redact("ConnectionStrings:Postgres", "Host=db;Password='unterminated"));
    }

    [Fact]
    public void Redact_UrlWithUserInfo_HidesThePassword()
    {
        var shown = ConfigurationRedactor.Redact("Cloud:Queue:Url", "amqp://sm:rabbit-pass@mq.local:5672/plant");

        Assert.Equal($"amqp://sm:{Hidden}@mq.local:5672/plant", shown);
    }

    [Fact]
    public void Redact_UrlWithQuery_HidesTheQuery()
    {
        var shown = ConfigurationRedactor.Redact("Cloud:Export:Target", "https://storage.example/upload?sig=abc123&se=2026");

        Assert.Equal($"https://storage.example/upload?{Hidden}", shown);
    }

    [Theory]
    [InlineData("Cloud:Dashboard:LivePollInterval", "00:00:00.500")]
    [InlineData("Cloud:Storage:SqlitePath", "data/smartmaintenance.db")]
    [InlineData("urls", "http://127.0.0.1:5000")]
    [InlineData("Cloud:Agents:Notification:SmtpHost", "smtp.plant.local")]
    public void Redact_HarmlessSetting_IsShownAsIs(string key, string value)
    {
        Assert.Equal(value, ConfigurationRedactor.Redact(key, value));
    }
}
