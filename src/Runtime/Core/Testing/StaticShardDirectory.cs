using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Runtime.Testing;

/// <summary>
/// A shard directory written by hand, for tests and benchmarks that run several silos in one process without a
/// membership table. A test writes: <see cref="Assign"/> changes what the next refresh reads, <see cref="Publish"/>
/// what callers see at once. Counts refreshes.
/// </summary>
internal sealed class StaticShardDirectory : IShardDirectory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (SiloEndpoint Owner, long Epoch)> _visible = [];
    private readonly Dictionary<int, (SiloEndpoint Owner, long Epoch)> _stored = [];
    private int _refreshes;

    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>Records the owner in the "table": callers see it after their next refresh.</summary>
    public void Assign(int shard, SiloEndpoint owner, long epoch = 1)
    {
        lock (_lock)
        {
            _stored[shard] = (owner, epoch);
        }
    }

    /// <summary>Records the owner and makes it visible at once.</summary>
    public void Publish(int shard, SiloEndpoint owner, long epoch = 1)
    {
        lock (_lock)
        {
            _stored[shard] = (owner, epoch);
            _visible[shard] = (owner, epoch);
        }
    }

    public bool TryGetOwner(int shard, out SiloEndpoint owner, out long epoch)
    {
        lock (_lock)
        {
            if (_visible.TryGetValue(shard, out var entry))
            {
                (owner, epoch) = entry;
                return true;
            }
        }

        owner = null!;
        epoch = 0;
        return false;
    }

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _refreshes);
        lock (_lock)
        {
            _visible.Clear();
            foreach (var (shard, entry) in _stored)
            {
                _visible[shard] = entry;
            }
        }

        return Task.CompletedTask;
    }
}
