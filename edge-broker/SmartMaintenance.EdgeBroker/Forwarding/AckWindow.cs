using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// The records read from the outbox and not yet settled by the cloud, in log order. Lanes settle them out of
/// order (each lane has its own batch in flight); the outbox is acknowledged only up to the first record that is
/// not settled yet, so its cursor, the resume point after a restart, never passes a reading the cloud may not
/// have. A restart re-sends what was settled beyond that point (the cloud de-duplicates by device and sequence),
/// it loses nothing. The window is bounded: the reader stops reading ahead while it is full, e.g. behind one
/// lane that retries a batch for minutes.
/// </summary>
internal sealed class AckWindow
{
    private readonly DurableOutbox _outbox;
    private readonly BrokerMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly OutboxEntry?[] _entries;
    private readonly bool[] _settled;
    private readonly SemaphoreSlim _freed = new(0);
    private readonly List<OutboxEntry> _released;
    private long _head;
    private long _tail;

    public AckWindow(DurableOutbox outbox, BrokerMetrics metrics, int capacity)
    {
        _outbox = outbox;
        _metrics = metrics;
        _entries = new OutboxEntry?[capacity];
        _settled = new bool[capacity];
        _released = new List<OutboxEntry>(capacity);
    }

    /// <summary>Records that may still be added.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _entries.Length - (int)(_tail - _head);
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _head == _tail;
            }
        }
    }

    /// <summary>Waits until settling frees room (or the timeout passes).</summary>
    public Task WaitFreedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _freed.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the next record read from the outbox (log order); returns its place for <see cref="Settle"/>.</summary>
    public long Add(OutboxEntry entry)
    {
        lock (_gate)
        {
            if (_tail - _head == _entries.Length)
            {
                throw new InvalidOperationException("The forward window is full; check Free before adding.");
            }

            if (_head == _tail)
            {
                _metrics.SetForwardHead(OutboxRecords.Decode(entry)?.ReceivedAt);
            }

            _entries[_tail % _entries.Length] = entry;
            return _tail++;
        }
    }

    /// <summary>
    /// The cloud settled these records (stored, duplicate or dead-lettered): acknowledge the outbox up to the
    /// first record still on its way. Done under the window's lock, so acknowledgements reach the outbox in log
    /// order whichever lane settles first.
    /// </summary>
    public void Settle(IReadOnlyList<long> places)
    {
        lock (_gate)
        {
            foreach (var place in places)
            {
                _settled[place % _entries.Length] = true;
            }

            _released.Clear();
            while (_head < _tail && _settled[_head % _entries.Length])
            {
                var slot = (int)(_head % _entries.Length);
                _released.Add(_entries[slot]!);
                _entries[slot] = null;
                _settled[slot] = false;
                _head++;
            }

            if (_released.Count == 0)
            {
                return;
            }

            _outbox.Acknowledge(_released);
            _metrics.SetForwardHead(_head < _tail ? OutboxRecords.Decode(_entries[_head % _entries.Length]!)?.ReceivedAt : null);
        }

        if (_freed.CurrentCount == 0)
        {
            _freed.Release();
        }
    }
}
