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
        var folder = SmallModel.TempFolder();
        await using var app = CloudApplication.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Get()}",
            $"--Cloud:ApiKeys:BootstrapKey={CloudHost.ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
            "--Cloud:Ml:ArtifactStore=ftp",
            "--Cloud:Ml:Retraining:Metric=accuracy",
        ]);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Cloud:Ml:ArtifactStore must be 'folder' or 's3'", e.Message);
        Assert.Contains("Cloud:Ml:Retraining:Metric must be f1, prAuc or rocAuc", e.Message);
    }
}
