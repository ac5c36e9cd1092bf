using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Membership;

/// <summary>
/// This silo's row in the membership table: registers it with its endpoint, heartbeats every
/// <see cref="ClusterOptions.HeartbeatPeriod"/>, declares dead every silo whose heartbeat is older than
/// <see cref="ClusterOptions.DeathTimeout"/>, and marks it left on a graceful stop. A silo that finds itself declared
/// dead stops serving (<see cref="Evicted"/>) and rejoins as a new incarnation; a dead row is never made live again.
/// </summary>
internal sealed partial class MembershipService : IAsyncDisposable
{
    /// <summary>How long the row of a dead or left silo stays for inspection before a heartbeat round deletes it.</summary>
    public static readonly TimeSpan DefunctRetention = TimeSpan.FromHours(1);

    private readonly IMembershipTable _table;
    private readonly LocalSilo _local;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _tickGate = new(1, 1);
    private IReadOnlyList<MembershipEntry> _silos = [];
    private ITimer? _timer;
    private volatile bool _stopped;

    public MembershipService(IMembershipTable table, LocalSilo local, ClusterOptions options, TimeProvider time, ILogger<MembershipService> logger)
    {
        _table = table;
        _local = local;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs when this silo finds itself declared dead, before it rejoins: it must stop serving (drop its leases so
    /// its activations go). The id passed is the dead incarnation's.
    /// </summary>
    public Func<string, Task>? Evicted { get; set; }

    /// <summary>Runs once the silo has registered again as a new incarnation; it may take leases again.</summary>
    public Func<Task>? Rejoined { get; set; }

    /// <summary>This silo's activation count, written with each heartbeat for the status command.</summary>
    public Func<int>? ActivationCount { get; set; }

    /// <summary>Every membership row as of the last heartbeat.</summary>
    public IReadOnlyList<MembershipEntry> Silos => Volatile.Read(ref _silos);

    /// <summary>Live (joining or active) silos as of the last heartbeat.</summary>
    public int LiveCount => Silos.Count(s => s.IsLive);

    /// <summary>Registers this silo as joining and starts heartbeating.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await RegisterAsync(cancellationToken);
        MembershipInstruments.ObserveLive(this, _local.Name, () => LiveCount);
        _timer = _time.CreateTimer(static s => ((MembershipService)s!).OnTimer(), this, _options.HeartbeatPeriod, _options.HeartbeatPeriod);
    }

    /// <summary>Marks this silo active once it has taken its first leases.</summary>
    public async Task MarkActiveAsync(CancellationToken cancellationToken)
    {
        if (!await _table.UpdateStatusAsync(_local.Id, MembershipStatus.Active, NowMs(), cancellationToken))
        {
            // Declared dead while starting; the next heartbeat notices and rejoins.
            LogNotActivated(_local.Id);
        }
    }

    /// <summary>
    /// One heartbeat round: records this silo's heartbeat (or, if it was declared dead, evicts and rejoins), declares
    /// dead the silos whose heartbeat is too old, and reads the table. Called by the timer; tests call it directly.
    /// </summary>
    public async Task HeartbeatAsync()
    {
        await _tickGate.WaitAsync();
        try
        {
            await HeartbeatCoreAsync();
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>Stops heartbeating and marks this silo left, after it handed its shards back.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await StopTimerAsync();
        await _tickGate.WaitAsync(cancellationToken);
        try
        {
            if (await _table.UpdateStatusAsync(_local.Id, MembershipStatus.Left, NowMs(), cancellationToken))
            {
                LogLeft(_local.Id);
            }
        }
        finally
        {
            _tickGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await StopTimerAsync();
    }

    private void OnTimer()
    {
        if (_stopped || !_tickGate.Wait(0))
        {
            return; // the previous round is still running; skipping keeps rounds from piling up
        }

        _ = RunTimerRoundAsync();
    }

    private async Task RunTimerRoundAsync()
    {
        try
        {
            await HeartbeatCoreAsync();
        }
        finally
        {
            _tickGate.Release();
        }
    }

    private async Task HeartbeatCoreAsync()
    {
        if (_stopped)
        {
            return;
        }

        using var activity = MembershipInstruments.ActivitySource.StartActivity("membership heartbeat");
        try
        {
            var now = NowMs();
            if (!await _table.HeartbeatAsync(_local.Id, now, ActivationCount?.Invoke() ?? 0, CancellationToken.None))
            {
                activity?.SetTag("widgets.membership.evicted", true);
                await EvictAndRejoinAsync();
                return;
            }

            var dead = await _table.DeclareDeadAsync(now - (long)_options.DeathTimeout.TotalMilliseconds, CancellationToken.None);
            foreach (var silo in dead)
            {
                LogDeclaredDead(silo, _options.DeathTimeout);
            }

            if (dead.Count > 0)
            {
                MembershipInstruments.DeclaredDead.Add(dead.Count);
                activity?.SetTag("widgets.membership.declared_dead", dead.Count);
            }

            await _table.DeleteDefunctAsync(now - (long)DefunctRetention.TotalMilliseconds, CancellationToken.None);

            Volatile.Write(ref _silos, await _table.ReadAllAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            // The next round retries; if the database stays away, leases expire and the lease manager lets go.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message).SetTag("error.type", ex.GetType().FullName);
            LogHeartbeatFailed(ex);
        }
    }

    private async Task EvictAndRejoinAsync()
    {
        var dead = _local.Id;
        LogEvicted(dead);
        MembershipInstruments.Evictions.Add(1, new KeyValuePair<string, object?>(MembershipInstruments.SiloTag, _local.Name));
        if (Evicted is { } evicted)
        {
            await evicted(dead);
        }

        if (_stopped)
        {
            return;
        }

        _local.BeginNextIncarnation();
        await RegisterAsync(CancellationToken.None);
        LogRejoined(dead, _local.Id);
        if (Rejoined is { } rejoined)
        {
            await rejoined();
        }

        await MarkActiveAsync(CancellationToken.None);
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        // The endpoint is frozen first: once the row exists other silos route to it.
        _local.MarkRegistered();
        var endpoint = _local.Endpoint;
        var now = NowMs();
        await _table.RegisterAsync(
            new MembershipEntry(endpoint.SiloId, _local.Name, _local.Generation, endpoint.Host, endpoint.Port, MembershipStatus.Joining, now, now),
            cancellationToken);
        Volatile.Write(ref _silos, await _table.ReadAllAsync(cancellationToken));
        LogRegistered(endpoint.SiloId, endpoint.Host, endpoint.Port);
    }

    private async Task StopTimerAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        MembershipInstruments.StopObserving(this);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(400, LogLevel.Information, "Silo {SiloId} joined the cluster at {Host}:{Port}.")]
    private partial void LogRegistered(string siloId, string host, int port);

    [LoggerMessage(401, LogLevel.Warning, "Declared silo {SiloId} dead: no heartbeat for {DeathTimeout}.")]
    private partial void LogDeclaredDead(string siloId, TimeSpan deathTimeout);

    [LoggerMessage(402, LogLevel.Warning, "Silo {SiloId} was declared dead by the cluster: it stops serving its shards and rejoins as a new incarnation.")]
    private partial void LogEvicted(string siloId);

    [LoggerMessage(403, LogLevel.Information, "Silo {DeadSiloId} rejoined the cluster as {SiloId}.")]
    private partial void LogRejoined(string deadSiloId, string siloId);

    [LoggerMessage(404, LogLevel.Warning, "Heartbeat to the membership table failed.")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(405, LogLevel.Information, "Silo {SiloId} left the cluster.")]
    private partial void LogLeft(string siloId);

    [LoggerMessage(406, LogLevel.Warning, "Silo {SiloId} could not become active: it was declared dead while starting.")]
    private partial void LogNotActivated(string siloId);
}
