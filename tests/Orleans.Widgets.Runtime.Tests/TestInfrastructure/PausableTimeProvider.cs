namespace Orleans.Widgets.Runtime.Tests.TestInfrastructure;

/// <summary>
/// One silo's view of a clock shared by the silos of a test cluster: the same "now", but its timers can be paused,
/// as when the process stops being scheduled. Callbacks due while paused run once each when it resumes.
/// </summary>
public sealed class PausableTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Action> _deferred = [];
    private readonly HashSet<object> _deferredTimers = [];
    private bool _paused;

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _paused;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var key = new object();
        return inner.CreateTimer(_ => Fire(key, () => callback(state)), null, dueTime, period);
    }

    public void Pause()
    {
        lock (_lock)
        {
            _paused = true;
        }
    }

    /// <summary>Resumes the timers and runs, on the thread pool, each callback that came due while paused.</summary>
    public void Resume()
    {
        Action[] due;
        lock (_lock)
        {
            _paused = false;
            due = [.. _deferred];
            _deferred.Clear();
            _deferredTimers.Clear();
        }

        foreach (var callback in due)
        {
            ThreadPool.QueueUserWorkItem(_ => callback());
        }
    }

    private void Fire(object timer, Action callback)
    {
        lock (_lock)
        {
            if (_paused)
            {
                // A periodic timer that came due several times while paused fires once on resume.
                if (_deferredTimers.Add(timer))
                {
                    _deferred.Add(callback);
                }

                return;
            }
        }

        callback();
    }
}
