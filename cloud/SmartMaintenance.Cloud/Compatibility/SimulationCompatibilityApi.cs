using SmartMaintenance.Cloud.Agents.Simulation;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// The documents' simulations, on the product's simulator (the product's POST /api/v1/simulate/{normal|anomaly|drift}
/// stays as it is). Differences (docs/api-compatibility.md): a drift run shorter than the drift agent's two windows is
/// generated and stored, and answered with drift_check.status "insufficient_data" instead of the product route's 400;
/// readings are one second apart whatever duration_minutes says; severity is accepted and not used (an injected
/// spike is 40 noise standard deviations, which the detectors grade themselves).
/// </summary>
internal static class SimulationCompatibilityApi
{
    public const int DefaultAnomalyEvents = 50;
    public const int DefaultAnomalies = 10;
    public const int DefaultDriftEvents = 50;
    public const int DefaultNormalEvents = 100;

    public static void MapSimulationCompatibility(this IEndpointRouteBuilder routes)
    {
        var operate = routes.MapGroup("/api/v1/simulate").RequireScope(ApiScopes.Operate).WithTags("Compatibility");
        operate.MapPost("/anomaly-event", (SimulationEventBody? body, Simulator simulator, CancellationToken ct) =>
            RunAsync(SimulationKind.Anomaly, body ?? new SimulationEventBody(), simulator, ct));
        operate.MapPost("/drift-event", (SimulationEventBody? body, Simulator simulator, CancellationToken ct) =>
            RunAsync(SimulationKind.Drift, body ?? new SimulationEventBody(), simulator, ct));
        operate.MapPost("/normal-data", (SimulationEventBody? body, Simulator simulator, CancellationToken ct) =>
            RunAsync(SimulationKind.Normal, body ?? new SimulationEventBody(), simulator, ct));
    }

    private static async Task<IResult> RunAsync(SimulationKind kind, SimulationEventBody body, Simulator simulator, CancellationToken ct)
    {
        var count = body.Events ?? kind switch
        {
            SimulationKind.Anomaly => DefaultAnomalyEvents,
            SimulationKind.Drift => DefaultDriftEvents,
            _ => DefaultNormalEvents,
        };
        var request = new SimulationRequest(
            DeviceId: body.DeviceId,
            SensorId: body.SensorId,
            SensorType: body.SensorType,
            Count: count,
            Anomalies: kind == SimulationKind.Anomaly ? body.NumAnomalies ?? body.Anomalies ?? Math.Min(DefaultAnomalies, count - count / 2) : null,
            DriftSize: kind == SimulationKind.Drift ? body.DriftSize ?? body.DriftAmount : null,
            Seed: body.Seed);
        // The kind-independent checks only: a short drift run is answered below, not refused.
        var errors = Simulator.Validate(request);
        if (kind == SimulationKind.Anomaly && request.Anomalies > count - count / 2 && !errors.ContainsKey("anomalies"))
        {
            errors["anomalies"] = [$"at most {count - count / 2} anomalies fit in {count} events (they go in the second half)."];
        }

        if (errors.Count == 0 && !await simulator.EnsureDemoDeviceAsync(request.DeviceId, ct))
        {
            errors["device_id"] = [Simulator.FleetDeviceMessage(request.DeviceId)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The simulation request is invalid.");
        }

        var result = await simulator.RunAsync(kind, request, ct);
        return TypedResults.Ok(new
        {
            status = "success",
            simulation_type = result.Kind,
            simulation_id = result.CorrelationId,
            correlation_id = result.CorrelationId,
            events_generated = result.Count,
            anomalies_injected = result.AnomalyIndexes.Count,
            sensor_id = result.SensorId,
            device_id = result.DeviceId,
            spacing_seconds = 1,
            drift_check = kind == SimulationKind.Drift ? DriftCheck(result, simulator.DriftCount) : null,
            result,
        });
    }

    private static object DriftCheck(SimulationResult result, int needed) => result.Count >= needed
        ? new
        {
            status = "scheduled",
            readings_needed = needed,
            readings_generated = result.Count,
            detail = "The drift agent tests this sensor once the readings are acquired; a detected drift is listed by GET /api/v1/anomalies.",
        }
        : new
        {
            status = "insufficient_data",
            readings_needed = needed,
            readings_generated = result.Count,
            detail = $"The {result.Count} readings were generated and stored (the second half drifted), but the drift agent compares a "
                + $"reference window with a recent window and tests a sensor only once it holds {needed} readings (Cloud:Agents:Drift). "
                + $"Send {needed} events or more for a drift test.",
        };
}
