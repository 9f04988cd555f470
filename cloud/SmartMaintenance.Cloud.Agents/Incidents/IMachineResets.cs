namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// Asks the anomaly agent to reset a machine's incident rule (a person resolved its incident) and, after maintenance,
/// to learn a new baseline. Applied by the agent on its own consumer before the machine's next observation, so the
/// detector (not thread-safe) is never touched from the request's thread.
/// </summary>
public interface IMachineResets
{
    void Request(string machineId, bool rebaseline);
}
