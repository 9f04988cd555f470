namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// A call to a cloud instance failed: the message holds the request, the status, the body and the instance's log tail
/// (<see cref="CloudInstance"/>), so the cause is in the test's failure output, not only on the machine that ran it.
/// </summary>
internal sealed class CloudCallException(string message, Exception? inner) : Exception(message, inner);
