namespace SmartMaintenance.Cloud.Agents.Reporting;

public interface IReportStore
{
    Task<long> AddAsync(FleetReport report, CancellationToken cancellationToken);

    Task<FleetReport?> GetAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<FleetReport>> ListAsync(int limit, CancellationToken cancellationToken);
}
