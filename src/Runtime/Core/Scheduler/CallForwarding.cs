namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>Copies the outcome of a re-sent call into the completion its original caller awaits.</summary>
internal static class CallForwarding
{
    public static void Forward<TResult>(Task<TResult> task, TaskCompletionSource<TResult> completion)
        => task.ContinueWith(
            static (t, s) =>
            {
                var c = (TaskCompletionSource<TResult>)s!;
                if (t.IsCanceled)
                {
                    c.TrySetCanceled();
                }
                else if (t.IsFaulted)
                {
                    c.TrySetException(t.Exception!.InnerExceptions);
                }
                else
                {
                    c.TrySetResult(t.Result);
                }
            },
            completion,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public static void Forward(Task task, TaskCompletionSource completion)
        => task.ContinueWith(
            static (t, s) =>
            {
                var c = (TaskCompletionSource)s!;
                if (t.IsCanceled)
                {
                    c.TrySetCanceled();
                }
                else if (t.IsFaulted)
                {
                    c.TrySetException(t.Exception!.InnerExceptions);
                }
                else
                {
                    c.TrySetResult();
                }
            },
            completion,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
