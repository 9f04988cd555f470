using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>Source-generated System.Text.Json metadata for every contract type (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(DeviceMessage))]
[JsonSerializable(typeof(DeviceConfig))]
[JsonSerializable(typeof(DeviceConfigAck))]
[JsonSerializable(typeof(DeviceStatusReport))]
[JsonSerializable(typeof(ReadingIngestRequest))]
[JsonSerializable(typeof(ReadingIngestResponse))]
[JsonSerializable(typeof(IngestBatch))]
[JsonSerializable(typeof(IngestBatchResult))]
[JsonSerializable(typeof(StoredReading))]
[JsonSerializable(typeof(ReadingPage))]
[JsonSerializable(typeof(BrokerSyncResponse))]
[JsonSerializable(typeof(DeviceEventBatch))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
