using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;
using Orleans.Widgets.Storage;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>Grain state through the whole runtime, run on every store.</summary>
public abstract class PersistentStateTests : IAsyncLifetime
{
    private readonly SiloStorage _storage;
    private TestSilo _silo = null!;

    protected PersistentStateTests(SiloStorage storage) => _storage = storage;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(settings: _storage.Settings);

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task State_written_is_read_by_the_next_activation()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("s1");
        Assert.False(await grain.Exists());
        Assert.Null(await grain.Etag());
        await grain.Set("hello");
        Assert.Equal("1", await grain.Etag());
        await grain.Set("world");
        Assert.Equal("2", await grain.Etag());
        await grain.Deactivate();
        await Eventually.TrueAsync(() => !_silo.Runtime.Catalog.TryGet(((GrainReference)(object)grain).GrainId, out _), "deactivated");
        Assert.Equal("world", await grain.Get());
        Assert.True(await grain.Exists());
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_fails_and_changes_nothing()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("stale");
        await grain.Set("mine");
        var id = ((GrainReference)(object)grain).GrainId;

        // Another writer moves the row on behind the activation's back.
        var shard = _silo.Runtime.Leases.Map.GetShard(id);
        Assert.True(_silo.Runtime.Leases.TryGetEpoch(shard, out var epoch));
        var other = new StateWriteOperation
        {
            GrainType = id.Type.Value, GrainKey = id.Key, StateName = "main",
            Fence = new ShardFence(shard, epoch), ExpectedVersion = 1, Payload = "{\"value\":\"theirs\"}"u8.ToArray(),
        };
        await _silo.Runtime.Writer.WriteAsync(other);
        Assert.Equal(WriteOutcome.Written, other.Outcome);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("late"));
        Assert.Contains("changed by another writer", ex.Message, StringComparison.Ordinal);
        await grain.Reload();
        Assert.Equal("theirs", await grain.Get());
    }

    [Fact]
    public async Task Clear_keeps_the_version_moving_so_stale_writers_still_fail()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("clear");
        await grain.Set("a");
        await grain.Clear();
        Assert.False(await grain.Exists());
        Assert.Null(await grain.Get());
        Assert.Equal("2", await grain.Etag());
        await grain.Set("b");
        Assert.Equal("3", await grain.Etag());
    }

    [Fact]
    public async Task A_write_after_the_lease_moved_is_fenced_off_and_the_activation_dropped()
    {
        var grain = _silo.GrainFactory.GetGrain<IStatefulGrain>("fenced");
        await grain.Set("before");
        var id = ((GrainReference)(object)grain).GrainId;
        var shard = _silo.Runtime.Leases.Map.GetShard(id);

        // Another owner takes the shard (as after this silo was paused past its lease).
        var store = _silo.Runtime.Store;
        var now = _silo.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var taken = await store.Leases.AcquireAsync("intruder", [shard], now, now + 60_000, force: true, CancellationToken.None);
        Assert.Single(taken);

        await Assert.ThrowsAsync<ShardNotOwnedException>(() => grain.Set("after"));
        var row = await store.States.ReadAsync(id.Type.Value, id.Key, "main", CancellationToken.None);
        Assert.Equal(1, row!.Version);
        await Eventually.TrueAsync(() => !_silo.Runtime.Catalog.TryGet(id, out _), "activation dropped");
    }
}

public sealed class MemoryPersistentStateTests() : PersistentStateTests(SiloStorage.Memory());

public sealed class SqlitePersistentStateTests() : PersistentStateTests(SiloStorage.Sqlite());

public sealed class PostgresPersistentStateTests() : PersistentStateTests(SiloStorage.Postgres());
