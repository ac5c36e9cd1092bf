using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>
/// A near-due reminder held in memory, flat so that hundreds of thousands stay small (no record object per
/// entry). It is live while the service's index maps its key to it.
/// </summary>
internal sealed class ReminderEntry
{
    public ReminderEntry(GrainId grainId, ReminderRecord record, long fireAt)
    {
        GrainId = grainId;
        Name = record.Name;
        Shard = record.Shard;
        StartAt = record.StartAt;
        DueAt = record.DueAt;
        PeriodMs = record.PeriodMs;
        Version = record.Version;
        FireAt = fireAt;
    }

    private ReminderEntry(ReminderEntry entry, long fireAt)
    {
        GrainId = entry.GrainId;
        Name = entry.Name;
        Shard = entry.Shard;
        StartAt = entry.StartAt;
        DueAt = entry.DueAt;
        PeriodMs = entry.PeriodMs;
        Version = entry.Version;
        FireAt = fireAt;
    }

    public GrainId GrainId { get; }

    public string Name { get; }

    public int Shard { get; }

    public long StartAt { get; }

    public long DueAt { get; }

    public long PeriodMs { get; }

    public long Version { get; }

    /// <summary>When to deliver: the due time, or later after a failed delivery.</summary>
    public long FireAt { get; }

    public ReminderKey Key => new(GrainId, Name);

    /// <summary>The same tick, to be tried again at <paramref name="fireAt"/>.</summary>
    public ReminderEntry RetryAt(long fireAt) => new(this, fireAt);

    public ReminderRecord ToRecord(long dueAt) => new()
    {
        GrainType = GrainId.Type.Value,
        GrainKey = GrainId.Key,
        Name = Name,
        Shard = Shard,
        StartAt = StartAt,
        DueAt = dueAt,
        PeriodMs = PeriodMs,
        Version = Version,
    };
}

/// <summary>Identifies a reminder: grain and name.</summary>
internal readonly record struct ReminderKey(GrainId GrainId, string Name);
