using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Placement;

/// <summary>
/// Holds this silo's shard leases: takes them, renews them, notices when one is lost and hands them back on
/// shutdown. Every state and reminder write carries the epoch recorded here and is fenced by it in the database.
/// </summary>
internal sealed partial class ShardLeaseManager : IAsyncDisposable
{
    private readonly IRuntimeStore _store;
    private readonly string _owner;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, ShardLease> _held = [];
    private long[] _epochs = [];
    private long _expiresAt;
    private ITimer? _renewTimer;
    private Task _renewing = Task.CompletedTask;
    private bool _stopped;

    public ShardLeaseManager(IRuntimeStore store, string owner, IOptions<LeaseOptions> options, TimeProvider time, ILogger<ShardLeaseManager> logger)
    {
        _store = store;
        _owner = owner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Shards taken (new epoch): their reminders must be loaded.</summary>
    public event Action<IReadOnlyList<ShardLease>>? ShardsAcquired;

    /// <summary>Shards lost: their activations must go and their reminders leave memory.</summary>
    public event Action<IReadOnlyList<int>>? ShardsLost;

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

    /// <summary>Reads the shard count and takes every shard it can; waits for leases held by a dead owner to expire.</summary>
    public async Task StartAsync(int requestedShardCount, CancellationToken cancellationToken)
    {
        var count = await _store.Leases.InitializeShardCountAsync(requestedShardCount, cancellationToken);
        Map = new ShardMap(count);
        Volatile.Write(ref _epochs, new long[count]);
        LogShardCount(count);
        while (true)
        {
            await AcquireFreeAsync(cancellationToken);
            if (HeldCount == count)
            {
                break;
            }

            // A single silo (this release) must hold every shard; wait for the previous owner's leases to expire.
            LogWaitingForLeases(count - HeldCount);
            await Task.Delay(_options.RenewPeriod, _time, cancellationToken);
        }

        _renewTimer = _time.CreateTimer(static s => ((ShardLeaseManager)s!).OnRenewTimer(), this, _options.RenewPeriod, _options.RenewPeriod);
    }

    private void OnRenewTimer()
    {
        lock (_lock)
        {
            if (_stopped || !_renewing.IsCompleted)
            {
                return;
            }

            _renewing = RenewAsync();
        }
    }

    /// <summary>Renews held leases and retakes free ones. Called by the timer; exposed for tests on a fake clock.</summary>
    public async Task RenewAsync()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        ShardLease[] held;
        lock (_lock)
        {
            held = _held.Values.ToArray();
        }

        try
        {
            var expiresAt = now + (long)_options.LeaseDuration.TotalMilliseconds;
            var renewed = held.Length == 0 ? [] : await _store.Leases.RenewAsync(_owner, held, expiresAt, CancellationToken.None);
            var renewedSet = renewed.ToHashSet();
            Lose(held.Where(l => !renewedSet.Contains(l.Shard)).Select(l => l.Shard).ToList(), "renewal refused: another silo took the lease");
            Interlocked.Exchange(ref _expiresAt, expiresAt);
            await AcquireFreeAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRenewFailed(ex);
            if (now >= Interlocked.Read(ref _expiresAt))
            {
                // Without a renewal the leases are gone by now; stop using them before someone else does.
                Lose(held.Select(l => l.Shard).ToList(), "leases expired while the database was unreachable");
            }
        }
    }

    private async Task AcquireFreeAsync(CancellationToken cancellationToken)
    {
        int[] free;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            free = Enumerable.Range(0, Map.ShardCount).Where(s => !_held.ContainsKey(s)).ToArray();
        }

        if (free.Length == 0)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var expiresAt = now + (long)_options.LeaseDuration.TotalMilliseconds;
        var acquired = await _store.Leases.AcquireAsync(_owner, free, now, expiresAt, _store.IsExclusive, cancellationToken);
        if (acquired.Count == 0)
        {
            return;
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
    }

    private void Lose(List<int> shards, string reason)
    {
        if (shards.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var shard in shards)
            {
                _held.Remove(shard);
                Volatile.Write(ref _epochs[shard], 0);
            }
        }

        RuntimeInstruments.ShardsLost.Add(shards.Count);
        LogLost(shards.Count, reason);
        ShardsLost?.Invoke(shards);
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

        await _renewing;
        if (held.Length > 0)
        {
            await _store.Leases.ReleaseAsync(_owner, held, cancellationToken);
            lock (_lock)
            {
                _held.Clear();
                Array.Clear(_epochs);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_renewTimer is not null)
        {
            await _renewTimer.DisposeAsync();
        }
    }

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
}
