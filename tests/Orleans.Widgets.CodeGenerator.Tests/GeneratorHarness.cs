using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Orleans.Widgets.CodeGenerator;

namespace Orleans.Widgets.CodeGenerator.Tests;

/// <summary>Runs the grain code generator over source text and compiles the result against the real runtime assemblies.</summary>
internal static class GeneratorHarness
{
    public const string AssemblyName = "Sample.Grains";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    public static GeneratorRun Run(params string[] sources)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs"));
        var compilation = CSharpCompilation.Create(
            AssemblyName,
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return Run(compilation);
    }

    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, compilation, output, diagnostics);
    }

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new GrainCodeGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static MetadataReference[] LoadReferences()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var testAssembly = typeof(GeneratorHarness).Assembly.Location;
        var paths = new HashSet<string>(StringComparer.Ordinal)
        {
            typeof(Grain).Assembly.Location,
            typeof(IGrain).Assembly.Location,
        };
        foreach (var path in platform)
        {
            if (!string.Equals(path, testAssembly, StringComparison.Ordinal))
            {
                paths.Add(path);
            }
        }

        return paths.Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToArray();
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, CSharpCompilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources => Result.Results
        .SelectMany(static r => r.GeneratedSources)
        .ToDictionary(static s => s.HintName, static s => s.SourceText.ToString(), StringComparer.Ordinal);

    public string AllSources => string.Join("\n", Sources.Values);

    /// <summary>Warnings and errors of the compilation with the generated code (generated code must be warning-free).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems => Output.GetDiagnostics()
        .Where(static d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();

    public INamedTypeSymbol? Type(string metadataName) => Output.GetTypeByMetadataName(metadataName);

    /// <summary>Asserts the generator reported nothing and the output compiles without warnings and emits.</summary>
    public GeneratorRun ShouldSucceed()
    {
        Assert.Empty(GeneratorDiagnostics);
        Assert.Empty(CompilationProblems);
        using var stream = new MemoryStream();
        var emit = Output.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        return this;
    }
}
