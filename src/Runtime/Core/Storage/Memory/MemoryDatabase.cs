namespace Orleans.Widgets.Runtime.Storage.Memory;

/// <summary>
/// The rows of an in-memory store. Every table shares one lock so that a batch, its fence check and
/// its reminder deletes are atomic, as one transaction is in the SQL stores.
/// </summary>
internal sealed class MemoryDatabase
{
    public object Sync { get; } = new();

    public int SchemaVersion { get; set; }

    public int? ShardCount { get; set; }

    public Dictionary<int, ShardLease> Leases { get; } = [];

    public Dictionary<(string GrainType, string GrainKey, string StateName), GrainStateRecord> States { get; } = [];

    public Dictionary<(string GrainType, string GrainKey, string Name), ReminderRecord> Reminders { get; } = [];

    public Dictionary<string, MembershipEntry> Silos { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether (owner, shard, epoch) still holds; call under <see cref="Sync"/>.</summary>
    public bool Holds(string owner, int shard, long epoch)
        => Leases.TryGetValue(shard, out var lease) && lease.Epoch == epoch && string.Equals(lease.Owner, owner, StringComparison.Ordinal);
}
