using System.Runtime.CompilerServices;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>A pending call that can be failed when its deadline passes.</summary>
internal interface ICallDeadline
{
    /// <summary>Fails the call with a timeout; does nothing if it has completed already.</summary>
    void Expire();
}

/// <summary>
/// The deadlines of the pending grain calls on one simulated clock, watched by a single timer armed at the earliest
/// of them. On a simulated clock every timer is an entry under the clock's one lock, so a timer per call made every
/// call that did not finish at once queue on that lock twice; here a call costs a queue entry, and the timer is only
/// armed while some call is pending. Calls still expire each at its own deadline, in deadline order.
/// </summary>
internal sealed class CallDeadlines
{
    private static readonly ConditionalWeakTable<TimeProvider, CallDeadlines> ByClock = new();

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly PriorityQueue<ICallDeadline, (long Due, long Sequence)> _queue = new();
    private readonly ITimer _timer;
    private long _sequence;
    private long _armedAt = long.MaxValue;
    private int _pending;

    private CallDeadlines(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static s => ((CallDeadlines)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The deadlines kept for <paramref name="time"/>, created on first use.</summary>
    public static CallDeadlines For(TimeProvider time) => ByClock.GetValue(time, static t => new CallDeadlines(t));

    /// <summary>Watches <paramref name="call"/> until <see cref="Completed"/>; expires it <paramref name="timeout"/> from now.</summary>
    public void Add(ICallDeadline call, TimeSpan timeout)
    {
        lock (_lock)
        {
            var due = (_time.GetUtcNow() + timeout).UtcTicks;
            _queue.Enqueue(call, (due, ++_sequence));
            _pending++;
            if (due < _armedAt)
            {
                Arm(due);
            }
        }
    }

    /// <summary>A watched call completed (or failed, or expired and then completed).</summary>
    public void Completed()
    {
        lock (_lock)
        {
            if (--_pending == 0)
            {
                // Nothing left to expire: drop the entries of completed calls and stop the clock from stopping for them.
                _queue.Clear();
                _armedAt = long.MaxValue;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnDue()
    {
        List<ICallDeadline>? expired = null;
        lock (_lock)
        {
            _armedAt = long.MaxValue;
            var now = _time.GetUtcNow().UtcTicks;
            while (_queue.TryPeek(out var call, out var key) && key.Due <= now)
            {
                _queue.Dequeue();
                (expired ??= []).Add(call);
            }

            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next.Due);
            }
        }

        if (expired is not null)
        {
            foreach (var call in expired)
            {
                call.Expire();
            }
        }
    }

    private void Arm(long due)
    {
        _armedAt = due;
        var delay = TimeSpan.FromTicks(Math.Max(0, due - _time.GetUtcNow().UtcTicks));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }
}
