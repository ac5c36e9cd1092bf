namespace Orleans.Widgets.Runtime.Storage.Memory;

internal sealed class MemoryShardLeaseTable(MemoryDatabase database) : IShardLeaseTable
{
    public Task<int> InitializeShardCountAsync(int requested, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested);
        lock (database.Sync)
        {
            if (database.ShardCount is { } existing)
            {
                return Task.FromResult(existing);
            }

            database.ShardCount = requested;
            for (var shard = 0; shard < requested; shard++)
            {
                database.Leases[shard] = new ShardLease(shard, string.Empty, 0, 0);
            }

            return Task.FromResult(requested);
        }
    }

    public Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            IReadOnlyList<ShardLease> all = database.Leases.Values.OrderBy(l => l.Shard).ToList();
            return Task.FromResult(all);
        }
    }

    public Task<IReadOnlyList<ShardLease>> AcquireAsync(string owner, IReadOnlyCollection<int> shards, long now, long expiresAt, bool force, CancellationToken cancellationToken)
    {
        var taken = new List<ShardLease>();
        lock (database.Sync)
        {
            foreach (var shard in shards.Distinct().Order())
            {
                if (database.Leases.TryGetValue(shard, out var lease) && (force || lease.ExpiresAt <= now))
                {
                    var next = new ShardLease(shard, owner, lease.Epoch + 1, expiresAt);
                    database.Leases[shard] = next;
                    taken.Add(next);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ShardLease>>(taken);
    }

    public Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken)
    {
        var renewed = new List<int>();
        lock (database.Sync)
        {
            foreach (var lease in held)
            {
                if (database.Holds(owner, lease.Shard, lease.Epoch))
                {
                    database.Leases[lease.Shard] = database.Leases[lease.Shard] with { ExpiresAt = expiresAt };
                    renewed.Add(lease.Shard);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<int>>(renewed);
    }

    public Task ReleaseAsync(string owner, IReadOnlyCollection<ShardLease> held, CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            foreach (var lease in held)
            {
                if (database.Holds(owner, lease.Shard, lease.Epoch))
                {
                    database.Leases[lease.Shard] = database.Leases[lease.Shard] with { ExpiresAt = 0 };
                }
            }
        }

        return Task.CompletedTask;
    }
}
