using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Orleans.Widgets.Runtime;

/// <summary>Grain classes registered by generated module initializers, per assembly.</summary>
public static class GrainClassRegistry
{
    private static readonly ConcurrentDictionary<Assembly, ConcurrentDictionary<Type, GrainClassInfo>> ByAssembly = new();

    /// <summary>Registers a grain class. Called by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(GrainClassInfo info)
        => ByAssembly.GetOrAdd(info.GrainClass.Assembly, static _ => new())[info.GrainClass] = info;

    /// <summary>The grain classes declared in <paramref name="assembly"/>.</summary>
    public static IReadOnlyCollection<GrainClassInfo> GetClasses(Assembly assembly)
    {
        // The assembly's module initializer registers its classes; make sure it has run.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return ByAssembly.TryGetValue(assembly, out var classes) ? classes.Values.ToArray() : [];
    }
}
