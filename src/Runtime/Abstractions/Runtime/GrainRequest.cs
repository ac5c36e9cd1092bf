namespace Orleans.Widgets.Runtime;

/// <summary>A call to a grain method that returns no value.</summary>
public abstract class GrainRequest : GrainRequestBase
{
    /// <summary>Runs the method on <paramref name="grain"/>, which implements <see cref="GrainRequestBase.InterfaceType"/>.</summary>
    public abstract Task Invoke(object grain);
}

/// <summary>A call to a grain method that returns a <typeparamref name="TResult"/>.</summary>
public abstract class GrainRequest<TResult> : GrainRequestBase
{
    /// <summary>Runs the method on <paramref name="grain"/>, which implements <see cref="GrainRequestBase.InterfaceType"/>.</summary>
    public abstract Task<TResult> Invoke(object grain);
}
