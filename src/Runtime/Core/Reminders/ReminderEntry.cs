using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Reminders;

/// <summary>A near-due reminder held in memory. It is live while the service's index maps its key to it.</summary>
internal sealed class ReminderEntry
{
    public ReminderEntry(GrainId grainId, ReminderRecord record, long fireAt)
    {
        GrainId = grainId;
        Record = record;
        FireAt = fireAt;
    }

    public GrainId GrainId { get; }

    public ReminderRecord Record { get; }

    /// <summary>When to deliver: the due time, or later after a failed delivery.</summary>
    public long FireAt { get; }

    public ReminderKey Key => new(GrainId, Record.Name);
}

/// <summary>Identifies a reminder: grain and name.</summary>
internal readonly record struct ReminderKey(GrainId GrainId, string Name);
