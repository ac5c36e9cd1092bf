namespace Orleans.Widgets.Runtime;

/// <summary>Delivers calls made through generated grain proxies. Silos and clients each provide one.</summary>
public interface IGrainCallInvoker
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> and returns its result.</summary>
    Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request);

    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> and completes when it has run.</summary>
    Task InvokeAsync(GrainId target, GrainRequest request);
}
