using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Scheduler;

namespace Orleans.Widgets.Runtime.Timers;

/// <summary>
/// A grain timer. Each tick is queued as a turn of the activation; the next tick is armed only after the
/// callback finishes, so ticks never overlap and never pile up behind a slow callback.
/// </summary>
internal abstract class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private TimeSpan _period;
    private bool _disposed;
    private CancellationTokenSource? _tickCancellation;

    protected GrainTimer(ActivationData activation, TimeSpan period)
    {
        _activation = activation;
        _period = period;
        _timer = activation.Runtime.Time.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public static GrainTimer Start<TState>(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        var timer = new GrainTimer<TState>(activation, callback, state, period);
        timer._timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        return timer;
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _period = period;
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _tickCancellation?.Cancel();
        }

        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal async Task TickAsync()
    {
        CancellationToken token;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // One source for the timer's life: it is cancelled only by Dispose, so every tick can share it.
            _tickCancellation ??= new CancellationTokenSource();
            token = _tickCancellation.Token;
        }

        try
        {
            await InvokeCallbackAsync(token);
        }
        catch (Exception ex)
        {
            _activation.Runtime.LogTimerFailed(ex, _activation.GrainId);
        }
        finally
        {
            lock (_lock)
            {
                if (!_disposed && _period != Timeout.InfiniteTimeSpan)
                {
                    _timer.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    internal void OnTickDropped() => Dispose();

    protected abstract Task InvokeCallbackAsync(CancellationToken cancellationToken);

    private void OnDue()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
        }

        if (!_activation.TryEnqueue(new TimerTickWorkItem(this)))
        {
            Dispose();
        }
    }

    private static void Validate(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer's due time and period must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }
}

/// <summary>A grain timer with a typed callback state.</summary>
internal sealed class GrainTimer<TState> : GrainTimer
{
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;

    public GrainTimer(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, TimeSpan period)
        : base(activation, period)
    {
        _callback = callback;
        _state = state;
    }

    protected override Task InvokeCallbackAsync(CancellationToken cancellationToken) => _callback(_state, cancellationToken);
}
