using Orleans.Widgets.Runtime.Configuration;
using Orleans.Widgets.Runtime.Storage.GroupCommit;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>
/// Carries state and reminder writes to the store through group commit, fenced under this silo's identity:
/// concurrent writes share one transaction, and each caller resumes when its batch is durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly GroupCommitQueue<StateWriteOperation, StorageRowKey> _states;
    private readonly GroupCommitQueue<ReminderWriteOperation, StorageRowKey> _reminders;

    /// <summary>Writes under <paramref name="owner"/>: the current lease owner (the silo's incarnation id), read for every batch.</summary>
    public GroupCommitWriter(IRuntimeStore store, Func<string> owner, StorageOptions options)
    {
        _states = new GroupCommitQueue<StateWriteOperation, StorageRowKey>(
            (batch, ct) => store.States.WriteAsync(owner(), batch, ct),
            StorageWriteKeys.State,
            "state",
            options.GroupCommit,
            options.MaxBatchSize,
            options.MaxPoolSize,
            options.ConcurrentFlushes);
        _reminders = new GroupCommitQueue<ReminderWriteOperation, StorageRowKey>(
            (batch, ct) => store.Reminders.WriteAsync(owner(), batch, ct),
            StorageWriteKeys.Reminder,
            "reminder",
            options.GroupCommit,
            options.MaxBatchSize,
            options.MaxPoolSize,
            options.ConcurrentFlushes);
    }

    public Task WriteAsync(StateWriteOperation operation) => _states.EnqueueAsync(operation);

    public Task WriteReminderAsync(ReminderWriteOperation operation) => _reminders.EnqueueAsync(operation);

    /// <summary>Flushes everything queued, then refuses new writes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _states.DisposeAsync();
        await _reminders.DisposeAsync();
    }
}
