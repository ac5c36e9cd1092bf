using Orleans.Widgets.Runtime.Diagnostics;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>
/// Gives a caller a task that fails with <see cref="TimeoutException"/> when the call has not completed in time.
/// Only calls that did not complete synchronously pay for it (one timer each).
/// </summary>
internal static class CallTimeout
{
    public static Task<TResult> Apply<TResult>(Task<TResult> task, TimeSpan timeout, TimeProvider time, GrainId target, GrainRequestBase request)
    {
        if (task.IsCompleted)
        {
            return task;
        }

        var pending = new Pending<TResult>(task, target, request);
        pending.Start(timeout, time);
        return pending.Task;
    }

    public static Task Apply(Task task, TimeSpan timeout, TimeProvider time, GrainId target, GrainRequestBase request)
    {
        if (task.IsCompleted)
        {
            return task;
        }

        var pending = new Pending<bool>(WrapVoid(task), target, request);
        pending.Start(timeout, time);
        return pending.Task;
    }

    private static async Task<bool> WrapVoid(Task task)
    {
        await task;
        return true;
    }

    private sealed class Pending<TResult> : TaskCompletionSource<TResult>
    {
        private readonly Task<TResult> _inner;
        private readonly GrainId _target;
        private readonly GrainRequestBase _request;
        private ITimer? _timer;

        public Pending(Task<TResult> inner, GrainId target, GrainRequestBase request)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _inner = inner;
            _target = target;
            _request = request;
        }

        public void Start(TimeSpan timeout, TimeProvider time)
        {
            _timer = time.CreateTimer(static s => ((Pending<TResult>)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
            _inner.ContinueWith(
                static (t, s) => ((Pending<TResult>)s!).OnCompleted(t),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnCompleted(Task<TResult> task)
        {
            _timer?.Dispose();
            if (task.IsCanceled)
            {
                TrySetCanceled();
            }
            else if (task.IsFaulted)
            {
                TrySetException(task.Exception!.InnerExceptions);
            }
            else
            {
                TrySetResult(task.Result);
            }
        }

        private void OnTimeout()
        {
            if (TrySetException(new TimeoutException($"No response from {_target} to {_request} within the response timeout.")))
            {
                RuntimeInstruments.CallTimeouts.Add(1);
            }

            _timer?.Dispose();
        }
    }
}
