using System.Collections.Frozen;
using System.Reflection;

namespace Orleans.Widgets.Runtime.Catalog;

/// <summary>The grain classes this silo can activate, and which class implements each grain interface.</summary>
internal sealed class GrainTypeManager : IGrainTypeResolver
{
    private readonly FrozenDictionary<GrainType, GrainClassInfo> _byType;
    private readonly FrozenDictionary<Type, GrainClassInfo> _byInterface;
    private readonly FrozenDictionary<Type, string> _ambiguous;

    public GrainTypeManager(IEnumerable<Assembly> assemblies)
    {
        var classes = assemblies.Distinct().SelectMany(GrainClassRegistry.GetClasses).ToList();
        var byType = new Dictionary<GrainType, GrainClassInfo>();
        foreach (var info in classes)
        {
            if (byType.TryGetValue(info.GrainType, out var other) && other.GrainClass != info.GrainClass)
            {
                throw new InvalidOperationException($"Grain type '{info.GrainType}' is declared by both {other.GrainClass.FullName} and {info.GrainClass.FullName}.");
            }

            byType[info.GrainType] = info;
        }

        var byInterface = new Dictionary<Type, GrainClassInfo>();
        var ambiguous = new Dictionary<Type, string>();
        foreach (var info in byType.Values)
        {
            foreach (var iface in info.Interfaces)
            {
                // The interface's module initializer registers its request readers, which calls from other processes need.
                System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(iface.Module.ModuleHandle);
                if (byInterface.TryGetValue(iface, out var existing))
                {
                    ambiguous[iface] = $"{existing.GrainClass.FullName} and {info.GrainClass.FullName}";
                }
                else
                {
                    byInterface[iface] = info;
                }
            }
        }

        _byType = byType.ToFrozenDictionary();
        _byInterface = byInterface.ToFrozenDictionary();
        _ambiguous = ambiguous.ToFrozenDictionary();
    }

    public IReadOnlyCollection<GrainClassInfo> Classes => _byType.Values;

    public GrainType GetGrainType(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var info) && !_ambiguous.ContainsKey(interfaceType))
        {
            return info.GrainType;
        }

        throw new ArgumentException(
            _ambiguous.TryGetValue(interfaceType, out var both)
                ? $"Grain interface '{interfaceType.FullName}' is implemented by more than one grain class: {both}."
                : $"No grain class implements '{interfaceType.FullName}'. Add its assembly with AddGrainAssembly.",
            nameof(interfaceType));
    }

    public bool TryGetClass(GrainType type, out GrainClassInfo info) => _byType.TryGetValue(type, out info!);
}
