namespace Orleans.Widgets.Runtime;

/// <summary>Creates proxies that deliver calls through one <see cref="IGrainCallInvoker"/>.</summary>
public sealed class GrainFactory : IGrainFactory
{
    private readonly IGrainCallInvoker _invoker;
    private readonly IGrainTypeResolver _types;

    /// <summary>Creates a factory.</summary>
    public GrainFactory(IGrainCallInvoker invoker, IGrainTypeResolver types)
    {
        _invoker = invoker;
        _types = types;
    }

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(primaryKey);
        var type = _types.GetGrainType(typeof(TGrainInterface));
        return GrainProxyRegistry.GetFactory<TGrainInterface>()(new GrainId(type, primaryKey), _invoker);
    }
}
