using Microsoft.CodeAnalysis;

namespace Orleans.Widgets.CodeGenerator.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Orleans.Widgets;
        using Orleans.Widgets.Runtime;

        """;

    [Theory]
    [InlineData("OWG001", "int Count();", "Count")]
    [InlineData("OWG001", "Task<int>[] Many();", "Many")]
    [InlineData("OWG002", "Task Load(ref int value);", "Load")]
    [InlineData("OWG002", "Task Load(out int value);", "Load")]
    [InlineData("OWG002", "Task Load(in int value);", "Load")]
    [InlineData("OWG003", "Task<T> Get<T>();", "Get")]
    [InlineData("OWG004", "Task Send(ReadOnlySpan<byte> payload);", "Send")]
    [InlineData("OWG005", "int Count { get; }", "Count")]
    [InlineData("OWG005", "event EventHandler Changed;", "Changed")]
    [InlineData("OWG005", "static abstract Task CreateAsync();", "CreateAsync")]
    [InlineData("OWG005", "static abstract int Limit { get; }", "Limit")]
    public void Unsupported_interface_methods_are_reported_on_the_member(string id, string member, string location)
    {
        var run = GeneratorHarness.Run(Usings + $$"""
            public interface IBroken : IGrainWithStringKey
            {
                Task FineAsync();

                {{member}}
            }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(location, SourceAt(run, diagnostic));
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));

        // No proxy is generated for the interface, so nothing else breaks.
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void An_error_in_an_inherited_source_interface_is_reported_once_and_blocks_both_proxies()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBase : IGrainWithStringKey { int Count(); }
            public interface IDerived : IBase { Task RunAsync(); }
            public interface IFine : IGrainWithStringKey { Task RunAsync(); }
            """);

        Assert.Equal("OWG001", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Equal(["GrainProxyRegistrations.g.cs", "IFine.Proxy.g.cs"], run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("public interface IGeneric<T> : IGrainWithStringKey { Task RunAsync(); }", "OWG006", "IGeneric")]
    [InlineData("public class Outer<T> { public interface IInner : IGrainWithStringKey { Task RunAsync(); } }", "OWG006", "IInner")]
    [InlineData("public class Outer { private interface IHidden : IGrainWithStringKey { Task RunAsync(); } }", "OWG007", "IHidden")]
    [InlineData("file interface ILocal : IGrainWithStringKey { Task RunAsync(); }", "OWG007", "ILocal")]
    public void Interfaces_that_cannot_get_a_proxy_are_reported(string source, string id, string name)
    {
        var run = GeneratorHarness.Run(Usings + source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(name, SourceAt(run, diagnostic), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("public sealed class GenericGrain<T> : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG006")]
    [InlineData("public class Outer { private sealed class HiddenGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; } }", "OWG007")]
    [InlineData("[GrainType(\"has space\")] public sealed class SpaceGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG009")]
    [InlineData("[GrainType(\"a/b\")] public sealed class SlashGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG009")]
    [InlineData("[GrainType(\"\")] public sealed class EmptyGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG009")]
    [InlineData("public sealed class PrivateGrain : Grain, IWork { private PrivateGrain() { } public Task RunAsync() => Task.CompletedTask; }", "OWG010")]
    [InlineData("public sealed class TwoGrain : Grain, IWork { public TwoGrain(int a) { } public TwoGrain(string b) { } public Task RunAsync() => Task.CompletedTask; }", "OWG011")]
    [InlineData("public sealed class WrongGrain([PersistentState(\"s\")] string state) : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG012")]
    [InlineData("public sealed class AbstractStateGrain([PersistentState(\"s\")] IPersistentState<Stream> state) : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG013")]
    [InlineData("public sealed class NoCtorStateGrain([PersistentState(\"s\")] IPersistentState<Uri> state) : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG013")]
    [InlineData("public sealed class TwiceGrain([PersistentState(\"s\")] IPersistentState<int> a, [PersistentState(\"s\", \"other\")] IPersistentState<long> b) : Grain, IWork { public Task RunAsync() => Task.CompletedTask; }", "OWG014")]
    public void Grain_classes_that_cannot_be_registered_are_reported(string source, string id)
    {
        var run = GeneratorHarness.Run(
            Usings + "public interface IWork : IGrainWithStringKey { Task RunAsync(); }",
            Usings + "using System.IO;\n#pragma warning disable CS9113\n" + source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.NotEmpty(SourceAt(run, diagnostic));
        Assert.DoesNotContain("GrainClassRegistrations.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Duplicate_grain_type_names_are_reported_on_the_second_class()
    {
        var run = GeneratorHarness.Run(
            Usings + "public interface IWork : IGrainWithStringKey { Task RunAsync(); }",
            Usings + """
            namespace A { public sealed class WorkGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; } }
            namespace B { public sealed class WorkGrain : Grain, IWork { public Task RunAsync() => Task.CompletedTask; } }
            namespace C { [GrainType("work")] public sealed class Worker : Grain, IWork { public Task RunAsync() => Task.CompletedTask; } }
            """);

        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, static d => Assert.Equal("OWG008", d.Id));
        Assert.Equal(["WorkGrain", "Worker"], run.GeneratorDiagnostics.Select(d => SourceAt(run, d)).Order(StringComparer.Ordinal));
        var code = run.Sources["GrainClassRegistrations.g.cs"];
        Assert.Contains("typeof(global::A.WorkGrain)", code, StringComparison.Ordinal);
        Assert.DoesNotContain("typeof(global::B.WorkGrain)", code, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>
    /// The source text a diagnostic points at. Generator diagnostics carry a file path and span (not a syntax tree), so
    /// the text is read from the input tree with that path.
    /// </summary>
    private static string SourceAt(GeneratorRun run, Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var tree = Assert.Single(run.Input.SyntaxTrees, t => t.FilePath == path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
