using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Plant;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// POST /api/v1/ml/plant-labels   (operate)  record what was found on a machine (finding + its readings window, or
///                                            from/to: the window is read from the machine's stored readings, e.g. an
///                                            inspection or a completed order that found no fault)
/// GET  /api/v1/ml/plant-labels   (read)     the plant's labels
/// In process, incident resolution and order completion call IPlantLabelSink directly.
/// </summary>
public static class PlantLabelApi
{
    public static IEndpointRouteBuilder MapPlantLabelApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/ml/plant-labels", RecordAsync).RequireScope(ApiScopes.Operate).WithTags("ML");
        routes.MapGet("/api/v1/ml/plant-labels", async (FilePlantLabelStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .RequireScope(ApiScopes.Read).WithTags("ML");
        return routes;
    }

    internal static async Task<Results<Created<PlantLabel>, ValidationProblem>> RecordAsync(
        PlantLabelRequest request, IPlantLabelSink sink, PlantWindow stored, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        IReadOnlyList<MachineReading> window = (request.Window ?? []).Select(w => new MachineReading(string.IsNullOrEmpty(w.Type) ? MachineReading.DefaultType : w.Type[0],
            w.AirTemperatureK, w.ProcessTemperatureK, w.RotationalSpeedRpm, w.TorqueNm, w.ToolWearMin)).ToList();
        if (window.Count == 0 && request.From is { } from && request.To is { } to && !string.IsNullOrWhiteSpace(request.DeviceId))
        {
            if (from >= to)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to."] }, title: "The plant label is invalid.");
            }

            var (rows, problem) = await stored.ReadAsync(request.DeviceId, from, to, cancellationToken);
            if (problem is not null)
            {
                MlLog.PlantLabelRefused(logs.CreateLogger(typeof(PlantLabelApi)), problem);
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["window"] = [problem] }, title: "The plant label is invalid.");
            }

            window = rows;
        }

        var label = new PlantLabel(request.Id ?? "", request.DeviceId ?? "", time.GetUtcNow(), request.Finding ?? "", window,
            request.Source ?? "api", request.RecordedBy ?? "api");
        try
        {
            await sink.RecordAsync(label, cancellationToken);
            return TypedResults.Created($"/api/v1/ml/plant-labels", label);
        }
        catch (ArgumentException e)
        {
            MlLog.PlantLabelRefused(logs.CreateLogger(typeof(PlantLabelApi)), e.Message);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["label"] = [e.Message] }, title: "The plant label is invalid.");
        }
    }
}

/// <summary>
/// {"id":"order:42","device_id":"press-01","finding":"HDF"|"no-fault","source":"order:42","recorded_by":"ana","window":[{...AI4I inputs...}]}
/// or, instead of window, "from"/"to": the machine's stored readings of the model's inputs in [from, to].
/// </summary>
public sealed class PlantLabelRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("device_id")] public string? DeviceId { get; set; }
    [JsonPropertyName("finding")] public string? Finding { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("recorded_by")] public string? RecordedBy { get; set; }
    [JsonPropertyName("window")] public List<PlantReading>? Window { get; set; }
    [JsonPropertyName("from")] public DateTimeOffset? From { get; set; }
    [JsonPropertyName("to")] public DateTimeOffset? To { get; set; }
}

public sealed class PlantReading
{
    [JsonPropertyName("Type")] public string? Type { get; set; }
    [JsonPropertyName("Air_temperature_K")] public double AirTemperatureK { get; set; }
    [JsonPropertyName("Process_temperature_K")] public double ProcessTemperatureK { get; set; }
    [JsonPropertyName("Rotational_speed_rpm")] public double RotationalSpeedRpm { get; set; }
    [JsonPropertyName("Torque_Nm")] public double TorqueNm { get; set; }
    [JsonPropertyName("Tool_wear_min")] public double ToolWearMin { get; set; }
}
