using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Learning;

/// <summary>A resolved incident: what it looked like (signature, symptoms), why it happened and how it was fixed.</summary>
public sealed record Incident(long Id, string SensorType, IReadOnlyList<double> Signature, string Symptoms, string Cause,
    string Fix, DateTimeOffset ResolvedAt)
{
    /// <summary>The IncidentResolved event it was learnt from: adding it again (a redelivery) keeps the first entry.</summary>
    public string? SourceEventId { get; init; }
}

/// <summary>Agent 9's memory: resolved incidents and a similarity search over anomaly signatures.</summary>
public interface IKnowledgeBase
{
    /// <summary>Stores the incident and returns its id; an incident with a SourceEventId already stored is not added twice.</summary>
    Task<long> AddAsync(Incident incident, CancellationToken cancellationToken);

    Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The k most similar incidents of the same sensor type (cosine similarity of signatures, best first).</summary>
    Task<IReadOnlyList<SimilarCase>> FindSimilarAsync(string sensorType, IReadOnlyList<double> signature, int k,
        CancellationToken cancellationToken);
}
