using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Orleans.Widgets.CodeGenerator.Parsing;

internal static class SymbolHelpers
{
    /// <summary>
    /// A partial type is seen once per declaration that has a base list; only the first such declaration produces a
    /// model, so each type is generated once.
    /// </summary>
    public static bool IsFirstDeclarationWithBaseList(INamedTypeSymbol symbol, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null } declaration)
            {
                return declaration.SyntaxTree == node.SyntaxTree && declaration.Span == node.Span;
            }
        }

        return false;
    }

    /// <summary>The namespace of <paramref name="symbol"/>, without <c>global::</c>, keywords escaped; empty for the global namespace.</summary>
    public static string NamespaceOf(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        if (ns is null || ns.IsGlobalNamespace)
        {
            return string.Empty;
        }

        const string GlobalPrefix = "global::";
        var text = ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return text.StartsWith(GlobalPrefix, System.StringComparison.Ordinal) ? text.Substring(GlobalPrefix.Length) : text;
    }

    /// <summary>The simple name of a type with its containing types, joined by <c>_</c>.</summary>
    public static string NestedName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            name = current.Name + "_" + name;
        }

        return name;
    }
}
