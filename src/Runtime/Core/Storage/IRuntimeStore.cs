namespace Orleans.Widgets.Runtime.Storage;

/// <summary>One database holding state, reminders, shard leases and cluster membership (SQLite, PostgreSQL, or memory for tests).</summary>
public interface IRuntimeStore : IAsyncDisposable
{
    /// <summary>Where the data lives, for logs (never a password).</summary>
    string Description { get; }

    /// <summary>Whether one process owns the store exclusively (SQLite file lock, memory), so it may force leases.</summary>
    bool IsExclusive { get; }

    IGrainStateStore States { get; }

    IReminderTable Reminders { get; }

    IShardLeaseTable Leases { get; }

    IMembershipTable Membership { get; }

    ISchemaMigrator Schema { get; }
}
