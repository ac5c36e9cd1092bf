using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.CodeGenerator.Tests;

/// <summary>A call invoker that records each request and runs it on a local object.</summary>
internal sealed class RecordingInvoker(object grain) : IGrainCallInvoker
{
    public List<(GrainId Target, GrainRequestBase Request)> Calls { get; } = [];

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        Calls.Add((target, request));
        return request.Invoke(grain);
    }

    public Task InvokeAsync(GrainId target, GrainRequest request)
    {
        Calls.Add((target, request));
        return request.Invoke(grain);
    }
}
