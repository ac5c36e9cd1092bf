namespace Orleans.Widgets.Runtime;

/// <summary>Generated description of one grain class: its type name, interfaces and a reflection-free activator.</summary>
public sealed class GrainClassInfo
{
    /// <summary>Describes a grain class. Called by generated code.</summary>
    public GrainClassInfo(string grainType, Type grainClass, Type[] interfaces, Func<IServiceProvider, IGrainContext, Grain> activator)
    {
        GrainType = Runtime.GrainType.Create(grainType);
        GrainClass = grainClass;
        Interfaces = interfaces;
        Activator = activator;
    }

    /// <summary>The grain type.</summary>
    public GrainType GrainType { get; }

    /// <summary>The implementing class.</summary>
    public Type GrainClass { get; }

    /// <summary>The grain interfaces the class implements (every interface deriving from <see cref="IGrain"/>).</summary>
    public IReadOnlyList<Type> Interfaces { get; }

    /// <summary>Creates the grain instance: resolves constructor services and persistent states.</summary>
    public Func<IServiceProvider, IGrainContext, Grain> Activator { get; }
}
