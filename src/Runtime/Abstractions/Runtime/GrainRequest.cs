using System.ComponentModel;
using Orleans.Widgets.Runtime.Serialization;

namespace Orleans.Widgets.Runtime;

/// <summary>A call to a grain method that returns no value.</summary>
public abstract class GrainRequest : GrainRequestBase
{
    /// <summary>Runs the method on <paramref name="grain"/>, which implements <see cref="GrainRequestBase.InterfaceType"/>.</summary>
    public abstract Task Invoke(object grain);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override async Task<object?> InvokeUntypedAsync(IGrainCallInvoker invoker, GrainId target)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        await invoker.InvokeAsync(target, this).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override void WriteResultUntyped(WireWriter writer, object? result)
    {
    }
}

/// <summary>A call to a grain method that returns a <typeparamref name="TResult"/>.</summary>
public abstract class GrainRequest<TResult> : GrainRequestBase
{
    /// <summary>Runs the method on <paramref name="grain"/>, which implements <see cref="GrainRequestBase.InterfaceType"/>.</summary>
    public abstract Task<TResult> Invoke(object grain);

    /// <summary>Writes a result of this method. Generated.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public virtual void WriteResult(WireWriter writer, TResult result)
        => throw new NotSupportedException($"{this} has no result codec; regenerate its proxy.");

    /// <summary>Reads a result of this method. Generated.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public virtual TResult ReadResult(WireReader reader)
        => throw new NotSupportedException($"{this} has no result codec; regenerate its proxy.");

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override async Task<object?> InvokeUntypedAsync(IGrainCallInvoker invoker, GrainId target)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        return await invoker.InvokeAsync(target, this).ConfigureAwait(false);
    }

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override void WriteResultUntyped(WireWriter writer, object? result) => WriteResult(writer, (TResult)result!);
}
