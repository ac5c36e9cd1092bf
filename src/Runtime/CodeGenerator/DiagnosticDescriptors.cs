using Microsoft.CodeAnalysis;

namespace Orleans.Widgets.CodeGenerator;

/// <summary>The errors the grain code generator reports.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Orleans.Widgets.CodeGenerator";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "OWG001",
        "Unsupported grain method return type",
        "Grain method '{0}' returns '{1}'; a grain method must return Task, Task<T>, ValueTask or ValueTask<T>");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "OWG002",
        "Grain method parameter passed by reference",
        "Parameter '{0}' of grain method '{1}' is ref, out or in; grain method arguments are passed by value");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "OWG003",
        "Generic grain method",
        "Grain method '{0}' is generic; grain methods cannot have type parameters");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "OWG004",
        "Unsupported grain method parameter type",
        "Parameter '{0}' of grain method '{1}' has type '{2}', which cannot be stored in a request (ref struct or pointer)");

    public static readonly DiagnosticDescriptor NonMethodMember = Error(
        "OWG005",
        "Grain interface member is not an instance method",
        "Grain interface member '{0}' is not an instance method; grain interfaces declare instance methods only (static members with a body are allowed)");

    public static readonly DiagnosticDescriptor GenericGrainType = Error(
        "OWG006",
        "Generic grain interface or class",
        "'{0}' is generic or nested in a generic type; generic grain interfaces and grain classes are not supported");

    public static readonly DiagnosticDescriptor InaccessibleGrainType = Error(
        "OWG007",
        "Grain interface or class is not accessible",
        "'{0}' must be accessible in its assembly: public or internal, not file-local and not nested in a private or protected type");

    public static readonly DiagnosticDescriptor DuplicateGrainType = Error(
        "OWG008",
        "Duplicate grain type name",
        "Grain type '{0}' of '{1}' is already the grain type of '{2}'; name one of them with [GrainType]");

    public static readonly DiagnosticDescriptor InvalidGrainType = Error(
        "OWG009",
        "Invalid grain type name",
        "Grain type '{0}' of '{1}' is empty or contains '/', a NUL character or white space");

    public static readonly DiagnosticDescriptor NoPublicConstructor = Error(
        "OWG010",
        "Grain class has no public constructor",
        "Grain class '{0}' has no public constructor");

    public static readonly DiagnosticDescriptor AmbiguousConstructor = Error(
        "OWG011",
        "Ambiguous grain class constructor",
        "Grain class '{0}' has several public constructors with {1} parameters; the runtime uses the one with the most parameters, so it must be unique");

    public static readonly DiagnosticDescriptor PersistentStateOnWrongType = Error(
        "OWG012",
        "[PersistentState] on a parameter that is not IPersistentState<T>",
        "Parameter '{0}' of '{1}' is marked [PersistentState] but its type '{2}' is not IPersistentState<T>");

    public static readonly DiagnosticDescriptor StateTypeNotConstructible = Error(
        "OWG013",
        "Persistent state type cannot be created",
        "State type '{0}' of parameter '{1}' must be a non-abstract type with a public parameterless constructor");

    public static readonly DiagnosticDescriptor DuplicateStateName = Error(
        "OWG014",
        "Duplicate persistent state name",
        "State name '{0}' is used by more than one parameter of '{1}'; state names are unique within a grain");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
