using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Testing;

/// <summary>
/// Splits shards between silos that run in one process on separate stores opened as shared (see
/// <see cref="Storage.Memory.MemoryRuntimeStore"/>): the shards a silo should not hold are taken in its store by an owner
/// that never renews them, and the silo's next renewal drops them.
/// </summary>
internal static class ShardHandoff
{
    /// <summary>Makes the silo of <paramref name="runtime"/> give up every shard <paramref name="keep"/> rejects.</summary>
    public static async Task KeepOnlyAsync(SiloRuntime runtime, Func<int, bool> keep)
    {
        var give = new List<ShardLease>();
        for (var shard = 0; shard < runtime.ShardCount; shard++)
        {
            if (!keep(shard) && runtime.Leases.TryGetEpoch(shard, out var epoch))
            {
                give.Add(new ShardLease(shard, runtime.Owner, epoch, 0));
            }
        }

        if (give.Count == 0)
        {
            return;
        }

        var now = runtime.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await runtime.Store.Leases.ReleaseAsync(runtime.Owner, give, CancellationToken.None);
        await runtime.Store.Leases.AcquireAsync(
            "elsewhere", give.Select(l => l.Shard).ToArray(), now, now + (long)TimeSpan.FromDays(365).TotalMilliseconds, force: false, CancellationToken.None);
        await runtime.Leases.RenewAsync();
    }

    /// <summary>Opens a memory store that takes only free leases, as a store shared by a cluster does.</summary>
    public static RuntimeStoreOpener SharedMemoryStore { get; } = static (_, _, _) => Task.FromResult<IRuntimeStore>(new Storage.Memory.MemoryRuntimeStore(exclusive: false));
}
