using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>
/// One migrated database per test class, shared by its tests: each test takes shards no other test used,
/// and keys of its own, so tests stay independent without paying for a database each.
/// </summary>
public abstract class RuntimeStoreFixture : IAsyncLifetime
{
    public const int ShardCount = 2048;

    private int _nextShard;
    private IRuntimeStore? _store;

    public IRuntimeStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Opens a new, empty database (never migrated), cleaned up with the fixture.</summary>
    public abstract Task<IRuntimeStore> OpenEmptyAsync();

    /// <summary>Shards no other test of this fixture has used.</summary>
    public int[] TakeShards(int count)
    {
        var first = Interlocked.Add(ref _nextShard, count) - count;
        if (first + count > ShardCount)
        {
            throw new InvalidOperationException("The fixture ran out of shards; raise ShardCount.");
        }

        return [.. Enumerable.Range(first, count)];
    }

    public virtual async Task InitializeAsync()
    {
        _store = await OpenEmptyAsync();
        await _store.Schema.MigrateAsync(CancellationToken.None);
        await _store.Leases.InitializeShardCountAsync(ShardCount, CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
