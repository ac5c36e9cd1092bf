using Orleans.Widgets.Runtime.Catalog;

namespace Orleans.Widgets.Runtime.Scheduler;

/// <summary>A queued call with a result.</summary>
internal sealed class RequestWorkItem<TResult> : WorkItem
{
    private readonly GrainRequest<TResult> _request;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestWorkItem(GrainRequest<TResult> request) => _request = request;

    public Task<TResult> Task => _completion.Task;

    public override async Task ExecuteAsync(ActivationData activation)
    {
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

    public RequestWorkItem(GrainRequest request) => _request = request;

    public Task Task => _completion.Task;

    public override async Task ExecuteAsync(ActivationData activation)
    {
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
