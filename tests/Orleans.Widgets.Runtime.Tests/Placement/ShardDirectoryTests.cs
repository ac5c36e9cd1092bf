using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Storage.Memory;

namespace Orleans.Widgets.Runtime.Tests.Placement;

public sealed class ShardDirectoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Concurrent_refreshes_share_one_read_and_the_map_joins_leases_with_live_silos()
    {
        var clock = FakeClock.Create();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var memory = new MemoryRuntimeStore();
        await memory.Leases.InitializeShardCountAsync(4, None);
        await memory.Membership.RegisterAsync(new MembershipEntry("b@1", "b", 1, "10.0.0.2", 7000, MembershipStatus.Active, now, now), None);
        await memory.Membership.RegisterAsync(new MembershipEntry("dead@1", "dead", 1, "10.0.0.3", 7000, MembershipStatus.Active, now, now), None);
        await memory.Membership.DeclareDeadAsync(now + 1, None);
        await memory.Membership.RegisterAsync(new MembershipEntry("b@2", "b", 2, "10.0.0.2", 7001, MembershipStatus.Active, now, now), None);
        var local = new LocalSilo(Options.Create(new SiloOptions { Name = "a" }), Options.Create(new ClusterOptions { Host = "10.0.0.1", Port = 7002 }), clock);
        await memory.Leases.AcquireAsync(local.Id, [0], now, now + 1000, force: false, None);
        await memory.Leases.AcquireAsync("b@2", [1], now, now + 1000, force: false, None);
        await memory.Leases.AcquireAsync("dead@1", [2], now, now + 1000, force: false, None);
        var store = new GatedStore(memory);
        var directory = new ShardDirectory(local, clock);
        directory.Attach(store, leases: null);

        var refreshes = Enumerable.Range(0, 5).Select(_ => directory.RefreshAsync(None)).ToList();
        await Eventually.TrueAsync(() => store.LeaseReads == 1, "the read started");
        Assert.False(directory.TryGetOwner(0, out _, out _));
        store.Gate.SetResult();
        await Task.WhenAll(refreshes);

        Assert.Equal(1, store.LeaseReads);
        Assert.True(directory.TryGetOwner(0, out var self, out var selfEpoch));
        Assert.Equal(new SiloEndpoint(local.Id, "10.0.0.1", 7002), self);
        Assert.Equal(1, selfEpoch);
        Assert.True(directory.TryGetOwner(1, out var b, out _));
        Assert.Equal(new SiloEndpoint("b@2", "10.0.0.2", 7001), b);
        Assert.False(directory.TryGetOwner(2, out _, out _));
        Assert.False(directory.TryGetOwner(3, out _, out _));
        Assert.False(directory.TryGetOwner(99, out _, out _));

        await directory.RefreshAsync(None);
        Assert.Equal(2, store.LeaseReads);
    }

    /// <summary>A memory store whose lease reads are counted and, until <see cref="Gate"/> completes, held back.</summary>
    private sealed class GatedStore(MemoryRuntimeStore inner) : IRuntimeStore, IShardLeaseTable
    {
        private int _leaseReads;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int LeaseReads => Volatile.Read(ref _leaseReads);

        public string Description => inner.Description;

        public bool IsExclusive => inner.IsExclusive;

        public IGrainStateStore States => inner.States;

        public IReminderTable Reminders => inner.Reminders;

        public IShardLeaseTable Leases => this;

        public IMembershipTable Membership => inner.Membership;

        public ISchemaMigrator Schema => inner.Schema;

        public Task<int> InitializeShardCountAsync(int requested, CancellationToken cancellationToken) => inner.Leases.InitializeShardCountAsync(requested, cancellationToken);

        public async Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _leaseReads);
            await Gate.Task;
            return await inner.Leases.ReadAllAsync(cancellationToken);
        }

        public Task<IReadOnlyList<ShardLease>> AcquireAsync(string owner, IReadOnlyCollection<int> shards, long now, long expiresAt, bool force, CancellationToken cancellationToken)
            => inner.Leases.AcquireAsync(owner, shards, now, expiresAt, force, cancellationToken);

        public Task<IReadOnlyList<int>> RenewAsync(string owner, IReadOnlyCollection<ShardLease> held, long expiresAt, CancellationToken cancellationToken)
            => inner.Leases.RenewAsync(owner, held, expiresAt, cancellationToken);

        public Task ReleaseAsync(string owner, IReadOnlyCollection<ShardLease> held, CancellationToken cancellationToken)
            => inner.Leases.ReleaseAsync(owner, held, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
