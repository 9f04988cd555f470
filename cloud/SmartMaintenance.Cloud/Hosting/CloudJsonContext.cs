using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Hosting;

/// <summary>Source-generated JSON metadata for the cloud's own request types (the contracts have theirs).</summary>
[JsonSerializable(typeof(ProvisionDeviceRequest))]
[JsonSerializable(typeof(DeviceEvent))]
[JsonSerializable(typeof(SmartMaintenance.Cloud.Incidents.AcknowledgeBody))]
[JsonSerializable(typeof(SmartMaintenance.Cloud.Incidents.ResolveBody))]
internal sealed partial class CloudJsonContext : JsonSerializerContext;
