using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// The planning documents' API (docs/api-compatibility.md), beside the product's own routes, which stay as they are:
/// GET  /health/db, /health/redis, /health/ml, /health/broker          (none)    component health
/// GET  /docs                                                           (none)    where the API reference is
/// POST /api/v1/ml/predict with a documents' model name                 (read)    answered in the documents' shape
/// POST /api/v1/decisions/submit                                        (operate) a decision on a free request_id
/// GET  /api/v1/decisions/requests[?request_id&amp;operator&amp;format=csv]     (read)    those decisions
/// POST /api/v1/simulate/anomaly-event | drift-event | normal-data      (operate) the documents' simulations
/// POST /api/v1/ingest                                                  (ingest)  = POST /api/v1/data/ingest
/// Called before UseRouting: the predict alias re-routes a request by its body (see <see cref="PredictAliasMiddleware"/>).
/// </summary>
public static class CompatibilityApi
{
    public static WebApplication UseCompatibilityApi(this WebApplication app)
    {
        app.UseMiddleware<PredictAliasMiddleware>();
        app.MapHealthCompatibility();
        app.MapPredictCompatibility();
        app.MapDecisionCompatibility();
        app.MapSimulationCompatibility();
        app.MapPost("/api/v1/ingest", IngestionApi.IngestOneAsync).RequireScope(ApiScopes.Ingest).WithTags("Compatibility");
        return app;
    }
}
