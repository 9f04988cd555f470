namespace SmartMaintenance.Cloud.Detection.Combined;

/// <summary>How the combined detector merges the raw scores of its context k-NN members into one sequence score.</summary>
public enum SequenceVote
{
    /// <summary>Mean of the members' conformal ranks: a context must look unusual at several lengths.</summary>
    Mean = 0,

    /// <summary>Largest member rank: any one length is enough.</summary>
    Max = 1,
}
