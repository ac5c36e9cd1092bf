using Microsoft.Extensions.Logging;
using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Storage;
using Orleans.Widgets.Storage;

namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>
/// Durable reminders. The table is the truth; memory holds only reminders of held shards due within the horizon,
/// in a timing wheel. A tick is delivered at least once as a call to <see cref="IRemindable.ReceiveReminder"/>,
/// then the row is rescheduled (periodic) or deleted (one-shot) only if no newer registration replaced it.
/// </summary>
internal sealed partial class ReminderService : IAsyncDisposable
{
    private const int MaxNameLength = 200;

    private readonly SiloRuntime _runtime;
    private readonly IReminderTable _table;
    private readonly GroupCommitWriter _writer;
    private readonly ShardLeaseManager _leases;
    private readonly ReminderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<ReminderKey, ReminderEntry> _index = [];
    private readonly TimingWheel<ReminderEntry> _wheel;
    private readonly Queue<ReminderEntry> _backlog = new();
    private readonly List<ReminderEntry> _due = [];
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private long _loadingUntil = long.MinValue;
    private Task _lastLoad = Task.CompletedTask;
    private int _inFlight;
    private TaskCompletionSource? _idle;
    private ITimer? _tickTimer;
    private ITimer? _loadTimer;
    private bool _stopped;
    private long _tickArmedFor = long.MaxValue;

    public ReminderService(SiloRuntime runtime, IReminderTable table, GroupCommitWriter writer, ShardLeaseManager leases, ReminderOptions options, TimeProvider time, ILogger<ReminderService> logger)
    {
        _runtime = runtime;
        _table = table;
        _writer = writer;
        _leases = leases;
        _options = options;
        _time = time;
        _logger = logger;
        var slotMs = Math.Max(1, (long)options.TickInterval.TotalMilliseconds);
        var span = options.Horizon + options.LoadPeriod + options.LoadPeriod;
        _wheel = new TimingWheel<ReminderEntry>(NowMs(), slotMs, (int)Math.Ceiling(span.TotalMilliseconds / slotMs) + 1, static e => e.FireAt);
        leases.ShardsAcquired += OnShardsAcquired;
        leases.ShardsLost += OnShardsLost;
    }

    /// <summary>Reminders held in memory (near-due).</summary>
    public int InMemoryCount
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Loads what is due within the horizon for the held shards and starts the wheel.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(_leases.HeldShards(), fromAll: true, cancellationToken);
        lock (_lock)
        {
            _tickTimer = _time.CreateTimer(static s => ((ReminderService)s!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmTickLocked();
        }

        _loadTimer = _time.CreateTimer(static s => ((ReminderService)s!).OnLoadTimer(), this, _options.LoadPeriod, _options.LoadPeriod);
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(ActivationData activation, string name, TimeSpan dueTime, TimeSpan period)
    {
        ValidateName(name);
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, $"Reminder '{name}': the due time must not be negative.");
        }

        if (period < TimeSpan.Zero || (period > TimeSpan.Zero && period < TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder '{name}': the period must be zero (one-shot) or at least one second.");
        }

        if (activation.GrainInstance is not IRemindable)
        {
            throw new InvalidOperationException($"{activation.GrainId} registers reminder '{name}' but its class does not implement IRemindable.");
        }

        var dueAt = NowMs() + (long)dueTime.TotalMilliseconds;
        var record = new ReminderRecord
        {
            GrainType = activation.GrainId.Type.Value,
            GrainKey = activation.GrainId.Key,
            Name = name,
            Shard = activation.Fence.Shard,
            StartAt = dueAt,
            DueAt = dueAt,
            PeriodMs = (long)period.TotalMilliseconds,
        };
        var operation = new ReminderWriteOperation { Kind = ReminderWriteKind.Upsert, Record = record, Epoch = activation.Fence.Epoch };
        await WriteAsync(activation, operation);
        Track(activation.GrainId, record with { Version = operation.NewVersion }, replaceSameVersion: true);
        return new GrainReminder(name);
    }

    public async Task UnregisterAsync(ActivationData activation, string name)
    {
        ValidateName(name);
        var record = new ReminderRecord
        {
            GrainType = activation.GrainId.Type.Value,
            GrainKey = activation.GrainId.Key,
            Name = name,
            Shard = activation.Fence.Shard,
            StartAt = 0,
            DueAt = 0,
            PeriodMs = 0,
        };
        await WriteAsync(activation, new ReminderWriteOperation { Kind = ReminderWriteKind.Delete, Record = record, Epoch = activation.Fence.Epoch });
        lock (_lock)
        {
            _index.Remove(new ReminderKey(activation.GrainId, name));
        }
    }

    public async Task<IGrainReminder?> GetReminderAsync(ActivationData activation, string name)
    {
        ValidateName(name);
        var record = await _table.ReadAsync(activation.GrainId.Type.Value, activation.GrainId.Key, name, _runtime.StoppingToken);
        return record is null ? null : new GrainReminder(record.Name);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(ActivationData activation)
    {
        var records = await _table.ReadGrainAsync(activation.GrainId.Type.Value, activation.GrainId.Key, _runtime.StoppingToken);
        return records.Select(r => (IGrainReminder)new GrainReminder(r.Name)).ToList();
    }

    /// <summary>Drops a grain's reminders from memory after its state clear removed them from the table.</summary>
    public void ForgetGrain(GrainId grainId)
    {
        lock (_lock)
        {
            foreach (var key in _index.Keys.Where(k => k.GrainId == grainId).ToList())
            {
                _index.Remove(key);
            }
        }
    }

    /// <summary>Completes when no horizon load and no delivery is in flight or waiting. For tests and shutdown.</summary>
    public async Task WhenIdleAsync()
    {
        Task load;
        lock (_lock)
        {
            load = _lastLoad;
        }

        await load.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await WhenDeliveriesIdleAsync();
    }

    private Task WhenDeliveriesIdleAsync()
    {
        lock (_lock)
        {
            if (_inFlight == 0 && _backlog.Count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>Delivers every reminder due by now. Called by the wheel's timer; callable from tests.</summary>
    public void Tick()
    {
        var now = NowMs();
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _tickArmedFor = long.MaxValue;
            _due.Clear();
            _wheel.Advance(now, _due);
            foreach (var entry in _due)
            {
                if (_index.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
                {
                    _backlog.Enqueue(entry);
                }
            }

            _due.Clear();
            ArmTickLocked();
        }

        PumpBacklog();
    }

    /// <summary>
    /// Arms the wheel's timer for the earliest reminder held (no sooner than one tick interval from now), so an
    /// idle silo, or one on a simulated clock, does not tick for nothing.
    /// </summary>
    private void ArmTickLocked()
    {
        if (_tickTimer is null || _stopped || _wheel.NextDue() is not { } due)
        {
            return;
        }

        var now = NowMs();
        var interval = (long)_options.TickInterval.TotalMilliseconds;
        var at = Math.Max(due, now + interval);
        if (at >= _tickArmedFor)
        {
            return;
        }

        _tickArmedFor = at;
        _tickTimer.Change(TimeSpan.FromMilliseconds(at - now), Timeout.InfiniteTimeSpan);
    }

    private void OnLoadTimer()
    {
        var load = LoadNextWindowAsync();
        lock (_lock)
        {
            _lastLoad = load;
        }
    }

    /// <summary>Extends the in-memory window to now + horizon. Called by the load timer; callable from tests.</summary>
    public Task LoadNextWindowAsync() => LoadAsync(_leases.HeldShards(), fromAll: false, CancellationToken.None);

    public async Task StopAsync()
    {
        lock (_lock)
        {
            _stopped = true;
            _backlog.Clear();
        }

        if (_tickTimer is not null)
        {
            await _tickTimer.DisposeAsync();
        }

        if (_loadTimer is not null)
        {
            await _loadTimer.DisposeAsync();
        }

        await WhenIdleAsync().WaitAsync(_runtime.DeactivationTimeout, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        _leases.ShardsAcquired -= OnShardsAcquired;
        _leases.ShardsLost -= OnShardsLost;
        await StopAsync();
        _loadGate.Dispose();
    }

    private async Task LoadAsync(IReadOnlyCollection<int> shards, bool fromAll, CancellationToken cancellationToken)
    {
        if (fromAll)
        {
            await _loadGate.WaitAsync(cancellationToken);
        }
        else if (!await _loadGate.WaitAsync(0, cancellationToken))
        {
            return; // the previous load is still running; the next period catches up
        }

        try
        {
            long from, until;
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }

                until = NowMs() + (long)_options.Horizon.TotalMilliseconds;
                from = fromAll ? long.MinValue : _loadingUntil;
                // Announce the window before reading it: a registration that commits meanwhile tracks itself.
                _loadingUntil = Math.Max(_loadingUntil, until);
                until = _loadingUntil;
            }

            if (shards.Count == 0 || from >= until)
            {
                return;
            }

            var records = await _table.ReadDueAsync(shards, from, until, cancellationToken);
            foreach (var record in records)
            {
                Track(new GrainId(GrainType.Create(record.GrainType), record.GrainKey), record, replaceSameVersion: false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLoadFailed(ex);
            lock (_lock)
            {
                // Read the window again next time.
                if (!fromAll)
                {
                    _loadingUntil = Math.Min(_loadingUntil, NowMs());
                }
            }

            if (fromAll)
            {
                throw;
            }
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private void Track(GrainId grainId, ReminderRecord record, bool replaceSameVersion)
    {
        var entry = new ReminderEntry(grainId, record, record.DueAt);
        lock (_lock)
        {
            if (_index.TryGetValue(entry.Key, out var current)
                && (current.Version > record.Version || (current.Version == record.Version && !replaceSameVersion)))
            {
                return;
            }

            if (record.DueAt >= _loadingUntil || !_leases.TryGetEpoch(record.Shard, out _))
            {
                // Not near-due (the loader brings it in when it is), or not ours any more.
                _index.Remove(entry.Key);
                return;
            }

            _index[entry.Key] = entry;
            _wheel.Add(entry);
            ArmTickLocked();
        }
    }

    private void PumpBacklog()
    {
        while (true)
        {
            ReminderEntry entry;
            lock (_lock)
            {
                if (_stopped || _inFlight >= _options.MaxConcurrentDeliveries || !_backlog.TryDequeue(out entry!))
                {
                    SignalIdleLocked();
                    return;
                }

                _inFlight++;
            }

            _ = DeliverAsync(entry);
        }
    }

    private async Task DeliverAsync(ReminderEntry entry)
    {
        try
        {
            await DeliverCoreAsync(entry);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(ex, entry.GrainId, entry.Name);
            Retry(entry);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }

            PumpBacklog();
        }
    }

    private async Task DeliverCoreAsync(ReminderEntry entry)
    {
        var now = NowMs();
        var lateness = TimeSpan.FromMilliseconds(Math.Max(0, now - entry.DueAt));
        var status = new TickStatus(
            DateTimeOffset.FromUnixTimeMilliseconds(entry.StartAt).UtcDateTime,
            TimeSpan.FromMilliseconds(entry.PeriodMs),
            DateTimeOffset.FromUnixTimeMilliseconds(entry.DueAt).UtcDateTime,
            lateness);
        try
        {
            await _runtime.InvokeAsync(entry.GrainId, new ReceiveReminderRequest(entry.Name, status));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            // Not delivered: keep the row as it is and try again soon.
            RuntimeInstruments.ReminderFailures.Add(1);
            LogDeliveryRetry(entry.GrainId, entry.Name, ex.GetType().Name);
            Retry(entry);
            return;
        }
        catch (Exception ex)
        {
            // The grain received the tick and threw: that is the grain's outcome, the tick is spent.
            LogReminderThrew(ex, entry.GrainId, entry.Name);
        }

        RuntimeInstruments.RemindersFired.Add(1);
        if (RuntimeInstruments.ReminderLateness.Enabled)
        {
            RuntimeInstruments.ReminderLateness.Record(lateness.TotalSeconds);
        }

        await AcknowledgeAsync(entry, NowMs());
    }

    private async Task AcknowledgeAsync(ReminderEntry entry, long now)
    {
        if (!_leases.TryGetEpoch(entry.Shard, out var epoch))
        {
            return; // the new owner fires it again: at least once
        }

        lock (_lock)
        {
            if (!_index.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                // Re-registered (usually by the grain while it handled the tick), unregistered or cleared meanwhile:
                // the row no longer has this entry's version, so the acknowledgement would change nothing.
                RuntimeInstruments.ReminderAcksSkipped.Add(1);
                return;
            }
        }

        ReminderWriteOperation operation;
        ReminderRecord? next = null;
        if (entry.PeriodMs > 0)
        {
            var periods = Math.Max(1, ((now - entry.DueAt) / entry.PeriodMs) + 1);
            next = entry.ToRecord(entry.DueAt + (periods * entry.PeriodMs));
            operation = new ReminderWriteOperation { Kind = ReminderWriteKind.Reschedule, Record = next, Epoch = epoch };
        }
        else
        {
            operation = new ReminderWriteOperation { Kind = ReminderWriteKind.DeleteIfVersion, Record = entry.ToRecord(entry.DueAt), Epoch = epoch };
        }

        await _writer.WriteReminderAsync(operation);
        lock (_lock)
        {
            if (!_index.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return; // replaced or removed while it was being delivered
            }

            _index.Remove(entry.Key);
        }

        if (next is not null && operation.Outcome == WriteOutcome.Written)
        {
            Track(entry.GrainId, next, replaceSameVersion: true);
        }
    }

    private void Retry(ReminderEntry entry)
    {
        var retry = entry.RetryAt(NowMs() + (long)_options.RetryDelay.TotalMilliseconds);
        lock (_lock)
        {
            if (_stopped || !_index.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            _index[entry.Key] = retry;
            _wheel.Add(retry);
            ArmTickLocked();
        }
    }

    private async Task WriteAsync(ActivationData activation, ReminderWriteOperation operation)
    {
        await _writer.WriteReminderAsync(operation);
        if (operation.Outcome == WriteOutcome.NotOwner)
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ShardLost, "A reminder write was fenced off: the shard's lease moved."));
            throw new ShardNotOwnedException(operation.Record.Shard, operation.Epoch);
        }
    }

    private void OnShardsAcquired(IReadOnlyList<ShardLease> leases)
    {
        bool started;
        lock (_lock)
        {
            started = _tickTimer is not null;
        }

        // At start the initial load covers every shard; later, newly taken shards need their backlog.
        if (started)
        {
            _ = LoadAsync(leases.Select(l => l.Shard).ToArray(), fromAll: true, CancellationToken.None);
        }
    }

    private void OnShardsLost(IReadOnlyList<int> shards)
    {
        var set = shards.ToHashSet();
        lock (_lock)
        {
            foreach (var key in _index.Where(p => set.Contains(p.Value.Shard)).Select(p => p.Key).ToList())
            {
                _index.Remove(key);
            }

            _wheel.RemoveWhere(e => set.Contains(e.Shard));
        }
    }

    private void SignalIdleLocked()
    {
        if (_inFlight == 0 && _backlog.Count == 0 && _idle is not null)
        {
            _idle.TrySetResult();
            _idle = null;
        }
    }

    private static bool IsTransient(Exception ex)
        => ex is TimeoutException or ShardUnavailableException or ShardNotOwnedException
            || (ex is InvalidOperationException && ex.Message.Contains("shutting down", StringComparison.Ordinal));

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"Reminder names are at most {MaxNameLength} characters (got {name.Length}).", nameof(name));
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(200, LogLevel.Warning, "Loading near-due reminders failed; retrying on the next period.")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(201, LogLevel.Information, "Reminder {Name} of {GrainId} could not be delivered ({Error}); retrying.")]
    private partial void LogDeliveryRetry(GrainId grainId, string name, string error);

    [LoggerMessage(202, LogLevel.Warning, "ReceiveReminder {Name} of {GrainId} threw.")]
    private partial void LogReminderThrew(Exception exception, GrainId grainId, string name);

    [LoggerMessage(203, LogLevel.Error, "Acknowledging reminder {Name} of {GrainId} failed; it will fire again.")]
    private partial void LogDeliveryFailed(Exception exception, GrainId grainId, string name);
}
