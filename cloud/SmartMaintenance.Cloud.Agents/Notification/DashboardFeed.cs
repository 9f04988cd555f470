namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>The dashboard's live feed: the last 200 notifications in memory (the table keeps them all).</summary>
public sealed class DashboardFeed : INotificationChannel
{
    private const int Capacity = 200;
    private readonly LinkedList<NotificationMessage> _items = new();

    public string Name => "dashboard";

    public bool Enabled => true;

    public IReadOnlyList<NotificationMessage> Recent()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            _items.AddFirst(message);
            if (_items.Count > Capacity)
            {
                _items.RemoveLast();
            }
        }

        return Task.CompletedTask;
    }
}
