using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Messaging;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>A queued call with a result.</summary>
internal sealed class RequestWorkItem<TResult> : WorkItem
{
    private readonly GrainRequest<TResult> _request;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly long _deadline = CallDeadline.Current;

    public RequestWorkItem(GrainRequest<TResult> request) => _request = request;

    public Task<TResult> Task => _completion.Task;

    public override async Task ExecuteAsync(ActivationData activation)
    {
        // The turn runs on the activation's loop, not the caller's context: carry the call chain's deadline over.
        if (_deadline != CallDeadline.Current)
        {
            CallDeadline.Current = _deadline;
        }

        try
        {
            _completion.TrySetResult(await _request.Invoke(activation.GrainInstanceOrThrow));
        }
        catch (OperationCanceledException ex)
        {
            _completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    public override void Redirect(SiloRuntime runtime, GrainId target)
        => CallForwarding.Forward(runtime.InvokeAsync(target, _request), _completion);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>A queued call without a result.</summary>
internal sealed class RequestWorkItem : WorkItem
{
    private readonly GrainRequest _request;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly long _deadline = CallDeadline.Current;

    public RequestWorkItem(GrainRequest request) => _request = request;

    public Task Task => _completion.Task;

    public override async Task ExecuteAsync(ActivationData activation)
    {
        if (_deadline != CallDeadline.Current)
        {
            CallDeadline.Current = _deadline;
        }

        try
        {
            await _request.Invoke(activation.GrainInstanceOrThrow);
            _completion.TrySetResult();
        }
        catch (OperationCanceledException ex)
        {
            _completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    public override void Redirect(SiloRuntime runtime, GrainId target)
        => CallForwarding.Forward(runtime.InvokeAsync(target, _request), _completion);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
