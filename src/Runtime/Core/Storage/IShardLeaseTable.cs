namespace Orleans.Widgets.Runtime.Storage;

/// <summary>A shard's lease: who holds it, under which epoch, until when (Unix ms).</summary>
public sealed record ShardLease(int Shard, string Owner, long Epoch, long ExpiresAt);

/// <summary>The fixed shard count and one lease row per shard.</summary>
public interface IShardLeaseTable
{
    /// <summary>
    /// Returns the database's shard count. The first call on a new database stores <paramref name="requested"/>
    /// and creates one free lease row per shard; later calls ignore it.
    /// </summary>
    Task<int> InitializeShardCountAsync(int requested, CancellationToken cancellationToken);

    /// <summary>All lease rows.</summary>
    Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes each of <paramref name="shards"/> whose lease expired before <paramref name="now"/> (or any of them when
    /// <paramref name="force"/>, for a store one process owns exclusively): owner becomes <paramref name="owner"/>,
    /// epoch increments, expiry becomes <paramref name="expiresAt"/>. Returns the leases taken.
    /// </summary>
    Task<IReadOnlyList<ShardLease>> AcquireAsync(string owner, IReadOnlyCollection<int> shards, long now, long expiresAt, bool force, CancellationToken cancellationToken);

    /// <summary>Extends the leases still held at their epochs; returns the shards renewed.</summary>
    Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken);

    /// <summary>Expires the given leases at once, if still held at their epochs, so another silo can take them.</summary>
    Task ReleaseAsync(string owner, IReadOnlyCollection<ShardLease> held, CancellationToken cancellationToken);
}
