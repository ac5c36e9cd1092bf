using Orleans.Widgets.Runtime.Reminders;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>
/// Knows when a silo on a simulated clock has nothing left to do: no activation with a queued or running turn, no
/// reminder delivery or load in flight. Counting costs an interlocked operation per turn, so it is only on when
/// the clock is simulated.
/// </summary>
internal sealed class SiloQuiescence : ISiloQuiescence
{
    private readonly Func<ReminderService?> _reminders;
    private int _busy;
    private TaskCompletionSource? _idle;

    public SiloQuiescence(Func<ReminderService?> reminders) => _reminders = reminders;

    public int BusyActivations => Volatile.Read(ref _busy);

    /// <remarks>
    /// Lock-free: every turn starts and ends here, from every thread, and a lock made them all queue on it. A waiter
    /// publishes its completion source before looking at the count again, so a count reaching zero either finds it
    /// or is seen by the waiter.
    /// </remarks>
    public void OnActivationBusy(bool busy)
    {
        if (busy)
        {
            Interlocked.Increment(ref _busy);
        }
        else if (Interlocked.Decrement(ref _busy) == 0)
        {
            Interlocked.Exchange(ref _idle, null)?.TrySetResult();
        }
    }

    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_reminders() is { } reminders)
            {
                await reminders.WhenIdleAsync().WaitAsync(cancellationToken);
            }

            var activations = Task.CompletedTask;
            if (Volatile.Read(ref _busy) != 0)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var idle = Interlocked.CompareExchange(ref _idle, fresh, null) ?? fresh;
                if (Volatile.Read(ref _busy) == 0)
                {
                    Interlocked.Exchange(ref _idle, null)?.TrySetResult();
                }

                activations = idle.Task;
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
