namespace Orleans.Widgets.Runtime.Storage.Memory;

internal sealed class MemoryGrainStateStore(MemoryDatabase database) : IGrainStateStore
{
    public Task<GrainStateRecord?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            return Task.FromResult(database.States.GetValueOrDefault((grainType, grainKey, stateName)));
        }
    }

    public Task WriteAsync(string owner, IReadOnlyList<StateWriteOperation> batch, CancellationToken cancellationToken)
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

    private WriteOutcome Apply(string owner, StateWriteOperation op)
    {
        if (!database.Holds(owner, op.Fence.Shard, op.Fence.Epoch))
        {
            return WriteOutcome.NotOwner;
        }

        var key = (op.GrainType, op.GrainKey, op.StateName);
        var exists = database.States.TryGetValue(key, out var stored);
        if (op.ExpectedVersion is null ? exists : !exists || stored!.Version != op.ExpectedVersion)
        {
            return WriteOutcome.VersionMismatch;
        }

        // Kept as is, not copied: the payload is the writer's to hand over (see StateWriteOperation.Payload).
        database.States[key] = new GrainStateRecord(op.NewVersion, op.Payload);
        if (op.Payload is null && op.RemoveReminders)
        {
            var doomed = database.Reminders.Keys
                .Where(k => string.Equals(k.GrainType, op.GrainType, StringComparison.Ordinal) && string.Equals(k.GrainKey, op.GrainKey, StringComparison.Ordinal))
                .ToList();
            foreach (var reminder in doomed)
            {
                database.Reminders.Remove(reminder);
            }
        }

        return WriteOutcome.Written;
    }
}
