using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orleans.Widgets.CodeGenerator.Model;

namespace Orleans.Widgets.CodeGenerator.Parsing;

/// <summary>Reads a grain interface declaration into a <see cref="GrainInterfaceModel"/>.</summary>
internal static class GrainInterfaceParser
{
    public static GrainInterfaceModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !KnownNames.IsGrainInterface(symbol)
            || !SymbolHelpers.IsFirstDeclarationWithBaseList(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        var interfaceType = symbol.ToDisplayString(KnownNames.PlainFormat);
        var diagnostics = new List<DiagnosticInfo>();
        var hasErrors = false;
        var location = LocationInfo.From(((InterfaceDeclarationSyntax)context.Node).Identifier.GetLocation());

        if (KnownNames.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericGrainType, location, interfaceType));
            hasErrors = true;
        }

        if (!KnownNames.IsAccessibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleGrainType, location, interfaceType));
            hasErrors = true;
        }

        var methods = new List<GrainMethodModel>();
        var sources = new List<INamedTypeSymbol> { symbol };
        sources.AddRange(symbol.AllInterfaces);
        foreach (var source in sources)
        {
            foreach (var member in source.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var memberDiagnostics = new List<DiagnosticInfo>();
                var memberLocation = SymbolEqualityComparer.Default.Equals(source, symbol)
                    ? LocationInfo.From(member)
                    : location;
                switch (member)
                {
                    // Static helpers with bodies are fine; static abstract or virtual members cannot be proxied.
                    case { IsStatic: true, IsAbstract: false, IsVirtual: false }:
                        break;
                    case { IsStatic: true } when member is IMethodSymbol { AssociatedSymbol: null } or IPropertySymbol or IEventSymbol:
                        memberDiagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonMethodMember, memberLocation, Describe(member)));
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        var model = ParseMethod(source, method, memberLocation, memberDiagnostics);
                        if (model is not null)
                        {
                            methods.Add(model);
                        }

                        break;
                    case IPropertySymbol or IEventSymbol:
                        memberDiagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonMethodMember, memberLocation, Describe(member)));
                        break;
                }

                if (memberDiagnostics.Count > 0)
                {
                    hasErrors = true;

                    // An error in an inherited member declared in this compilation is reported on its own interface.
                    var reportHere = SymbolEqualityComparer.Default.Equals(source, symbol) || !source.Locations.Any(static l => l.IsInSource);
                    if (reportHere)
                    {
                        diagnostics.AddRange(memberDiagnostics);
                    }
                }
            }
        }

        var ns = SymbolHelpers.NamespaceOf(symbol);
        var nestedName = SymbolHelpers.NestedName(symbol);
        return new GrainInterfaceModel(
            interfaceType,
            ns,
            ProxyName(nestedName),
            ns.Length == 0 ? nestedName : ns + "." + nestedName,
            methods.ToEquatableArray(),
            hasErrors,
            diagnostics.ToEquatableArray());
    }

    private static GrainMethodModel? ParseMethod(INamedTypeSymbol declaring, IMethodSymbol method, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var description = Describe(method);
        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, location, description));
        }

        ReturnKind? kind = null;
        string? resultType = null;
        string? resultCodec = null;
        if (method.ReturnType is INamedTypeSymbol returnType
            && returnType.ContainingType is null
            && returnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            kind = (returnType.Name, returnType.Arity) switch
            {
                ("Task", 0) => ReturnKind.Task,
                ("Task", 1) => ReturnKind.TaskOfT,
                ("ValueTask", 0) => ReturnKind.ValueTask,
                ("ValueTask", 1) => ReturnKind.ValueTaskOfT,
                _ => null,
            };
            if (returnType.Arity == 1)
            {
                resultType = returnType.TypeArguments[0].ToDisplayString(KnownNames.AnnotatedFormat);
                resultCodec = WireCodec.For(returnType.TypeArguments[0]);
            }
        }

        if (kind is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType, location, description, method.ReturnType.ToDisplayString()));
        }

        var parameters = new List<GrainParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ByRefParameter, location, parameter.Name, description));
            }
            else if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameterType, location, parameter.Name, description, parameter.Type.ToDisplayString()));
            }

            parameters.Add(new GrainParameterModel(
                KnownNames.EscapeIdentifier(parameter.Name),
                parameter.Type.ToDisplayString(KnownNames.AnnotatedFormat),
                WireCodec.For(parameter.Type)));
        }

        if (kind is null || diagnostics.Count > 0)
        {
            return null;
        }

        var alwaysInterleave = false;
        var idempotent = false;
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownNames.Is(attribute.AttributeClass, KnownNames.WidgetsNamespace, "AlwaysInterleaveAttribute"))
            {
                alwaysInterleave = true;
            }
            else if (KnownNames.Is(attribute.AttributeClass, KnownNames.WidgetsNamespace, "IdempotentAttribute"))
            {
                idempotent = true;
            }
        }

        var declaringType = declaring.ToDisplayString(KnownNames.PlainFormat);
        var signature = declaringType + "." + method.Name + "("
            + string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(KnownNames.PlainFormat))) + ")";

        return new GrainMethodModel(
            declaringType,
            KnownNames.EscapeIdentifier(method.Name),
            method.Name,
            method.ReturnType.ToDisplayString(KnownNames.AnnotatedFormat),
            kind.Value,
            resultType,
            parameters.ToEquatableArray(),
            alwaysInterleave,
            idempotent,
            signature,
            resultCodec);
    }

    private static string Describe(ISymbol member) => member.ContainingType.Name + "." + member.Name;

    /// <summary><c>ICounterGrain</c> gets <c>CounterGrainProxy</c>; any other name gets <c>Proxy</c> appended.</summary>
    private static string ProxyName(string nestedName)
    {
        var name = nestedName.Length > 1 && nestedName[0] == 'I' && char.IsUpper(nestedName[1])
            ? nestedName.Substring(1)
            : nestedName;
        return name + "Proxy";
    }
}
