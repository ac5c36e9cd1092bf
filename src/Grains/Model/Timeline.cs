namespace Orleans.Widgets.Grains.Model;

/// <summary>Entries ordered by date, and when to ask for the next timeline.</summary>
public sealed record Timeline(IReadOnlyList<TimelineEntry> Entries, ReloadPolicy Policy)
{
    /// <summary>The entry current at <paramref name="now"/>: the last one whose date is not after it, else the first.</summary>
    public TimelineEntry? CurrentEntry(DateTimeOffset now)
    {
        TimelineEntry? current = null;
        foreach (var entry in Entries)
        {
            if (entry.Date > now)
            {
                break;
            }

            current = entry;
        }

        return current ?? (Entries.Count > 0 ? Entries[0] : null);
    }

    /// <summary>The earliest instant the policy allows the next reload; <see langword="null"/> for <c>never</c>.</summary>
    public DateTimeOffset? NextReloadByPolicy(DateTimeOffset loadedAt) => Policy.Type switch
    {
        ReloadPolicyType.AtEnd => Entries.Count > 0 ? Entries[^1].Date : loadedAt,
        ReloadPolicyType.After => Policy.Date,
        _ => null,
    };
}
