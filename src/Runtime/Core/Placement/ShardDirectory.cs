using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// A cached map of shard to (holder's endpoint, epoch), joined from the lease table and the live rows of the
/// membership table. Every renewal round of the lease manager replaces it; <see cref="RefreshAsync"/> re-reads it on
/// demand. For this silo's own shards the lease manager's epochs answer, so a shard just taken or handed back is
/// right before the next read. Reads are lock-free: the whole map is one array swapped at once.
/// </summary>
internal sealed class ShardDirectory : IShardDirectory
{
    private readonly Lock _lock = new();
    private readonly LocalSilo _local;
    private readonly TimeProvider _time;
    private Owner?[] _owners = [];
    private IRuntimeStore? _store;
    private volatile ShardLeaseManager? _leases;
    private Task? _refreshing;

    public ShardDirectory(LocalSilo local, TimeProvider time)
    {
        _local = local;
        _time = time;
    }

    public bool TryGetOwner(int shard, out SiloEndpoint owner, out long epoch)
    {
        var leases = _leases;
        if (leases is not null && leases.TryGetEpoch(shard, out epoch))
        {
            owner = _local.Endpoint;
            return true;
        }

        var owners = Volatile.Read(ref _owners);
        if ((uint)shard < (uint)owners.Length && owners[shard] is { } known
            && (leases is null || !string.Equals(known.Endpoint.SiloId, _local.Id, StringComparison.Ordinal)))
        {
            owner = known.Endpoint;
            epoch = known.Epoch;
            return true;
        }

        owner = null!;
        epoch = 0;
        return false;
    }

    /// <summary>Re-reads both tables. Until the silo has opened its store there is nothing to read and it completes at once.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        Task refreshing;
        lock (_lock)
        {
            if (_store is null)
            {
                return Task.CompletedTask;
            }

            // Callers that arrive while a read is in flight share it rather than adding load on the database.
            _refreshing ??= ReadAsync(_store);
            refreshing = _refreshing;
        }

        return refreshing.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Binds the directory to the silo's store once it is open, and to its lease manager, whose epochs are the truth
    /// for this silo's own shards (without one, the tables' view of them is used).
    /// </summary>
    public void Attach(IRuntimeStore store, ShardLeaseManager? leases)
    {
        lock (_lock)
        {
            _store = store;
            _leases = leases;
        }
    }

    /// <summary>Replaces the map with the one a snapshot of the lease and membership tables gives.</summary>
    public void Update(LeaseSnapshot snapshot)
    {
        var self = _local.Endpoint;
        var live = snapshot.Silos.Where(s => s.IsLive).ToDictionary(s => s.SiloId, StringComparer.Ordinal);
        var owners = new Owner?[snapshot.Leases.Count == 0 ? 0 : snapshot.Leases.Max(l => l.Shard) + 1];
        foreach (var lease in snapshot.Leases)
        {
            if (string.Equals(lease.Owner, self.SiloId, StringComparison.Ordinal))
            {
                owners[lease.Shard] = new Owner(self, lease.Epoch);
            }
            else if (live.TryGetValue(lease.Owner, out var silo))
            {
                owners[lease.Shard] = new Owner(new SiloEndpoint(silo.SiloId, silo.Host, silo.Port), lease.Epoch);
            }
        }

        Volatile.Write(ref _owners, owners);
    }

    private async Task ReadAsync(IRuntimeStore store)
    {
        // Yield first: a store that answers synchronously would otherwise clear _refreshing before it is set.
        await Task.Yield();
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var leases = await store.Leases.ReadAllAsync(CancellationToken.None);
            var silos = await store.Membership.ReadAllAsync(CancellationToken.None);
            Update(new LeaseSnapshot(leases, silos, now));
        }
        finally
        {
            lock (_lock)
            {
                _refreshing = null;
            }
        }
    }

    private sealed record Owner(SiloEndpoint Endpoint, long Epoch);
}
