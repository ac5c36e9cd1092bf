using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Runtime.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>
/// Several silos in this process, each its own host, sharing one fresh PostgreSQL database and one simulated clock.
/// Timers fire only when the test advances the clock; a test drives heartbeat and lease rounds itself with
/// <see cref="RoundAsync"/>, so what happens in between is exactly what it asked for.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const int ShardCount = 64;

    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan RenewPeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(8);

    private readonly SiloStorage _storage = SiloStorage.Postgres();
    private readonly List<ClusterSilo> _silos = [];

    public SimulatedTimeProvider Clock { get; } = FakeClock.Create();

    public IReadOnlyList<ClusterSilo> Silos => _silos;

    public IEnumerable<ClusterSilo> Running => _silos.Where(s => !s.Stopped);

    /// <summary>Starts a clustered silo named <paramref name="name"/> on the shared database and clock.</summary>
    public async Task<ClusterSilo> StartSiloAsync(string name, Action<IServiceCollection>? services = null)
    {
        var time = new PausableTimeProvider(Clock);
        var settings = new Dictionary<string, string?>(_storage.Settings)
        {
            ["Widgets:Storage:ShardCount"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Widgets:Silo:Name"] = name,
            ["Widgets:Cluster:Enabled"] = "true",
            ["Widgets:Cluster:HeartbeatPeriod"] = HeartbeatPeriod.ToString(),
            ["Widgets:Cluster:DeathTimeout"] = DeathTimeout.ToString(),
            ["Widgets:Leases:RenewPeriod"] = RenewPeriod.ToString(),
            ["Widgets:Leases:LeaseDuration"] = LeaseDuration.ToString(),
            ["Widgets:Grains:DeactivationTimeout"] = "00:00:05",
        };
        var silo = new ClusterSilo(await TestSilo.StartAsync(time, settings, services), time);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>One heartbeat round, then one lease round, on every running silo whose timers are not paused.</summary>
    public async Task RoundAsync()
    {
        foreach (var silo in Running.Where(s => !s.Time.IsPaused))
        {
            await silo.HeartbeatAsync();
        }

        foreach (var silo in Running.Where(s => !s.Time.IsPaused))
        {
            await silo.Leases.RenewAsync();
            await silo.Leases.WhenHandedBackAsync();
        }
    }

    /// <summary>Rounds until <paramref name="condition"/> holds, at most <paramref name="rounds"/> of them.</summary>
    public async Task RoundsUntilAsync(Func<Task<bool>> condition, string what, int rounds = 10)
    {
        for (var i = 0; i < rounds; i++)
        {
            if (await condition())
            {
                return;
            }

            await RoundAsync();
        }

        Assert.True(await condition(), $"After {rounds} rounds: {what}");
    }

    /// <summary>The lease rows as the database holds them.</summary>
    public async Task<IReadOnlyList<ShardLease>> ReadLeasesAsync() => await _silos[0].Runtime.Store.Leases.ReadAllAsync(CancellationToken.None);

    /// <summary>The membership rows as the database holds them.</summary>
    public async Task<IReadOnlyList<MembershipEntry>> ReadSilosAsync() => await _silos[0].Runtime.Store.Membership.ReadAllAsync(CancellationToken.None);

    /// <summary>Whether every shard is held (unexpired) by a running silo, as the silo itself believes.</summary>
    public async Task<bool> EveryShardHeldByRunningSilosAsync()
    {
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var leases = await ReadLeasesAsync();
        return leases.All(l => l.ExpiresAt > now && Running.Any(s => s.Id == l.Owner && s.Leases.TryGetEpoch(l.Shard, out var epoch) && epoch == l.Epoch));
    }

    public async ValueTask DisposeAsync()
    {
        // A crashed silo stays paused: resuming it would run its deferred heartbeat and rejoin during disposal.
        foreach (var silo in _silos)
        {
            await silo.Silo.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }
}

/// <summary>A silo of a <see cref="TestCluster"/>.</summary>
public sealed class ClusterSilo(TestSilo silo, PausableTimeProvider time)
{
    public TestSilo Silo { get; } = silo;

    public PausableTimeProvider Time { get; } = time;

    public bool Stopped { get; private set; }

    internal SiloRuntime Runtime => Silo.Runtime;

    internal ShardLeaseManager Leases => Runtime.Leases;

    internal LocalSilo Local => Silo.Services.GetRequiredService<LocalSilo>();

    internal IShardDirectory Directory => Silo.Services.GetRequiredService<IShardDirectory>();

    public ISiloStatus Status => Silo.Services.GetRequiredService<ISiloStatus>();

    public string Id => Local.Id;

    public IGrainFactory GrainFactory => Silo.GrainFactory;

    internal MembershipService Membership
        => Silo.Services.GetRequiredService<SiloLifecycle>().Membership ?? throw new InvalidOperationException("The silo is not clustered.");

    public Task HeartbeatAsync() => Membership.HeartbeatAsync();

    /// <summary>Stops the silo gracefully: deactivates, flushes, hands its leases back and leaves.</summary>
    public async Task StopAsync()
    {
        await Silo.StopAsync();
        Stopped = true;
    }

    /// <summary>Marks the silo as gone without a graceful stop (its timers should be paused so it stays silent).</summary>
    public void Crash()
    {
        Time.Pause();
        Stopped = true;
    }
}
