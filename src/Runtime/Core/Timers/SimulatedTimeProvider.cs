namespace Orleans.Widgets.Runtime;

/// <summary>
/// A clock that moves only when advanced. Timers created from it fire in due order, each at its own due time,
/// so days of timers and reminders run in seconds and the same inputs give the same run. Used by tests and
/// by silos started with a simulated clock.
/// </summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();

    // A set, not a list: every grain call that does not finish at once used to arm and disarm a timer here, and a
    // list made each of those a scan of all armed timers under the clock's one lock. Firing order never depends on
    // the set's order: ties are broken by the unique arming sequence.
    private readonly HashSet<SimulatedTimer> _timers = [];
    private readonly SemaphoreSlim _advancing = new(1, 1);
    private readonly TimeSpan _offset;

    // UTC ticks of the current instant. Written under the lock, read without it: reading the time is the most frequent
    // thing a silo does and must not queue every thread on the clock's lock.
    private long _nowTicks;
    private long _sequence;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public SimulatedTimeProvider(DateTimeOffset start)
    {
        _nowTicks = start.UtcTicks;
        _offset = start.Offset;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(Volatile.Read(ref _nowTicks), TimeSpan.Zero).ToOffset(_offset);

    private DateTimeOffset Now
    {
        get => new DateTimeOffset(_nowTicks, TimeSpan.Zero).ToOffset(_offset);
        set => Volatile.Write(ref _nowTicks, value.UtcTicks);
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var target = GetUtcNow() + delta;
        while (FireNext(target))
        {
        }
    }

    /// <summary>
    /// Moves time forward by <paramref name="delta"/>; after each instant at which timers fired, awaits
    /// <paramref name="settle"/> so the work they started finishes before time moves on. Advances are serialized.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan delta, Func<Task> settle, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(settle);
        await _advancing.WaitAsync(cancellationToken);
        try
        {
            var target = GetUtcNow() + delta;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fired = false;
                var instant = NextDue(target);
                while (instant is { } at && FireNext(at))
                {
                    fired = true;
                }

                if (!fired)
                {
                    lock (_lock)
                    {
                        Now = target > Now ? target : Now;
                    }

                    await settle();

                    // Settling may have armed timers due by the target.
                    if (NextDue(target) is null)
                    {
                        return;
                    }

                    continue;
                }

                await settle();
            }
        }
        finally
        {
            _advancing.Release();
        }
    }

    private DateTimeOffset? NextDue(DateTimeOffset target)
    {
        lock (_lock)
        {
            DateTimeOffset? next = null;
            foreach (var timer in _timers)
            {
                if (timer.DueAt is { } due && due <= target && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>Fires the earliest timer due by <paramref name="target"/>; moves the clock to its due time.</summary>
    private bool FireNext(DateTimeOffset target)
    {
        SimulatedTimer? next = null;
        lock (_lock)
        {
            foreach (var timer in _timers)
            {
                if (timer.DueAt is { } due && due <= target
                    && (next is null || due < next.DueAt || (due == next.DueAt && timer.Order < next.Order)))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                Now = target > Now ? target : Now;
                return false;
            }

            Now = next.DueAt!.Value > Now ? next.DueAt.Value : Now;
            next.Rearm();
        }

        next.Fire();
        return true;
    }

    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulatedTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period;

        public SimulatedTimer(SimulatedTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? DueAt { get; private set; }

        /// <summary>Ties between timers due at the same instant fire in the order they were armed.</summary>
        public long Order { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._lock)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                    _owner._timers.Remove(this);
                    return true;
                }

                DueAt = _owner.Now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Order = ++_owner._sequence;
                _owner._timers.Add(this);
            }

            return true;
        }

        /// <summary>Re-arms a periodic timer or retires a one-shot one. The owner's lock is held.</summary>
        public void Rearm()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt = DueAt!.Value + _period;
                Order = ++_owner._sequence;
            }
            else
            {
                DueAt = null;
                _owner._timers.Remove(this);
            }
        }

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._lock)
            {
                DueAt = null;
                _owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
