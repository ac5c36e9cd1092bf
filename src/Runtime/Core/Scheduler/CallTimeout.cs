using Orleans.Widgets.Runtime.Diagnostics;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>
/// Gives a caller a task that fails with <see cref="TimeoutException"/> when the call has not completed in time.
/// Only calls that did not complete synchronously pay for it: one entry in the clock's <see cref="CallDeadlines"/>.
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
        private CallDeadlines? _deadlines;

        // A plain Task as the inner call completes this one with default.
        public Pending(Task inner, GrainId target, GrainRequestBase request)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _inner = inner;
            _target = target;
            _request = request;
        }

        public long Due { get; set; }

        public ICallDeadline? Previous { get; set; }

        public ICallDeadline? Next { get; set; }

        public CallDeadlines.Lane? Lane { get; set; }

        public void Start(TimeSpan timeout, TimeProvider time)
        {
            _deadlines = CallDeadlines.For(time);
            _deadlines.Add(this, timeout);
            _inner.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnCompleted);
        }

        private void OnCompleted()
        {
            _deadlines!.Completed(this);
            if (_inner.IsCanceled)
            {
                TrySetCanceled();
            }
            else if (_inner.IsFaulted)
            {
                TrySetException(_inner.Exception!.InnerExceptions);
            }
            else
            {
                TrySetResult(_inner is Task<TResult> typed ? typed.Result : default!);
            }
        }

        public void Expire()
        {
            if (TrySetException(new TimeoutException($"No response from {_target} to {_request} within the response timeout.")))
            {
                RuntimeInstruments.CallTimeouts.Add(1);
            }
        }
    }
}
