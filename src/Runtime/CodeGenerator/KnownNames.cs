using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orleans.Widgets.CodeGenerator;

/// <summary>Names of the runtime's contract types, and helpers to write names.</summary>
internal static class KnownNames
{
    public const string WidgetsNamespace = "Orleans.Widgets";
    public const string RuntimeNamespace = "Orleans.Widgets.Runtime";
    public const string GeneratedRootNamespace = "OrleansWidgetsGenerated";

    /// <summary>Fully qualified, with nullable reference type annotations: for signatures, fields and locals.</summary>
    public static readonly SymbolDisplayFormat AnnotatedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Fully qualified, without top-level annotations: for <c>typeof</c> and constrained type arguments.</summary>
    public static readonly SymbolDisplayFormat PlainFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    public static bool Is(ITypeSymbol? type, string containingNamespace, string name, int arity = 0)
        => type is INamedTypeSymbol named
            && named.Name == name
            && named.Arity == arity
            && named.ContainingType is null
            && named.ContainingNamespace?.ToDisplayString() == containingNamespace;

    public static bool IsGrainMarker(ITypeSymbol type)
        => Is(type, WidgetsNamespace, "IGrain") || Is(type, WidgetsNamespace, "IGrainWithStringKey");

    /// <summary>Whether <paramref name="type"/> is an interface deriving from <c>IGrain</c> other than the markers themselves.</summary>
    public static bool IsGrainInterface(ITypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || IsGrainMarker(type))
        {
            return false;
        }

        foreach (var inherited in type.AllInterfaces)
        {
            if (Is(inherited, WidgetsNamespace, "IGrain"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A keyword used as an identifier gets its <c>@</c>.</summary>
    public static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>Turns any text into an identifier: characters that may not appear become <c>_</c>.</summary>
    public static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        if (builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>The namespace generated code of an assembly lives in.</summary>
    public static string GeneratedNamespace(string? assemblyName)
        => GeneratedRootNamespace + "." + Sanitize(string.IsNullOrEmpty(assemblyName) ? "Assembly" : assemblyName!);

    /// <summary>The namespace of a proxy: the assembly's generated namespace plus the interface's own namespace.</summary>
    public static string ProxyNamespace(string? assemblyName, string interfaceNamespace)
        => interfaceNamespace.Length == 0
            ? GeneratedNamespace(assemblyName)
            : GeneratedNamespace(assemblyName) + "." + interfaceNamespace;

    public static string Literal(string? value)
        => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Whether code elsewhere in the assembly can name <paramref name="type"/>.</summary>
    public static bool IsAccessibleInAssembly(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return false;
            }

            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="type"/> or a type containing it has type parameters.</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
