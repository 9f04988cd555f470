using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Ml;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>A report through the real host lists a registered device with nothing wrong, and the production model's metrics.</summary>
[Collection(AgentsCloudCollection.Name)]
public sealed class ReportFleetAndModelApiTests(AgentsCloudFixture fixture)
{
    /// <summary>A small model (2,500 AI4I rows, few trees: seconds) registered and promoted through the host's registry.</summary>
    private async Task<ModelVersion> PromoteSmallModelAsync()
    {
        var options = new TrainingOptions
        {
            Trainer = TrainerKind.FastTree, Trees = 20, Leaves = 8, MinimumExamplesPerLeaf = 5, LearningRate = 0.2, Folds = 3,
            Seeds = [7], ModeTrees = 10,
        };
        var (model, _) = ModelTrainer.TrainAndEvaluate(Ai4iCsvLoader.Load(Ai4iCsvLoader.DefaultPath).Subsample(2500, seed: 5), options);
        var registry = fixture.Cloud.Get<ModelRegistry>();
        var name = fixture.Cloud.Get<IOptions<MlOptions>>().Value.ModelName;
        var version = await registry.RegisterAsync(name, model, CancellationToken.None);
        return await registry.PromoteAsync(name, version.Version, CancellationToken.None);
    }

    [Fact]
    public async Task PostReport_RegisteredHealthyDeviceAndProductionModel_FleetListsItOkAndModelMetricsShown()
    {
        var http = fixture.Cloud.Http;
        var device = $"fleet-ok-{Guid.NewGuid():N}"[..20];
        var provisioned = await http.PostAsJsonAsync("/api/v1/devices", new { device_id = device, site = "plant-1", display_name = "Idle press" });
        Assert.Equal(HttpStatusCode.Created, provisioned.StatusCode);
        var production = await PromoteSmallModelAsync();

        var response = await http.PostAsync("/api/v1/reports?keep_empty=true", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        var entry = report.GetProperty("fleet").EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == device);
        Assert.Equal(("ok", 0, 0), (entry.GetProperty("health").GetString(), entry.GetProperty("anomalies").GetInt32(), entry.GetProperty("orders").GetInt32()));
        var model = report.GetProperty("productionModel");
        Assert.Equal(production.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), model.GetProperty("version").GetString());
        Assert.Equal(production.Metrics.F1, model.GetProperty("metrics").GetProperty("f1").GetDouble(), 9);
        Assert.Equal(production.Metrics.RocAuc, model.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 9);

        var csv = await http.GetStringAsync($"/api/v1/reports/{report.GetProperty("id").GetInt64()}?format=csv");
        Assert.Contains($"fleet,{device},health,ok\r\n", csv);
        Assert.Contains($"model,production,version,{production.Version}\r\n", csv);
        Assert.Contains("model,production,roc_auc,", csv);
    }
}
