using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Storage.Memory;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>
/// A memory store that claims to be shared, as a cluster's database is: the silo takes only free or expired leases
/// instead of forcing every shard, so a test can hand some of its shards to another owner.
/// </summary>
internal sealed class SharedMemoryStore : IRuntimeStore
{
    private readonly MemoryRuntimeStore _inner = new();

    public string Description => _inner.Description;

    public bool IsExclusive => false;

    public IGrainStateStore States => _inner.States;

    public IReminderTable Reminders => _inner.Reminders;

    public IShardLeaseTable Leases => _inner.Leases;

    public ISchemaMigrator Schema => _inner.Schema;

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
