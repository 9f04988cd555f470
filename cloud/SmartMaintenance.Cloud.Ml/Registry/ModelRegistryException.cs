namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>No such model or version, or a lifecycle step that is not allowed (e.g. promoting a disabled version).</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);

/// <summary>The artifact read back does not have the SHA-256 recorded at registration: it is refused.</summary>
public sealed class ArtifactIntegrityException(string message) : Exception(message);

/// <summary>A lifecycle step that is not allowed (e.g. promoting a disabled version).</summary>
public sealed class ModelLifecycleException(string message) : Exception(message);
