namespace Orleans.Widgets.Runtime.Storage;

/// <summary>A stored reminder. Times are Unix milliseconds (UTC).</summary>
public sealed record ReminderRecord
{
    public required string GrainType { get; init; }

    public required string GrainKey { get; init; }

    public required string Name { get; init; }

    public required int Shard { get; init; }

    /// <summary>When the reminder was first due.</summary>
    public required long StartAt { get; init; }

    /// <summary>When the next tick is due.</summary>
    public required long DueAt { get; init; }

    /// <summary>Period in milliseconds; 0 for a one-shot reminder.</summary>
    public required long PeriodMs { get; init; }

    /// <summary>Bumped by every registration; reschedules and deletes after a tick match on it.</summary>
    public long Version { get; init; }
}

/// <summary>What a reminder write does.</summary>
public enum ReminderWriteKind
{
    /// <summary>Insert or replace; the stored version becomes the old one plus one (1 on insert).</summary>
    Upsert,

    /// <summary>Delete regardless of version (unregister).</summary>
    Delete,

    /// <summary>Set <see cref="ReminderRecord.DueAt"/> if the stored version equals the record's; version unchanged.</summary>
    Reschedule,

    /// <summary>Delete if the stored version equals the record's (a one-shot reminder that fired).</summary>
    DeleteIfVersion,
}

/// <summary>One reminder write in a batch. The store sets <see cref="Outcome"/> and, for upserts, <see cref="NewVersion"/>.</summary>
public sealed class ReminderWriteOperation
{
    public required ReminderWriteKind Kind { get; init; }

    public required ReminderRecord Record { get; init; }

    /// <summary>The lease epoch of <see cref="ReminderRecord.Shard"/> the write is made under.</summary>
    public required long Epoch { get; init; }

    public WriteOutcome Outcome { get; set; }

    public long NewVersion { get; set; }
}
