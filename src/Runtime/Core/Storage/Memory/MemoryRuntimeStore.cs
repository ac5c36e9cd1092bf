namespace Orleans.Widgets.Runtime.Storage.Memory;

/// <summary>A store in process memory with the SQL stores' semantics (fencing, versions); for tests.</summary>
internal sealed class MemoryRuntimeStore : IRuntimeStore
{
    /// <param name="exclusive">
    /// False makes the silo take only free or expired leases, as with a database shared by a cluster, so tests can run
    /// several silos in one process that each hold part of the shards.
    /// </param>
    public MemoryRuntimeStore(bool exclusive = true)
    {
        IsExclusive = exclusive;
        var database = new MemoryDatabase();
        States = new MemoryGrainStateStore(database);
        Reminders = new MemoryReminderTable(database);
        Leases = new MemoryShardLeaseTable(database);
        Membership = new MemoryMembershipTable(database);
        Schema = new MemorySchemaMigrator(database);
    }

    public string Description => "in-memory store (lost on exit)";

    public bool IsExclusive { get; }

    public IGrainStateStore States { get; }

    public IReminderTable Reminders { get; }

    public IShardLeaseTable Leases { get; }

    public IMembershipTable Membership { get; }

    public ISchemaMigrator Schema { get; }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
