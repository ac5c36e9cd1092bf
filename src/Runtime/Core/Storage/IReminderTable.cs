namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Reminder rows: the truth about which reminders exist and when they are due.</summary>
public interface IReminderTable
{
    /// <summary>Reminders of <paramref name="shards"/> due in [<paramref name="fromInclusive"/>, <paramref name="untilExclusive"/>), ordered by due time.</summary>
    Task<IReadOnlyList<ReminderRecord>> ReadDueAsync(IReadOnlyCollection<int> shards, long fromInclusive, long untilExclusive, CancellationToken cancellationToken);

    /// <summary>All reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderRecord>> ReadGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken);

    /// <summary>One reminder, or <see langword="null"/>.</summary>
    Task<ReminderRecord?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch in one transaction, fenced like <see cref="IGrainStateStore.WriteAsync"/>; sets each outcome.
    /// Reschedule and DeleteIfVersion get <see cref="WriteOutcome.VersionMismatch"/> when the version moved or the row is gone.
    /// </summary>
    Task WriteAsync(string owner, IReadOnlyList<ReminderWriteOperation> batch, CancellationToken cancellationToken);

    /// <summary>Number of stored reminders, for diagnostics.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}
