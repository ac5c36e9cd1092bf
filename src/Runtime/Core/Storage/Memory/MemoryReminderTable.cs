namespace Orleans.Widgets.Runtime.Storage.Memory;

internal sealed class MemoryReminderTable(MemoryDatabase database) : IReminderTable
{
    public Task<IReadOnlyList<ReminderRecord>> ReadDueAsync(IReadOnlyCollection<int> shards, long fromInclusive, long untilExclusive, CancellationToken cancellationToken)
    {
        var wanted = shards.ToHashSet();
        lock (database.Sync)
        {
            IReadOnlyList<ReminderRecord> due = database.Reminders.Values
                .Where(r => r.DueAt >= fromInclusive && r.DueAt < untilExclusive && wanted.Contains(r.Shard))
                .OrderBy(r => r.DueAt)
                .ToList();
            return Task.FromResult(due);
        }
    }

    public Task<IReadOnlyList<ReminderRecord>> ReadGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            IReadOnlyList<ReminderRecord> reminders = database.Reminders.Values
                .Where(r => string.Equals(r.GrainType, grainType, StringComparison.Ordinal) && string.Equals(r.GrainKey, grainKey, StringComparison.Ordinal))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(reminders);
        }
    }

    public Task<ReminderRecord?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            return Task.FromResult(database.Reminders.GetValueOrDefault((grainType, grainKey, name)));
        }
    }

    public Task WriteAsync(string owner, IReadOnlyList<ReminderWriteOperation> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (database.Sync)
        {
            foreach (var op in batch)
            {
                op.Outcome = Apply(owner, op);
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            return Task.FromResult((long)database.Reminders.Count);
        }
    }

    private WriteOutcome Apply(string owner, ReminderWriteOperation op)
    {
        var record = op.Record;
        if (!database.Holds(owner, record.Shard, op.Epoch))
        {
            return WriteOutcome.NotOwner;
        }

        var key = (record.GrainType, record.GrainKey, record.Name);
        var exists = database.Reminders.TryGetValue(key, out var stored);
        switch (op.Kind)
        {
            case ReminderWriteKind.Upsert:
                op.NewVersion = exists ? stored!.Version + 1 : 1;
                database.Reminders[key] = record with { Version = op.NewVersion };
                return WriteOutcome.Written;
            case ReminderWriteKind.Delete:
                database.Reminders.Remove(key);
                return WriteOutcome.Written;
            case ReminderWriteKind.Reschedule:
                if (!exists || stored!.Version != record.Version)
                {
                    return WriteOutcome.VersionMismatch;
                }

                database.Reminders[key] = stored with { DueAt = record.DueAt };
                return WriteOutcome.Written;
            case ReminderWriteKind.DeleteIfVersion:
                if (!exists || stored!.Version != record.Version)
                {
                    return WriteOutcome.VersionMismatch;
                }

                database.Reminders.Remove(key);
                return WriteOutcome.Written;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown reminder write.");
        }
    }
}
