namespace Orleans.Widgets.Runtime.Storage.GroupCommit;

/// <summary>Key selectors for <see cref="GroupCommitQueue{TOperation}"/>: the row each kind of write touches.</summary>
internal static class StorageWriteKeys
{
    public static object State(StateWriteOperation operation)
        => (operation.GrainType, operation.GrainKey, operation.StateName);

    public static object Reminder(ReminderWriteOperation operation)
        => (operation.Record.GrainType, operation.Record.GrainKey, operation.Record.Name);
}
