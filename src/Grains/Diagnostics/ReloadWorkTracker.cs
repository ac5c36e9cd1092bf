using Microsoft.Extensions.Logging;

namespace Orleans.Widgets.Grains.Diagnostics;

/// <summary>
/// Background work the domain starts outside a grain turn (fan-outs, provider result delivery), counted so a
/// simulated clock can wait until everything a tick started has finished, and failures are logged, never lost silently.
/// </summary>
public sealed partial class ReloadWorkTracker
{
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private int _outstanding;
    private TaskCompletionSource? _idle;

    public ReloadWorkTracker(ILogger<ReloadWorkTracker> logger) => _logger = logger;

    /// <summary>Work started and not yet finished.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _outstanding;
            }
        }
    }

    /// <summary>Counts <paramref name="work"/> until it completes; logs its failure.</summary>
    public void Track(Task work, string what)
    {
        lock (_lock)
        {
            _outstanding++;
        }

        work.ContinueWith(
            (t, s) =>
            {
                var tracker = (ReloadWorkTracker)s!;
                if (t.IsFaulted)
                {
                    tracker.LogWorkFailed(t.Exception!.GetBaseException(), what);
                }

                tracker.Done();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Completes when no tracked work is outstanding.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_outstanding == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private void Done()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_outstanding == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    [LoggerMessage(1, LogLevel.Warning, "Background work failed: {What}.")]
    private partial void LogWorkFailed(Exception exception, string what);
}
