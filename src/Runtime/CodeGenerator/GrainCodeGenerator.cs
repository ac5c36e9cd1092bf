using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Orleans.Widgets.CodeGenerator.Emit;
using Orleans.Widgets.CodeGenerator.Model;
using Orleans.Widgets.CodeGenerator.Parsing;

namespace Orleans.Widgets.CodeGenerator;

/// <summary>
/// Generates a proxy for every grain interface and a registration with a reflection-free activator for every grain
/// class declared in the compilation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName);

        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => GrainInterfaceParser.Parse(syntax, cancellationToken))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.GrainInterfaces);

        context.RegisterSourceOutput(interfaces.Combine(assemblyName), static (output, source) =>
        {
            var (model, assembly) = source;
            foreach (var diagnostic in model.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (!model.HasErrors)
            {
                output.AddSource(model.HintName + ".Proxy.g.cs", ProxyEmitter.Emit(model, assembly));
            }
        });

        var registrations = interfaces
            .Where(static model => !model.HasErrors)
            .Select(static (model, _) => new ProxyRegistrationModel(model.InterfaceType, model.Namespace, model.ProxyName))
            .Collect();

        context.RegisterSourceOutput(registrations.Combine(assemblyName), static (output, source) =>
        {
            var (proxies, assembly) = source;
            if (proxies.Length > 0)
            {
                var ordered = proxies.OrderBy(static p => p.InterfaceType, System.StringComparer.Ordinal).ToList();
                output.AddSource("GrainProxyRegistrations.g.cs", RegistrationEmitter.EmitProxies(ordered, assembly));
            }
        });

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => GrainClassParser.Parse(syntax, cancellationToken))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.GrainClasses)
            .Collect();

        context.RegisterSourceOutput(classes.Combine(assemblyName), static (output, source) => EmitClasses(output, source.Left, source.Right));
    }

    /// <summary>Names of the pipeline steps, for tests of incremental caching.</summary>
    public static class TrackingNames
    {
        /// <summary>The step producing one model per grain interface.</summary>
        public const string GrainInterfaces = nameof(GrainInterfaces);

        /// <summary>The step producing one model per grain class.</summary>
        public const string GrainClasses = nameof(GrainClasses);
    }

    private static void EmitClasses(SourceProductionContext output, ImmutableArray<GrainClassModel> classes, string? assemblyName)
    {
        var valid = new List<GrainClassModel>();
        var byGrainType = new Dictionary<string, GrainClassModel>(System.StringComparer.Ordinal);
        foreach (var grain in classes.OrderBy(static c => c.ClassType, System.StringComparer.Ordinal))
        {
            foreach (var diagnostic in grain.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (byGrainType.TryGetValue(grain.GrainType, out var first))
            {
                output.ReportDiagnostic(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateGrainType, grain.Location, grain.GrainType, grain.ClassType, first.ClassType).ToDiagnostic());
                continue;
            }

            byGrainType.Add(grain.GrainType, grain);
            if (!grain.HasErrors)
            {
                valid.Add(grain);
            }
        }

        if (valid.Count > 0)
        {
            output.AddSource("GrainClassRegistrations.g.cs", RegistrationEmitter.EmitClasses(valid, assemblyName));
        }
    }
}
