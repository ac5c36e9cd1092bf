namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>Key selectors for <see cref="GroupCommitQueue{TOperation, TKey}"/>: the row each kind of write touches.</summary>
internal static class StorageWriteKeys
{
    public static StorageRowKey State(StateWriteOperation operation)
        => new(operation.GrainType, operation.GrainKey, operation.StateName);

    public static StorageRowKey Reminder(ReminderWriteOperation operation)
        => new(operation.Record.GrainType, operation.Record.GrainKey, operation.Record.Name);
}
