using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Widgets.Hosting;

/// <summary>Configures the runtime: which assemblies hold grain classes.</summary>
public sealed class WidgetsRuntimeBuilder
{
    internal WidgetsRuntimeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal HashSet<Assembly> GrainAssemblies { get; } = [];

    /// <summary>Adds the grain classes of <paramref name="assembly"/>.</summary>
    public WidgetsRuntimeBuilder AddGrainAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        GrainAssemblies.Add(assembly);
        return this;
    }
}
