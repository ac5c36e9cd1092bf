namespace Orleans.Widgets.CodeGenerator.Model;

/// <summary>A grain class and everything needed to register it.</summary>
/// <param name="ClassType">The class, fully qualified.</param>
/// <param name="GrainType">The grain type name.</param>
/// <param name="Location">Where the class is declared.</param>
/// <param name="Interfaces">The grain interfaces the class implements, fully qualified.</param>
/// <param name="Arguments">How to obtain each constructor argument.</param>
/// <param name="HasErrors">Whether the class cannot be registered.</param>
/// <param name="Diagnostics">Diagnostics to report for the class.</param>
internal sealed record GrainClassModel(
    string ClassType,
    string GrainType,
    LocationInfo? Location,
    EquatableArray<string> Interfaces,
    EquatableArray<ActivatorArgument> Arguments,
    bool HasErrors,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Where a constructor argument comes from.</summary>
internal enum ArgumentSource
{
    Service,
    OptionalService,
    GrainContext,
    PersistentState,
}

/// <summary>One constructor argument of a grain class.</summary>
/// <param name="Source">Where the argument comes from.</param>
/// <param name="Type">The service type, or the state type for persistent states (fully qualified, no top-level nullability).</param>
/// <param name="StateName">The state name, for persistent states.</param>
/// <param name="StorageName">The storage name, for persistent states.</param>
/// <param name="RemoveRemindersOnClear">The persistent state's flag.</param>
internal sealed record ActivatorArgument(
    ArgumentSource Source,
    string Type,
    string? StateName,
    string? StorageName,
    bool RemoveRemindersOnClear);
