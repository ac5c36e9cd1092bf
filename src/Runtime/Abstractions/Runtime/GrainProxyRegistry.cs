using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Orleans.Widgets.Runtime;

/// <summary>
/// Proxy factories per grain interface. Generated module initializers fill it, so creating a proxy
/// never uses reflection.
/// </summary>
public static class GrainProxyRegistry
{
    private static readonly ConcurrentDictionary<Type, Delegate> Factories = new();

    /// <summary>Registers the proxy factory of <typeparamref name="TInterface"/>. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register<TInterface>(Func<GrainId, IGrainCallInvoker, TInterface> factory)
        where TInterface : IGrain => Factories[typeof(TInterface)] = factory;

    /// <summary>Returns the proxy factory of <typeparamref name="TInterface"/>.</summary>
    /// <exception cref="InvalidOperationException">No proxy was generated for the interface.</exception>
    public static Func<GrainId, IGrainCallInvoker, TInterface> GetFactory<TInterface>()
        where TInterface : IGrain => Cache<TInterface>.Factory;

    private static class Cache<TInterface>
        where TInterface : IGrain
    {
        public static readonly Func<GrainId, IGrainCallInvoker, TInterface> Factory = Resolve();

        private static Func<GrainId, IGrainCallInvoker, TInterface> Resolve()
        {
            // The interface's module initializer registers its proxy; make sure it has run.
            RuntimeHelpers.RunModuleConstructor(typeof(TInterface).Module.ModuleHandle);
            return Factories.TryGetValue(typeof(TInterface), out var factory)
                ? (Func<GrainId, IGrainCallInvoker, TInterface>)factory
                : throw new InvalidOperationException(
                    $"No proxy exists for grain interface '{typeof(TInterface).FullName}'. " +
                    "The project that declares it must reference Orleans.Widgets.CodeGenerator as an analyzer.");
        }
    }
}
