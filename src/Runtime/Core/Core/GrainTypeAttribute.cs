namespace Orleans.Widgets;

/// <summary>Names a grain class's type explicitly (by default: the class name without a <c>Grain</c> suffix, lower-cased).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Names the grain type.</summary>
    public GrainTypeAttribute(string grainType) => GrainType = grainType;

    /// <summary>The grain type name.</summary>
    public string GrainType { get; }
}
