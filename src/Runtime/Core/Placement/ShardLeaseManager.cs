using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Membership;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// Holds this silo's shard leases: takes them, renews them, notices when one is lost and hands them back on
/// shutdown. Every state and reminder write carries the epoch recorded here and is fenced by it in the database.
/// Alone (not clustered) the silo takes every shard; in a cluster it takes free and expired leases up to its fair
/// share and hands back what it holds beyond it (see <see cref="LeaseBalance"/>).
/// </summary>
internal sealed partial class ShardLeaseManager : IAsyncDisposable
{
    private readonly IRuntimeStore _store;
    private readonly LocalSilo _local;
    private readonly LeaseOptions _options;
    private readonly bool _clustered;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _tickGate = new(1, 1);
    private readonly Dictionary<int, ShardLease> _held = [];
    private long[] _epochs = [];
    private long _expiresAt;
    private ITimer? _renewTimer;
    private Task _timerRound = Task.CompletedTask;
    private Task _handBacks = Task.CompletedTask;
    private volatile string? _unbalancedReason = "taking shard leases";
    private volatile bool _suspended;
    private bool _stopped;

    public ShardLeaseManager(IRuntimeStore store, LocalSilo local, IOptions<LeaseOptions> options, bool clustered, TimeProvider time, ILogger<ShardLeaseManager> logger)
    {
        _store = store;
        _local = local;
        _options = options.Value;
        _clustered = clustered;
        _time = time;
        _logger = logger;
    }

    /// <summary>Shards taken (new epoch): their reminders must be loaded.</summary>
    public event Action<IReadOnlyList<ShardLease>>? ShardsAcquired;

    /// <summary>Shards lost or handed back: their activations must go and their reminders leave memory.</summary>
    public event Action<IReadOnlyList<int>>? ShardsLost;

    /// <summary>The lease and membership tables as read by a renewal round (for the shard directory).</summary>
    public event Action<LeaseSnapshot>? SnapshotRead;

    /// <summary>
    /// Waits until the activations of shards being handed back have deactivated and their writes are durable, so
    /// the next holder reads what they wrote. Set by the silo; without it leases are released at once.
    /// </summary>
    public Func<IReadOnlyList<int>, Task>? DrainShards { get; set; }

    public ShardMap Map { get; private set; } = new(1);

    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>
    /// Why this silo does not hold its share yet, or <see langword="null"/> once it does (or the cluster is balanced).
    /// Alone, <see langword="null"/> once every shard is held.
    /// </summary>
    public string? UnbalancedReason => _unbalancedReason;

    /// <summary>The epoch under which this silo holds <paramref name="shard"/>; lock-free, on the call path.</summary>
    public bool TryGetEpoch(int shard, out long epoch)
    {
        var epochs = Volatile.Read(ref _epochs);
        epoch = (uint)shard < (uint)epochs.Length ? Volatile.Read(ref epochs[shard]) : 0;
        return epoch > 0;
    }

    public IReadOnlyCollection<int> HeldShards()
    {
        lock (_lock)
        {
            return _held.Keys.ToArray();
        }
    }

    /// <summary>
    /// Reads the shard count and takes leases. Alone, it takes every shard and waits for leases held by a dead owner
    /// to expire. In a cluster it takes one round of free leases up to its share and returns; renewal rounds do the rest.
    /// </summary>
    public async Task StartAsync(int requestedShardCount, CancellationToken cancellationToken)
    {
        var count = await _store.Leases.InitializeShardCountAsync(requestedShardCount, cancellationToken);
        Map = new ShardMap(count);
        Volatile.Write(ref _epochs, new long[count]);
        LogShardCount(count);
        if (_clustered)
        {
            await _tickGate.WaitAsync(cancellationToken);
            try
            {
                await RenewCoreAsync(cancellationToken);
            }
            finally
            {
                _tickGate.Release();
            }
        }
        else
        {
            while (true)
            {
                await AcquireAsync(FreeLocally(), cancellationToken);
                if (HeldCount == count)
                {
                    break;
                }

                // A silo alone must hold every shard; wait for the previous owner's leases to expire.
                LogWaitingForLeases(count - HeldCount);
                await Task.Delay(_options.RenewPeriod, _time, cancellationToken);
            }

            _unbalancedReason = null;
        }

        _renewTimer = _time.CreateTimer(static s => ((ShardLeaseManager)s!).OnRenewTimer(), this, _options.RenewPeriod, _options.RenewPeriod);
    }

    private void OnRenewTimer()
    {
        if (!_tickGate.Wait(0))
        {
            return; // the previous round is still running
        }

        var round = RunTimerRoundAsync();
        lock (_lock)
        {
            _timerRound = round;
        }
    }

    private async Task RunTimerRoundAsync()
    {
        try
        {
            await RenewCoreAsync(CancellationToken.None);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>
    /// One renewal round: renews held leases, reads the lease and membership tables, and (in a cluster) takes or
    /// hands back leases toward the fair share. Called by the timer; tests call it directly.
    /// </summary>
    public async Task RenewAsync()
    {
        await _tickGate.WaitAsync();
        try
        {
            await RenewCoreAsync(CancellationToken.None);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    private async Task RenewCoreAsync(CancellationToken cancellationToken)
    {
        if (_suspended || IsStopped())
        {
            return;
        }

        var now = NowMs();
        ShardLease[] held;
        lock (_lock)
        {
            held = _held.Values.ToArray();
        }

        using var activity = _clustered ? RuntimeInstruments.ActivitySource.StartActivity("shard lease round") : null;
        try
        {
            var owner = _local.Id;
            var silos = await _store.Membership.ReadAllAsync(cancellationToken);
            if (_clustered && silos.FirstOrDefault(s => string.Equals(s.SiloId, owner, StringComparison.Ordinal)) is { IsLive: false })
            {
                // Declared dead: renewing now would keep the others waiting for leases this silo must give up.
                // The membership service notices on its next heartbeat and rejoins; until then this silo holds nothing.
                _suspended = true;
                await DropAllCoreAsync("the cluster declared this silo dead");
                return;
            }

            var expiresAt = now + (long)_options.LeaseDuration.TotalMilliseconds;
            var renewed = held.Length == 0 ? [] : await _store.Leases.RenewAsync(owner, held, expiresAt, cancellationToken);
            var renewedSet = renewed.ToHashSet();
            Lose(held.Where(l => !renewedSet.Contains(l.Shard)).Select(l => l.Shard).ToList(), "renewal refused: another silo took the lease");
            Interlocked.Exchange(ref _expiresAt, expiresAt);

            var snapshot = new LeaseSnapshot(await _store.Leases.ReadAllAsync(cancellationToken), silos, now);
            SnapshotRead?.Invoke(snapshot);
            if (_clustered)
            {
                await BalanceAsync(snapshot, activity, cancellationToken);
            }
            else
            {
                await AcquireAsync(FreeLocally(), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag("error.type", ex.GetType().FullName);
            LogRenewFailed(ex);
            if (now >= Interlocked.Read(ref _expiresAt))
            {
                // Without a renewal the leases are gone by now; stop using them before someone else does.
                Lose(held.Select(l => l.Shard).ToList(), "leases expired while the database was unreachable");
            }
        }
    }

    private async Task BalanceAsync(LeaseSnapshot snapshot, Activity? activity, CancellationToken cancellationToken)
    {
        var owner = _local.Id;
        var plan = LeaseBalance.Plan(snapshot, owner, HeldShards());
        activity?.SetTag("widgets.shard.fair_share", plan.FairShare).SetTag("widgets.membership.live", plan.LiveSilos);
        if (plan.ToTake.Count > 0)
        {
            var taken = await AcquireAsync(plan.ToTake, cancellationToken);
            activity?.SetTag("widgets.shard.taken", taken);
        }
        else if (plan.ToHandBack.Count > 0)
        {
            activity?.SetTag("widgets.shard.handed_back", plan.ToHandBack.Count);
            HandBack(plan.ToHandBack, plan.FairShare);
        }

        var heldNow = HeldCount;
        _unbalancedReason = heldNow >= plan.FairShare || plan.IsBalanced(heldNow)
            ? null
            : $"holding {heldNow} of its {plan.FairShare} shards while the cluster rebalances";
    }

    private int[] FreeLocally()
    {
        lock (_lock)
        {
            return Enumerable.Range(0, Map.ShardCount).Where(s => !_held.ContainsKey(s)).ToArray();
        }
    }

    private async Task<int> AcquireAsync(IReadOnlyCollection<int> shards, CancellationToken cancellationToken)
    {
        if (shards.Count == 0 || IsStopped())
        {
            return 0;
        }

        var now = NowMs();
        var expiresAt = now + (long)_options.LeaseDuration.TotalMilliseconds;

        // Forcing is safe only when one process owns the store; in a cluster a held lease is never taken early.
        var force = !_clustered && _store.IsExclusive;
        var acquired = await _store.Leases.AcquireAsync(_local.Id, shards, now, expiresAt, force, cancellationToken);
        if (acquired.Count == 0)
        {
            return 0;
        }

        lock (_lock)
        {
            foreach (var lease in acquired)
            {
                _held[lease.Shard] = lease;
                Volatile.Write(ref _epochs[lease.Shard], lease.Epoch);
            }

            Interlocked.Exchange(ref _expiresAt, expiresAt);
        }

        RuntimeInstruments.ShardsAcquired.Add(acquired.Count);
        LogAcquired(acquired.Count, acquired.Max(l => l.Epoch));
        ShardsAcquired?.Invoke(acquired);
        return acquired.Count;
    }

    /// <summary>Hands every lease back so another silo can take them at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ShardLease[] held;
        lock (_lock)
        {
            _stopped = true;
            held = _held.Values.ToArray();
        }

        if (_renewTimer is not null)
        {
            await _renewTimer.DisposeAsync();
        }

        Task round;
        lock (_lock)
        {
            round = _timerRound;
        }

        await round;
        await WhenHandedBackAsync();
        if (held.Length > 0)
        {
            // Grouped by owner: leases of an earlier incarnation carry its id and are released under it.
            foreach (var group in held.GroupBy(l => l.Owner, StringComparer.Ordinal))
            {
                await _store.Leases.ReleaseAsync(group.Key, group.ToList(), cancellationToken);
            }

            lock (_lock)
            {
                _held.Clear();
                Array.Clear(_epochs);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        if (_renewTimer is not null)
        {
            await _renewTimer.DisposeAsync();
        }
    }

    private bool IsStopped()
    {
        lock (_lock)
        {
            return _stopped;
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(1, LogLevel.Information, "The database has {ShardCount} shards.")]
    private partial void LogShardCount(int shardCount);

    [LoggerMessage(2, LogLevel.Information, "Took {Count} shard leases (highest epoch {Epoch}).")]
    private partial void LogAcquired(int count, long epoch);

    [LoggerMessage(3, LogLevel.Warning, "Lost {Count} shard leases: {Reason}.")]
    private partial void LogLost(int count, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Renewing shard leases failed.")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Waiting for {Count} shard leases held by a previous owner to expire.")]
    private partial void LogWaitingForLeases(int count);

    [LoggerMessage(6, LogLevel.Information, "Handing back {Count} shards beyond the fair share of {FairShare}.")]
    private partial void LogHandingBack(int count, int fairShare);

    [LoggerMessage(7, LogLevel.Warning, "Releasing shard leases this silo gave up failed; they expire on their own.")]
    private partial void LogReleaseFailed(Exception exception);
}
