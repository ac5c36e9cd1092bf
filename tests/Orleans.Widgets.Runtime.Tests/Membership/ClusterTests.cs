using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Tests.TestGrains;
using Orleans.Widgets.Runtime.Tests.TestInfrastructure;
using Orleans.Widgets.Storage;

namespace Orleans.Widgets.Runtime.Tests.Membership;

/// <summary>
/// Several silos sharing one PostgreSQL database and one simulated clock: joining, balancing, graceful hand-over,
/// death by silence, eviction and rejoin, and fencing across silos.
/// </summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_silos_share_64_shards_evenly_and_agree_on_who_holds_what()
    {
        var a = await _cluster.StartSiloAsync("a");
        Assert.Equal(TestCluster.ShardCount, a.Leases.HeldCount);
        Assert.True(a.Status.IsReady);

        var b = await _cluster.StartSiloAsync("b");
        var c = await _cluster.StartSiloAsync("c");

        // The newcomers start without waiting for shards, and are not ready while they hold less than their share.
        Assert.Equal(0, c.Leases.HeldCount);
        Assert.False(c.Status.IsReady);
        Assert.Contains("of its 22 shards", c.Status.NotReadyReason, StringComparison.Ordinal);

        await _cluster.RoundsUntilAsync(BalancedAsync, "three silos hold 21 or 22 shards each", rounds: 4);

        Assert.Equal(TestCluster.ShardCount, _cluster.Silos.Sum(s => s.Leases.HeldCount));
        Assert.All(_cluster.Silos, s => Assert.InRange(s.Leases.HeldCount, 20, 22));
        Assert.True(await _cluster.EveryShardHeldByRunningSilosAsync());
        Assert.All(_cluster.Silos, s => Assert.True(s.Status.IsReady, s.Status.NotReadyReason));

        var silos = await _cluster.ReadSilosAsync();
        Assert.Equal(3, silos.Count);
        Assert.All(silos, e => Assert.Equal(MembershipStatus.Active, e.Status));

        // Every silo's directory names the same holder and epoch as the lease table, with the holder's endpoint.
        var leases = await _cluster.ReadLeasesAsync();
        foreach (var silo in _cluster.Silos)
        {
            await silo.Directory.RefreshAsync(CancellationToken.None);
            foreach (var lease in leases)
            {
                Assert.True(silo.Directory.TryGetOwner(lease.Shard, out var owner, out var epoch));
                Assert.Equal(lease.Owner, owner.SiloId);
                Assert.Equal(lease.Epoch, epoch);
                Assert.Equal(silos.Single(e => e.SiloId == lease.Owner).Port, owner.Port);
            }
        }

        // A grain activates on the silo that holds its shard, and nowhere else: another silo's call is forwarded there.
        var shard = a.Leases.HeldShards().First();
        await a.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Set("on a");
        Assert.Equal("on a", await b.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Get());
        Assert.DoesNotContain(b.Silo.Runtime.Catalog.Activations, activation => activation.GrainId.Key == $"#{shard}/g");
    }

    [Fact]
    public async Task A_silo_over_its_share_deactivates_what_it_hands_back_and_the_taker_reads_its_writes()
    {
        var a = await _cluster.StartSiloAsync("a");
        var grains = new Dictionary<int, GrainId>();
        for (var shard = 0; shard < TestCluster.ShardCount; shard += 4)
        {
            var grain = a.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g");
            await grain.Set($"written on a in {shard}");
            grains[shard] = ((GrainReference)(object)grain).GrainId;
        }

        var b = await _cluster.StartSiloAsync("b");
        await _cluster.RoundsUntilAsync(BalancedAsync, "a and b share the shards", rounds: 4);

        Assert.Equal(32, a.Leases.HeldCount);
        Assert.Equal(32, b.Leases.HeldCount);

        // a's last read was before b took what a handed back: it no longer names itself, and a refresh names b.
        var handedBack = grains.Keys.First(s => !a.Leases.TryGetEpoch(s, out _));
        Assert.False(a.Directory.TryGetOwner(handedBack, out _, out _));
        await a.Directory.RefreshAsync(CancellationToken.None);
        foreach (var (shard, id) in grains)
        {
            var kept = a.Leases.TryGetEpoch(shard, out _);
            Assert.Equal(kept, a.Runtime.Catalog.TryGet(id, out _));
            var holder = kept ? a : b;
            Assert.True(a.Directory.TryGetOwner(shard, out var owner, out _));
            Assert.Equal(holder.Id, owner.SiloId);
            Assert.Equal($"written on a in {shard}", await holder.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Get());
        }
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_hands_its_shards_over_at_once_with_its_writes()
    {
        var (a, b, c) = await StartThreeBalancedAsync();
        var cShards = c.Leases.HeldShards().Order().Take(5).ToList();
        foreach (var shard in cShards)
        {
            await c.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Set($"written on c in {shard}");
        }

        await c.StopAsync();

        // No clock movement: the rows were released, not left to expire.
        var silos = await _cluster.ReadSilosAsync();
        Assert.Equal(MembershipStatus.Left, silos.Single(e => e.SiloId == c.Id).Status);
        await _cluster.RoundsUntilAsync(_cluster.EveryShardHeldByRunningSilosAsync, "a and b hold every shard", rounds: 2);
        Assert.Equal(32, a.Leases.HeldCount);
        Assert.Equal(32, b.Leases.HeldCount);
        foreach (var shard in cShards)
        {
            var holder = a.Leases.TryGetEpoch(shard, out _) ? a : b;
            Assert.Equal($"written on c in {shard}", await holder.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Get());
        }
    }

    [Fact]
    public async Task A_silent_silo_is_declared_dead_after_the_timeout_and_its_shards_are_taken_once_its_leases_expire()
    {
        var (a, b, c) = await StartThreeBalancedAsync();
        var cShards = c.Leases.HeldShards().ToHashSet();
        using var declaredDead = new MetricRecorder("widgets.membership.declared_dead");

        c.Crash();
        await AdvanceAsync(TestCluster.DeathTimeout - TestCluster.HeartbeatPeriod);
        Assert.All(await _cluster.ReadSilosAsync(), e => Assert.Equal(MembershipStatus.Active, e.Status));

        await AdvanceAsync(TestCluster.HeartbeatPeriod * 2);
        var silos = await _cluster.ReadSilosAsync();
        Assert.Equal(MembershipStatus.Dead, silos.Single(e => e.SiloId == c.Id).Status);
        Assert.Equal(2, silos.Count(e => e.IsLive));
        Assert.Equal(1, declaredDead.Total);
        Assert.Equal(2, a.Membership.LiveCount);

        // Declared dead, but its leases still run: nobody takes them before they expire.
        var leases = await _cluster.ReadLeasesAsync();
        Assert.All(leases.Where(l => cShards.Contains(l.Shard)), l => Assert.Equal(c.Id, l.Owner));
        Assert.False(a.Directory.TryGetOwner(cShards.First(), out _, out _));

        await AdvanceAsync(TestCluster.LeaseDuration);
        await _cluster.RoundsUntilAsync(_cluster.EveryShardHeldByRunningSilosAsync, "a and b hold every shard", rounds: 2);
        Assert.Equal(32, a.Leases.HeldCount);
        Assert.Equal(32, b.Leases.HeldCount);
        Assert.All(await _cluster.ReadLeasesAsync(), l => Assert.NotEqual(c.Id, l.Owner));
    }

    [Fact]
    public async Task A_silo_declared_dead_while_alive_drops_its_activations_and_rejoins_as_a_new_incarnation()
    {
        var (a, b, c) = await StartThreeBalancedAsync();
        var shard = c.Leases.HeldShards().First();
        var grain = c.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g");
        await grain.Set("before the pause");
        var grainId = ((GrainReference)(object)grain).GrainId;
        Assert.True(c.Runtime.Catalog.TryGet(grainId, out _));
        var firstIncarnation = c.Id;

        // Paused past the death timeout (not past its leases): the others declare it dead.
        c.Time.Pause();
        await AdvanceAsync(TestCluster.DeathTimeout + TestCluster.HeartbeatPeriod);
        Assert.Equal(MembershipStatus.Dead, (await _cluster.ReadSilosAsync()).Single(e => e.SiloId == firstIncarnation).Status);

        // It resumes, finds itself dead, drops everything and comes back under a new id.
        c.Time.Resume();
        await Eventually.TrueAsync(() => c.Id != firstIncarnation && c.Membership.Silos.Any(e => e.SiloId == c.Id), "c rejoined");
        await Eventually.TrueAsync(() => !c.Runtime.Catalog.TryGet(grainId, out _), "c's activation dropped");

        var silos = await _cluster.ReadSilosAsync();
        Assert.Equal(MembershipStatus.Dead, silos.Single(e => e.SiloId == firstIncarnation).Status);
        Assert.True(silos.Single(e => e.SiloId == c.Id).IsLive);
        Assert.Equal(3, silos.Count(e => e.IsLive));

        await _cluster.RoundsUntilAsync(BalancedAsync, "balanced again with the new incarnation", rounds: 6);
        Assert.All(await _cluster.ReadLeasesAsync(), l => Assert.NotEqual(firstIncarnation, l.Owner));
        Assert.True(c.Status.IsReady, c.Status.NotReadyReason);

        // The state written before the pause is what the shard's holder now reads.
        var holder = _cluster.Silos.Single(s => s.Leases.TryGetEpoch(shard, out _));
        Assert.Equal("before the pause", await holder.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/g").Get());
        Assert.Equal(MembershipStatus.Dead, (await _cluster.ReadSilosAsync()).Single(e => e.SiloId == firstIncarnation).Status);
    }

    [Fact]
    public async Task A_lease_round_that_reads_its_own_row_as_dead_gives_up_every_shard_before_the_heartbeat_notices()
    {
        var a = await _cluster.StartSiloAsync("a");
        var grain = a.GrainFactory.GetGrain<IStatefulGrain>("#3/g");
        await grain.Set("kept");
        var grainId = ((GrainReference)(object)grain).GrainId;
        var firstIncarnation = a.Id;
        var now = _cluster.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal([firstIncarnation], await a.Runtime.Store.Membership.DeclareDeadAsync(now + 1, CancellationToken.None));

        await a.Leases.RenewAsync();

        Assert.Equal(0, a.Leases.HeldCount);
        Assert.False(a.Runtime.Catalog.TryGet(grainId, out _));
        Assert.False(a.Status.IsReady);
        Assert.All(await _cluster.ReadLeasesAsync(), l => Assert.Equal(0, l.ExpiresAt));
        await a.Leases.RenewAsync();
        Assert.Equal(0, a.Leases.HeldCount);

        await a.HeartbeatAsync();

        Assert.NotEqual(firstIncarnation, a.Id);
        Assert.Equal(TestCluster.ShardCount, a.Leases.HeldCount);
        Assert.True(a.Status.IsReady, a.Status.NotReadyReason);
        var silos = await _cluster.ReadSilosAsync();
        Assert.Equal(MembershipStatus.Dead, silos.Single(e => e.SiloId == firstIncarnation).Status);
        Assert.Equal(MembershipStatus.Active, silos.Single(e => e.SiloId == a.Id).Status);
        Assert.Equal("kept", await grain.Get());
    }

    [Fact]
    public async Task A_write_by_a_silo_whose_lease_moved_to_another_silo_is_refused()
    {
        var a = await _cluster.StartSiloAsync("a");
        var b = await _cluster.StartSiloAsync("b");
        await _cluster.RoundsUntilAsync(BalancedAsync, "a and b share the shards", rounds: 4);
        var shard = a.Leases.HeldShards().First();
        var onA = a.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/fenced");
        await onA.Set("a's value");

        // a stops being scheduled; b declares it dead and takes the shard once a's lease expires.
        a.Time.Pause();
        await AdvanceAsync(TestCluster.LeaseDuration + TestCluster.HeartbeatPeriod);
        await _cluster.RoundsUntilAsync(() => Task.FromResult(b.Leases.TryGetEpoch(shard, out _)), "b holds the shard", rounds: 2);
        var onB = b.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/fenced");
        Assert.Equal("a's value", await onB.Get());

        // a's activation still believes it holds the shard (its rounds have not run), but its write is fenced off.
        Assert.True(a.Leases.TryGetEpoch(shard, out var staleEpoch));
        await Assert.ThrowsAsync<ShardNotOwnedException>(() => onA.Set("a's late value"));
        await onB.Set("b's value");
        Assert.True(b.Leases.TryGetEpoch(shard, out var epoch) && epoch > staleEpoch);

        var id = ((GrainReference)(object)onB).GrainId;
        var row = await b.Runtime.Store.States.ReadAsync(id.Type.Value, id.Key, "main", CancellationToken.None);
        Assert.Equal(2, row!.Version);
        await b.GrainFactory.GetGrain<IStatefulGrain>($"#{shard}/fenced").Reload();
        Assert.Equal("b's value", await onB.Get());
    }

    private async Task<(ClusterSilo A, ClusterSilo B, ClusterSilo C)> StartThreeBalancedAsync()
    {
        var a = await _cluster.StartSiloAsync("a");
        var b = await _cluster.StartSiloAsync("b");
        var c = await _cluster.StartSiloAsync("c");
        await _cluster.RoundsUntilAsync(BalancedAsync, "balanced", rounds: 4);
        return (a, b, c);
    }

    private async Task<bool> BalancedAsync()
    {
        var running = _cluster.Running.ToList();
        var fair = (TestCluster.ShardCount + running.Count - 1) / running.Count;
        return running.All(s => s.Leases.HeldCount <= fair && s.Leases.HeldCount >= fair - running.Count)
            && await _cluster.EveryShardHeldByRunningSilosAsync();
    }

    /// <summary>Moves the shared clock in heartbeat steps, running a round after each, as the silos' timers would.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TestCluster.HeartbeatPeriod)
        {
            _cluster.Clock.Advance(TestCluster.HeartbeatPeriod);
            await _cluster.RoundAsync();
        }
    }
}
