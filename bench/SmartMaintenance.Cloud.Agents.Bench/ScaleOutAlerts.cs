namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// What a step alerted: alert rows, faults with an alert (of all faults posted), how many of them on the fault's first
/// reading, alerts on no fault's reading, readings stored out of their machine's time order, and the per-fault
/// latencies (ms, sorted).
/// </summary>
internal sealed record ScaleOutAlerts(int Rows, int Faults, int FaultsAlerted, int OnFirstReading, int Outside, long StoredOutOfOrder, double[] Latencies)
{
    public override string ToString() =>
        $"{Rows} alert rows; {FaultsAlerted} of {Faults} faults alerted ({OnFirstReading} on the fault's first reading), " +
        $"{Outside} alerts on no fault; {StoredOutOfOrder} readings stored after a newer reading of their machine";
}
