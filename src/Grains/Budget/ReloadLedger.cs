namespace Orleans.Widgets.Grains.Budget;

/// <summary>
/// One widget's counted reloads of the last <see cref="Window"/> (older ones are pruned), and the time
/// of its last reload of any kind. The widget records a reload only once it succeeded, so a failed
/// provider call never consumes budget.
/// </summary>
public sealed class ReloadLedger
{
    /// <summary>How long a counted reload stays in the ledger: the rolling budget window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A hard cap on stored entries (the largest daily limit is far below it); the oldest go first.</summary>
    public const int MaxEntries = 256;

    /// <summary>The instants of counted reloads within the last <see cref="Window"/>, oldest first.</summary>
    public List<DateTimeOffset> Counted { get; set; } = [];

    /// <summary>The last reload of any kind, counted or exempt.</summary>
    public DateTimeOffset? LastReloadAt { get; set; }

    /// <summary>The last counted reload, kept even after it left the window.</summary>
    public DateTimeOffset? LastCountedAt { get; set; }

    /// <summary>Records a counted reload that succeeded at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at) => Record(at, counted: true);

    /// <summary>Records a reload that succeeded at <paramref name="at"/>; only a counted one enters the window.</summary>
    public void Record(DateTimeOffset at, bool counted)
    {
        if (LastReloadAt is null || at > LastReloadAt)
        {
            LastReloadAt = at;
        }

        if (!counted)
        {
            Prune(LastReloadAt ?? at);
            return;
        }

        if (LastCountedAt is null || at > LastCountedAt)
        {
            LastCountedAt = at;
        }

        var index = Counted.Count;
        while (index > 0 && Counted[index - 1] > at)
        {
            index--;
        }

        Counted.Insert(index, at);
        Prune(LastReloadAt ?? at);
    }

    /// <summary>Drops counted reloads that left the rolling window ending at <paramref name="now"/> (at or before now − <see cref="Window"/>).</summary>
    public void Prune(DateTimeOffset now)
    {
        var cutoff = now - Window;
        var drop = 0;
        while (drop < Counted.Count && Counted[drop] <= cutoff)
        {
            drop++;
        }

        drop = Math.Max(drop, Counted.Count - MaxEntries);
        if (drop > 0)
        {
            Counted.RemoveRange(0, drop);
        }
    }

    /// <summary>The number of counted reloads after <paramref name="after"/> (for the rolling window: after now − <see cref="Window"/>).</summary>
    public int CountSince(DateTimeOffset after)
    {
        var count = 0;
        foreach (var at in Counted)
        {
            if (at > after)
            {
                count++;
            }
        }

        return count;
    }
}
