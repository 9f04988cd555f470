using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

public sealed class MlOptionsTests
{
    [Fact]
    public async Task Start_InvalidMlOptions_FailsNamingEveryProblem()
    {
        using var temp = new TempFolder("sm-ml-");
        var folder = temp.Path;
        await using var app = CloudApplication.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Get()}",
            $"--Cloud:ApiKeys:BootstrapKey={CloudHost.ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
            "--Cloud:Ml:ArtifactStore=ftp",
            "--Cloud:Ml:Retraining:Metric=accuracy",
            "--Cloud:Ml:Retraining:PlantInterval=-00:01:00",
        ]);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Cloud:Ml:ArtifactStore must be 'folder' or 's3'", e.Message);
        Assert.Contains("Cloud:Ml:Retraining:Metric must be f1, prAuc or rocAuc", e.Message);
        Assert.Contains("Cloud:Ml:Retraining:PlantInterval must be 0 (no schedule) or at least 1 second", e.Message);
    }

    [Fact]
    public async Task Start_InvalidS3Options_FailsNamingEveryProblem()
    {
        using var temp = new TempFolder("sm-ml-");
        var folder = temp.Path;
        await using var app = CloudApplication.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Get()}",
            $"--Cloud:ApiKeys:BootstrapKey={CloudHost.ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
            "--Cloud:Ml:ArtifactStore=s3",
            "--Cloud:Ml:S3:ServiceUrl=127.0.0.1:4568",
            "--Cloud:Ml:S3:Bucket=Models_Bucket",
            "--Cloud:Ml:S3:Prefix=/models/",
            "--Cloud:Ml:S3:AccessKey=only-the-access-key",
            "--Cloud:Ml:Retraining:DriftProfile=huge",
        ]);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Cloud:Ml:S3:ServiceUrl must be an absolute http:// or https:// URL", e.Message);
        Assert.Contains("Cloud:Ml:S3:Bucket must be 3-63 lowercase letters", e.Message);
        Assert.Contains("Cloud:Ml:S3:Prefix must not start with '/'", e.Message);
        Assert.Contains("Cloud:Ml:S3:AccessKey is set but Cloud:Ml:S3:SecretKey is not", e.Message);
        Assert.Contains("Cloud:Ml:Retraining:DriftProfile must be fast, full or plant", e.Message);
    }

    [Fact]
    public void Validate_S3UnknownAwsRegionWithoutServiceUrl_Refused_AndValidOptionsPass()
    {
        var wrong = new SmartMaintenance.Cloud.Ml.Artifacts.S3ArtifactStoreOptions { Region = "moon-1", SecretKey = "s" };
        var valid = new SmartMaintenance.Cloud.Ml.Artifacts.S3ArtifactStoreOptions { ServiceUrl = "http://127.0.0.1:4568", AccessKey = "a", SecretKey = "s" };

        var errors = wrong.Validate().ToList();

        Assert.Contains(errors, x => x.Contains("Region 'moon-1' is not an AWS region", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.Contains("SecretKey is set but S3:AccessKey is not", StringComparison.Ordinal));
        Assert.Empty(valid.Validate());
        Assert.Empty(new SmartMaintenance.Cloud.Ml.Artifacts.S3ArtifactStoreOptions().Validate());
    }
}
