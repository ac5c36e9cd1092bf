using Orleans.Widgets.Runtime.Reminders;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>
/// Knows when a silo on a simulated clock has nothing left to do: no activation with a queued or running turn, no
/// reminder delivery or load in flight. Counting costs an interlocked operation per turn, so it is only on when
/// the clock is simulated.
/// </summary>
internal sealed class SiloQuiescence : ISiloQuiescence
{
    private readonly Lock _lock = new();
    private readonly Func<ReminderService?> _reminders;
    private int _busy;
    private TaskCompletionSource? _idle;

    public SiloQuiescence(Func<ReminderService?> reminders) => _reminders = reminders;

    public int BusyActivations => Volatile.Read(ref _busy);

    public void OnActivationBusy(bool busy)
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _busy += busy ? 1 : -1;
            if (_busy == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_reminders() is { } reminders)
            {
                await reminders.WhenIdleAsync().WaitAsync(cancellationToken);
            }

            Task activations;
            lock (_lock)
            {
                if (_busy == 0)
                {
                    activations = Task.CompletedTask;
                }
                else
                {
                    _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    activations = _idle.Task;
                }
            }

            await activations.WaitAsync(cancellationToken);

            // Let continuations of the last turns run, then check both again: one kind of work starts the other.
            await Task.Yield();
            if (BusyActivations == 0 && (_reminders() is not { } r || r.WhenIdleAsync().IsCompleted))
            {
                return;
            }
        }
    }
}
