namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>Cloud:Agents:Acquisition — how data acquisition follows the reading store.</summary>
public sealed class AcquisitionOptions
{
    public const string Section = "Cloud:Agents:Acquisition";

    /// <summary>Wait between polls when no new reading was found (a write in this process wakes it earlier).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// PostgreSQL only: how often a follower instance tries to take the acquisition lease (the advisory lock). After
    /// the leader dies, a follower takes over within this interval of PostgreSQL ending the leader's session.
    /// </summary>
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PostgreSQL only: the advisory lock key of the lease. All instances on one database must agree; change it only
    /// if another application on the same database uses this key.
    /// </summary>
    public long LeaseKey { get; set; } = DefaultLeaseKey;

    /// <summary>"SMACQ001" as 8 ASCII bytes: a key no other lock of ours uses.</summary>
    public const long DefaultLeaseKey = 0x534D_4143_5130_3031;

    /// <summary>Every problem at once (validated at start).</summary>
    public IEnumerable<string> Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
        {
            yield return "Cloud:Agents:Acquisition:PollInterval must be positive.";
        }

        if (BatchSize is < 1 or > 10_000)
        {
            yield return "Cloud:Agents:Acquisition:BatchSize must be between 1 and 10000.";
        }

        if (LeaseRetryInterval <= TimeSpan.Zero || LeaseRetryInterval > TimeSpan.FromMinutes(5))
        {
            yield return "Cloud:Agents:Acquisition:LeaseRetryInterval must be positive and at most 5 minutes (it bounds the takeover time).";
        }
    }
}
