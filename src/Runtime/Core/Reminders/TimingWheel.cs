namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>
/// A hashed timing wheel over Unix-millisecond due times: O(1) to add, and advancing touches only the slots that
/// passed. Items due beyond one turn of the wheel simply stay in their slot until their time comes.
/// Not thread-safe; the owner locks.
/// </summary>
/// <remarks>
/// <see cref="NextDue"/> is asked after every <see cref="Add"/> (the owner re-arms its timer), so the answer is kept
/// between calls: adding can only lower it (to the added item's due time), and only advancing or removing, which
/// drop items, make it scan again. The cached answer is therefore always the due time of an item held and never
/// later than the scan would give, so a timer armed from it never fires late; at worst it fires once for nothing.
/// </remarks>
internal sealed class TimingWheel<T>
    where T : class
{
    private readonly Func<T, long> _dueAt;
    private readonly long _slotMs;
    private readonly List<T>?[] _slots;
    private List<T> _overdue = [];
    private long _cursorSlot;

    // The last answer of NextDue (lowered by Add), valid while _nextDueKnown; advancing or removing makes it scan again.
    private long? _nextDue;
    private bool _nextDueKnown;

    public TimingWheel(long nowMs, long slotMs, int slotCount, Func<T, long> dueAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        _slotMs = slotMs;
        _slots = new List<T>?[slotCount];
        _dueAt = dueAt;
        _cursorSlot = SlotOf(nowMs);
    }

    public int Count { get; private set; }

    public void Add(T item)
    {
        var slot = SlotOf(_dueAt(item));
        var list = slot < _cursorSlot ? _overdue : (_slots[Index(slot)] ??= []);
        list.Add(item);
        Count++;
        if (_nextDueKnown)
        {
            var due = slot < _cursorSlot ? long.MinValue : _dueAt(item);
            _nextDue = _nextDue is { } known && known <= due ? known : due;
        }
    }

    /// <summary>Moves to <paramref name="nowMs"/> and appends every item due at or before it to <paramref name="due"/>.</summary>
    public void Advance(long nowMs, List<T> due)
    {
        _nextDueKnown = false;
        if (_overdue.Count > 0)
        {
            due.AddRange(_overdue);
            Count -= _overdue.Count;
            _overdue = [];
        }

        var nowSlot = SlotOf(nowMs);
        var last = Math.Min(nowSlot, _cursorSlot + _slots.Length - 1);
        for (var slot = _cursorSlot; slot <= last; slot++)
        {
            var list = _slots[Index(slot)];
            if (list is null || list.Count == 0)
            {
                continue;
            }

            var kept = 0;
            for (var i = 0; i < list.Count; i++)
            {
                var item = list[i];
                if (_dueAt(item) <= nowMs)
                {
                    due.Add(item);
                }
                else
                {
                    list[kept++] = item;
                }
            }

            Count -= list.Count - kept;
            list.RemoveRange(kept, list.Count - kept);
        }

        _cursorSlot = Math.Max(_cursorSlot, nowSlot);
    }

    /// <summary>
    /// The earliest due time held, or <see langword="null"/> when empty. Scans from the cursor to the first
    /// non-empty slot: callers keep items within one turn of the wheel, so that slot holds the earliest.
    /// </summary>
    public long? NextDue()
    {
        if (!_nextDueKnown)
        {
            _nextDue = ScanNextDue();
            _nextDueKnown = true;
        }

        return _nextDue;
    }

    private long? ScanNextDue()
    {
        if (_overdue.Count > 0)
        {
            return long.MinValue;
        }

        if (Count == 0)
        {
            return null;
        }

        for (var slot = _cursorSlot; slot < _cursorSlot + _slots.Length; slot++)
        {
            if (_slots[Index(slot)] is { Count: > 0 } list)
            {
                var earliest = long.MaxValue;
                foreach (var item in list)
                {
                    earliest = Math.Min(earliest, _dueAt(item));
                }

                return earliest;
            }
        }

        return null;
    }

    /// <summary>Removes every item matching <paramref name="predicate"/> (rare: shard loss, cleared grains).</summary>
    public void RemoveWhere(Predicate<T> predicate)
    {
        _nextDueKnown = false;
        Count -= _overdue.RemoveAll(predicate);
        foreach (var list in _slots)
        {
            if (list is not null)
            {
                Count -= list.RemoveAll(predicate);
            }
        }
    }

    private long SlotOf(long ms) => Math.DivRem(ms, _slotMs, out var rem) - (rem < 0 ? 1 : 0);

    private int Index(long slot) => (int)(((slot % _slots.Length) + _slots.Length) % _slots.Length);
}
