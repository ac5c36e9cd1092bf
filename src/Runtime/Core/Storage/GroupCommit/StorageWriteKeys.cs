namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>Key selectors for <see cref="GroupCommitQueue{TOperation, TKey}"/>: the row each kind of write touches.</summary>
internal static class StorageWriteKeys
{
    public static (string, string, string) State(StateWriteOperation operation)
        => (operation.GrainType, operation.GrainKey, operation.StateName);

    public static (string, string, string) Reminder(ReminderWriteOperation operation)
        => (operation.Record.GrainType, operation.Record.GrainKey, operation.Record.Name);
}
