using System.Runtime.CompilerServices;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>A pending call that can be failed when its deadline passes; the links are kept by <see cref="CallDeadlines"/>.</summary>
internal interface ICallDeadline
{
    /// <summary>When the call expires, in clock ticks.</summary>
    long Due { get; set; }

    ICallDeadline? Previous { get; set; }

    ICallDeadline? Next { get; set; }

    /// <summary>The lane the call is linked into while it is watched.</summary>
    CallDeadlines.Lane? Lane { get; set; }

    /// <summary>Fails the call with a timeout; does nothing if it has completed already.</summary>
    void Expire();
}

/// <summary>
/// The deadlines of the pending grain calls on one clock, watched by a single timer armed at the earliest of them.
/// A timer per call cost every call that did not finish at once a timer created and disposed in the clock's timer
/// queue (on a simulated clock, two trips through the clock's one lock). Here a call is linked into the lane of its
/// timeout and unlinked when it completes: calls with one timeout expire in the order they were made, so each lane
/// is a queue ordered by deadline and the timer only needs its heads. Calls still expire each at its own deadline.
/// </summary>
internal sealed class CallDeadlines
{
    private static readonly ConditionalWeakTable<TimeProvider, CallDeadlines> ByClock = new();

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly List<Lane> _lanes = [];
    private readonly ITimer _timer;
    private long _armedAt = long.MaxValue;

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
            var lane = LaneFor(timeout.Ticks);
            var due = (_time.GetUtcNow() + timeout).UtcTicks;

            // A wall clock set back must not break the lane's order; such a call expires with the one before it.
            if (lane.Tail is { } tail && tail.Due > due)
            {
                due = tail.Due;
            }

            call.Due = due;
            call.Lane = lane;
            call.Previous = lane.Tail;
            call.Next = null;
            if (lane.Tail is null)
            {
                lane.Head = call;
            }
            else
            {
                lane.Tail.Next = call;
            }

            lane.Tail = call;
            if (due < _armedAt)
            {
                Arm(due);
            }
        }
    }

    /// <summary>A watched call completed (or failed); a call that expired already is not watched any more.</summary>
    public void Completed(ICallDeadline call)
    {
        lock (_lock)
        {
            if (call.Lane is not { } lane)
            {
                return;
            }

            Unlink(lane, call);
            if (_armedAt != long.MaxValue && _lanes.TrueForAll(static l => l.Head is null))
            {
                // Nothing left to expire: a simulated clock need not stop for the timer.
                _armedAt = long.MaxValue;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private Lane LaneFor(long timeoutTicks)
    {
        foreach (var lane in _lanes)
        {
            if (lane.TimeoutTicks == timeoutTicks)
            {
                return lane;
            }
        }

        var added = new Lane(timeoutTicks);
        _lanes.Add(added);
        return added;
    }

    private void Unlink(Lane lane, ICallDeadline call)
    {
        if (call.Previous is null)
        {
            lane.Head = call.Next;
        }
        else
        {
            call.Previous.Next = call.Next;
        }

        if (call.Next is null)
        {
            lane.Tail = call.Previous;
        }
        else
        {
            call.Next.Previous = call.Previous;
        }

        call.Previous = call.Next = null;
        call.Lane = null;
    }

    private void OnDue()
    {
        List<ICallDeadline>? expired = null;
        lock (_lock)
        {
            _armedAt = long.MaxValue;
            var now = _time.GetUtcNow().UtcTicks;
            var next = long.MaxValue;
            foreach (var lane in _lanes)
            {
                while (lane.Head is { } head && head.Due <= now)
                {
                    Unlink(lane, head);
                    (expired ??= []).Add(head);
                }

                if (lane.Head is { } waiting && waiting.Due < next)
                {
                    next = waiting.Due;
                }
            }

            if (next != long.MaxValue)
            {
                Arm(next);
            }
        }

        if (expired is not null)
        {
            // Each lane is in deadline order; across lanes, the sort restores it.
            expired.Sort(static (a, b) => a.Due.CompareTo(b.Due));

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

    /// <summary>The watched calls of one timeout, oldest first.</summary>
    internal sealed class Lane(long timeoutTicks)
    {
        public long TimeoutTicks { get; } = timeoutTicks;

        public ICallDeadline? Head { get; set; }

        public ICallDeadline? Tail { get; set; }
    }
}
