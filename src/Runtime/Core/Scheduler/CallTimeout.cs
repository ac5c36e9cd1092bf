using Orleans.Widgets.Runtime.Diagnostics;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>
/// Gives a caller a task that fails with <see cref="TimeoutException"/> when the call has not completed in time.
/// Only calls that did not complete synchronously pay for it: one timer each on the system clock, one entry in the
/// clock's <see cref="CallDeadlines"/> on a simulated clock.
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

        var pending = new Pending<bool>(task, target, request);
        pending.Start(timeout, time);
        return pending.Task;
    }

    private sealed class Pending<TResult> : TaskCompletionSource<TResult>, ICallDeadline
    {
        private readonly Task _inner;
        private readonly GrainId _target;
        private readonly GrainRequestBase _request;
        private ITimer? _timer;
        private CallDeadlines? _deadlines;

        // A plain Task as the inner call completes this one with default.
        public Pending(Task inner, GrainId target, GrainRequestBase request)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _inner = inner;
            _target = target;
            _request = request;
        }

        public void Start(TimeSpan timeout, TimeProvider time)
        {
            if (time is SimulatedTimeProvider)
            {
                _deadlines = CallDeadlines.For(time);
                _deadlines.Add(this, timeout);
            }
            else
            {
                _timer = time.CreateTimer(static s => ((Pending<TResult>)s!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
            }

            _inner.ContinueWith(
                static (t, s) => ((Pending<TResult>)s!).OnCompleted(t),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnCompleted(Task task)
        {
            _timer?.Dispose();
            _deadlines?.Completed();
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
                TrySetResult(task is Task<TResult> typed ? typed.Result : default!);
            }
        }

        public void Expire()
        {
            if (TrySetException(new TimeoutException($"No response from {_target} to {_request} within the response timeout.")))
            {
                RuntimeInstruments.CallTimeouts.Add(1);
            }

            _timer?.Dispose();
        }
    }
}
