using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Orleans.Widgets.CodeGenerator.Model;

namespace Orleans.Widgets.CodeGenerator.Parsing;

/// <summary>Reads a grain class declaration into a <see cref="GrainClassModel"/>.</summary>
internal static class GrainClassParser
{
    public static GrainClassModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.TypeKind != TypeKind.Class
            || symbol.IsAbstract
            || symbol.IsStatic
            || !DerivesFromGrain(symbol))
        {
            return null;
        }

        var interfaces = symbol.AllInterfaces
            .Where(KnownNames.IsGrainInterface)
            .Select(static i => i.ToDisplayString(KnownNames.PlainFormat))
            .ToList();
        if (interfaces.Count == 0 || !SymbolHelpers.IsFirstDeclarationWithBaseList(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        var classType = symbol.ToDisplayString(KnownNames.PlainFormat);
        var location = LocationInfo.From(symbol);
        var diagnostics = new List<DiagnosticInfo>();

        var grainType = GrainTypeName(symbol);
        if (grainType.Length == 0 || grainType.Any(static c => c is '/' or '\0' || char.IsWhiteSpace(c)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGrainType, location, grainType, classType));
        }

        if (KnownNames.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericGrainType, location, classType));
        }

        if (!KnownNames.IsAccessibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleGrainType, location, classType));
        }

        var arguments = new List<ActivatorArgument>();
        var constructor = SelectConstructor(symbol, classType, location, diagnostics);
        if (constructor is not null)
        {
            var stateNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in constructor.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var argument = ParseParameter(parameter, classType, diagnostics);
                if (argument is null)
                {
                    continue;
                }

                if (argument.Source == ArgumentSource.PersistentState && !stateNames.Add(argument.StateName ?? string.Empty))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.DuplicateStateName, LocationInfo.From(parameter) ?? location, argument.StateName ?? string.Empty, classType));
                }

                arguments.Add(argument);
            }
        }

        return new GrainClassModel(
            classType,
            grainType,
            location,
            new EquatableArray<string>(interfaces.ToArray()),
            arguments.ToEquatableArray(),
            diagnostics.Count > 0,
            diagnostics.ToEquatableArray());
    }

    private static bool DerivesFromGrain(INamedTypeSymbol symbol)
    {
        for (var current = symbol.BaseType; current is not null; current = current.BaseType)
        {
            if (KnownNames.Is(current, KnownNames.WidgetsNamespace, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>[GrainType("x")]</c> if present, else the class name without a <c>Grain</c> suffix, lower-cased.</summary>
    private static string GrainTypeName(INamedTypeSymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KnownNames.Is(attribute.AttributeClass, KnownNames.WidgetsNamespace, "GrainTypeAttribute")
                && attribute.ConstructorArguments.Length == 1)
            {
                return attribute.ConstructorArguments[0].Value as string ?? string.Empty;
            }
        }

        const string Suffix = "Grain";
        var name = symbol.Name;
        if (name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - Suffix.Length);
        }

        return name.ToLowerInvariant();
    }

    private static IMethodSymbol? SelectConstructor(INamedTypeSymbol symbol, string classType, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var candidates = symbol.InstanceConstructors.Where(static c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        if (candidates.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPublicConstructor, location, classType));
            return null;
        }

        var most = candidates.Max(static c => c.Parameters.Length);
        var widest = candidates.Where(c => c.Parameters.Length == most).ToList();
        if (widest.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.AmbiguousConstructor, location, classType, most.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }

        return widest[0];
    }

    private static ActivatorArgument? ParseParameter(IParameterSymbol parameter, string classType, List<DiagnosticInfo> diagnostics)
    {
        var type = parameter.Type;
        var location = LocationInfo.From(parameter);
        foreach (var attribute in parameter.GetAttributes())
        {
            if (!KnownNames.Is(attribute.AttributeClass, KnownNames.RuntimeNamespace, "PersistentStateAttribute"))
            {
                continue;
            }

            if (!KnownNames.Is(type, KnownNames.RuntimeNamespace, "IPersistentState", arity: 1))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PersistentStateOnWrongType, location, parameter.Name, classType, type.ToDisplayString()));
                return null;
            }

            var stateType = ((INamedTypeSymbol)type).TypeArguments[0];
            if (!HasPublicParameterlessConstructor(stateType))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.StateTypeNotConstructible, location, stateType.ToDisplayString(), parameter.Name));
                return null;
            }

            var args = attribute.ConstructorArguments;
            var stateName = args.Length > 0 ? args[0].Value as string : null;
            var storageName = args.Length > 1 ? args[1].Value as string : null;
            var removeReminders = false;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "RemoveRemindersOnClear" && named.Value.Value is bool value)
                {
                    removeReminders = value;
                }
            }

            return new ActivatorArgument(
                ArgumentSource.PersistentState,
                stateType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(KnownNames.AnnotatedFormat),
                stateName ?? string.Empty,
                storageName,
                removeReminders);
        }

        if (KnownNames.Is(type, KnownNames.RuntimeNamespace, "IGrainContext"))
        {
            return new ActivatorArgument(ArgumentSource.GrainContext, type.ToDisplayString(KnownNames.PlainFormat), null, null, false);
        }

        var optional = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        return new ActivatorArgument(
            optional ? ArgumentSource.OptionalService : ArgumentSource.Service,
            type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(KnownNames.AnnotatedFormat),
            null,
            null,
            false);
    }

    private static bool HasPublicParameterlessConstructor(ITypeSymbol type)
    {
        if (type.IsValueType)
        {
            return true;
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } named)
        {
            return false;
        }

        return named.InstanceConstructors.Any(static c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public);
    }
}
