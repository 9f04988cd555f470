namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>The model names the planning documents use, and what this product serves for each.</summary>
internal static class DocumentModels
{
    /// <summary>Served by the product's failure model (Cloud:Ml:ModelName, ai4i-failure): same data set (AI4I 2020), same five features.</summary>
    public static readonly HashSet<string> Served = new(StringComparer.OrdinalIgnoreCase)
    {
        "ai4i_classifier_randomforest_baseline",
        "auto",
    };

    /// <summary>Named by the documents, with no counterpart here: answered 404 with what the product has instead.</summary>
    public static readonly HashSet<string> NotServed = new(StringComparer.OrdinalIgnoreCase)
    {
        "anomaly_detector_refined_v2",
        "prophet_forecaster_enhanced_sensor-001",
        "prophet_forecaster_sensor-001",
        "vibration_anomaly_isolationforest",
        "RandomForest_MIMII_Audio_Benchmark",
        "pump_sensor_models",
        "xjtu_bearing_models",
    };

    public static bool IsDocumentName(string? name) => name is not null && (Served.Contains(name) || NotServed.Contains(name));
}
