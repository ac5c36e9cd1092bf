using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>Carries state writes to the store, fenced under this silo's identity.</summary>
internal sealed class StateWriter : IAsyncDisposable
{
    private readonly IRuntimeStore _store;
    private readonly string _owner;

    public StateWriter(IRuntimeStore store, string owner, StorageOptions options)
    {
        _store = store;
        _owner = owner;
        _ = options;
    }

    public Task WriteAsync(StateWriteOperation operation)
        => _store.States.WriteAsync(_owner, [operation], CancellationToken.None);

    public Task WriteReminderAsync(ReminderWriteOperation operation)
        => _store.Reminders.WriteAsync(_owner, [operation], CancellationToken.None);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
