namespace Orleans.Widgets.CodeGenerator.Model;

/// <summary>A grain interface and everything needed to write its proxy.</summary>
/// <param name="InterfaceType">The interface, fully qualified.</param>
/// <param name="Namespace">The interface's namespace, empty for the global namespace.</param>
/// <param name="ProxyName">The proxy class's simple name.</param>
/// <param name="HintName">Unique file name stem of the generated proxy.</param>
/// <param name="Methods">Every method the proxy implements, inherited ones included.</param>
/// <param name="HasErrors">Whether the interface cannot get a proxy.</param>
/// <param name="Diagnostics">Diagnostics to report for the interface.</param>
internal sealed record GrainInterfaceModel(
    string InterfaceType,
    string Namespace,
    string ProxyName,
    string HintName,
    EquatableArray<GrainMethodModel> Methods,
    bool HasErrors,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The kind of task a grain method returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One method of a proxy.</summary>
/// <param name="DeclaringInterface">The interface that declares the method, fully qualified.</param>
/// <param name="Name">The method name, escaped if it is a keyword.</param>
/// <param name="MetadataName">The method name as the runtime sees it.</param>
/// <param name="ReturnType">The declared return type.</param>
/// <param name="Kind">The kind of task returned.</param>
/// <param name="ResultType">The result type for <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>, else null.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="AlwaysInterleave">Whether the method is marked <c>[AlwaysInterleave]</c>.</param>
/// <param name="Idempotent">Whether the method is marked <c>[Idempotent]</c>.</param>
/// <param name="Signature">Declaring interface, name and parameter types: what the request's wire type id hashes.</param>
/// <param name="ResultCodec">How the result crosses the wire (<see cref="WireCodec"/>), null without a result.</param>
internal sealed record GrainMethodModel(
    string DeclaringInterface,
    string Name,
    string MetadataName,
    string ReturnType,
    ReturnKind Kind,
    string? ResultType,
    EquatableArray<GrainParameterModel> Parameters,
    bool AlwaysInterleave,
    bool Idempotent,
    string Signature,
    string? ResultCodec);

/// <summary>One parameter of a grain method.</summary>
/// <param name="Name">The parameter name, escaped.</param>
/// <param name="Type">The parameter type, fully qualified with annotations.</param>
/// <param name="Codec">How the argument crosses the wire (<see cref="WireCodec"/>).</param>
internal sealed record GrainParameterModel(string Name, string Type, string Codec);

/// <summary>What the proxy registration needs of an interface.</summary>
internal sealed record ProxyRegistrationModel(string InterfaceType, string Namespace, string ProxyName);
